package io.clientele.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.clientele.config.LogFormat;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.LoggerFactory;

/**
 * Switches the console log to the configured format once the configuration is read: logback.xml
 * starts it as text, and {@code json} swaps the encoder of its {@code STDOUT} appender, so every
 * line from then on (start-up, access, warnings) is one JSON object.
 */
public final class LogOutput {
  static final String APPENDER = "STDOUT";

  private LogOutput() {}

  /**
   * Writes the console log in {@code format}; {@code text} keeps logback.xml's pattern. Does
   * nothing when the operator's own Logback configuration has no {@code STDOUT} appender.
   */
  public static void use(LogFormat format) {
    if (format == LogFormat.TEXT) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER) instanceof OutputStreamAppender<ILoggingEvent> console) {
      Encoder<ILoggingEvent> encoder = json(context);
      console.stop();
      console.setEncoder(encoder);
      console.start();
    }
  }

  /**
   * One JSON object a line: {@code time} (UTC, ISO 8601), {@code level}, {@code logger}, {@code
   * thread}, {@code message}, then the event's key-value pairs (the access line's {@code
   * request_id}, {@code method}, {@code route}, {@code status}, {@code duration_ms}, {@code
   * dialect}, {@code merchant_id}) and a {@code stack_trace} when one is logged.
   */
  public static Encoder<ILoggingEvent> json(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    LogstashFieldNames names = encoder.getFieldNames();
    names.setTimestamp("time");
    names.setVersion(LogstashFieldNames.IGNORE_FIELD_INDICATOR);
    names.setLevelValue(LogstashFieldNames.IGNORE_FIELD_INDICATOR);
    names.setLogger("logger");
    names.setThread("thread");
    encoder.setTimeZone("UTC");
    encoder.start();
    return encoder;
  }
}
