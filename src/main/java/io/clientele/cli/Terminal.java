package io.clientele.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the process's stderr is a terminal, which Java 17 to 25 cannot ask directly: {@code
 * System.console()} looks at stdin and stdout only, and from Java 22 to 24 it is not null even when
 * they are redirected. Linux says where stderr leads in {@code /proc}; elsewhere the console is the
 * best guess, asked {@code isTerminal()} where it has that method (Java 22 on).
 */
final class Terminal {
  private static final Path STDERR = Path.of("/proc/self/fd/2");

  private Terminal() {}

  static boolean stderrIsTerminal(Map<String, String> environment) {
    if ("dumb".equals(environment.get("TERM"))) {
      return false;
    }
    return stderrTarget().map(Terminal::isTerminalDevice).orElseGet(Terminal::consoleIsTerminal);
  }

  /** The file stderr is open on, where {@code /proc} tells: a device, a file, {@code pipe:[…]}. */
  private static Optional<String> stderrTarget() {
    try {
      return Optional.of(Files.readSymbolicLink(STDERR).toString());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** A pseudo-terminal, a virtual console or a serial line; not {@code /dev/null}, not a file. */
  static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/")
        || target.startsWith("/dev/tty")
        || target.equals("/dev/console");
  }

  private static boolean consoleIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      // Before Java 22 the built-in console exists only when stdin and stdout are a terminal.
      return true;
    } catch (IllegalAccessException | InvocationTargetException e) {
      return false;
    }
  }
}
