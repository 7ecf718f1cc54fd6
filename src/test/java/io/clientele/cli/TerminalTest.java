package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where Linux says stderr leads, and whether a bar can be drawn there. */
class TerminalTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "/dev/pts/3, true",
    "/dev/tty1, true",
    "/dev/ttyS0, true",
    "/dev/console, true",
    "/dev/null, false",
    "pipe:[123456], false",
    "socket:[98765], false",
    "/var/log/export.log, false",
    "/tmp/dev/pts/1, false"
  })
  void takesOnlyTerminalDevicesForATerminal(String target, boolean terminal) {
    assertThat(Terminal.isTerminalDevice(target)).isEqualTo(terminal);
  }

  @Test
  void neverDrawsOnADumbTerminal() {
    assertThat(Terminal.stderrIsTerminal(Map.of("TERM", "dumb"))).isFalse();
  }
}
