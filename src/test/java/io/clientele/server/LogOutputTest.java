package io.clientele.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.clientele.config.LogFormat;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The console appender's encoder as the configured log format chooses it. */
class LogOutputTest {
  OutputStreamAppender<ILoggingEvent> console;
  Encoder<ILoggingEvent> configured;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void findTheConsole() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    console =
        (OutputStreamAppender<ILoggingEvent>)
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(LogOutput.APPENDER);
    configured = console.getEncoder();
  }

  @AfterEach
  void restoreTheConsole() {
    console.stop();
    console.setEncoder(configured);
    console.start();
  }

  @Test
  void writesJsonThroughTheConsoleAppenderInTheJsonFormat() {
    LogOutput.use(LogFormat.JSON);

    assertThat(console.getEncoder()).isInstanceOf(LogstashEncoder.class);
    assertThat(console.isStarted()).isTrue();
  }

  @Test
  void keepsLogbackXmlsPatternInTheTextFormat() {
    LogOutput.use(LogFormat.TEXT);

    assertThat(console.getEncoder()).isSameAs(configured);
  }
}
