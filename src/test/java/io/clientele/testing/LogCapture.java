package io.clientele.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what one logger, or every logger, writes, as formatted lines, for a test's duration. */
public final class LogCapture implements AutoCloseable {
  private final List<Logger> loggers;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture(String loggerName) {
    this(List.of((Logger) LoggerFactory.getLogger(loggerName)));
  }

  private LogCapture(List<Logger> loggers) {
    this.loggers = loggers;
    appender.start();
    loggers.forEach(logger -> logger.addAppender(appender));
  }

  /**
   * Listens to the root logger and to every logger that does not pass its lines up to it, so that
   * nothing written anywhere is missed.
   */
  public static LogCapture everyLogger() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    List<Logger> loggers = new ArrayList<>();
    loggers.add(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
    context.getLoggerList().stream().filter(l -> !l.isAdditive()).forEach(loggers::add);
    return new LogCapture(loggers);
  }

  public List<String> lines() {
    synchronized (appender.list) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /**
   * The lines at {@code level} or above, each as {@code LEVEL logger message}, with the class and
   * message of a throwable logged with it.
   */
  public List<String> linesAtLeast(Level level) {
    synchronized (appender.list) {
      return appender.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(level))
          .map(
              e ->
                  e.getLevel()
                      + " "
                      + e.getLoggerName()
                      + " "
                      + e.getFormattedMessage()
                      + (e.getThrowableProxy() == null
                          ? ""
                          : " ["
                              + e.getThrowableProxy().getClassName()
                              + ": "
                              + e.getThrowableProxy().getMessage()
                              + "]"))
          .toList();
    }
  }

  /** The events themselves, for a test that writes them through an encoder of its own. */
  public List<ILoggingEvent> events() {
    synchronized (appender.list) {
      return List.copyOf(appender.list);
    }
  }

  public boolean hasThrowable() {
    synchronized (appender.list) {
      return appender.list.stream().anyMatch(e -> e.getThrowableProxy() != null);
    }
  }

  @Override
  public void close() {
    loggers.forEach(logger -> logger.detachAppender(appender));
  }
}
