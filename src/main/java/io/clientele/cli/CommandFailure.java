package io.clientele.cli;

import io.clientele.config.TerminalText;
import java.util.List;

/**
 * Ends a command with its exit status and the lines that say why, each printed once on stderr after
 * {@code clientele: }: 1 for a failure at run time, 2 for bad usage or configuration.
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;
  private final List<String> lines;

  /**
   * @param lines each printed as one line, whatever it holds: an API's message may echo a value
   *     with line breaks or terminal escapes in it
   */
  CommandFailure(int exitCode, List<String> lines) {
    super(String.join("; ", lines), null, false, false);
    this.exitCode = exitCode;
    this.lines = lines.stream().map(TerminalText::oneLine).toList();
  }

  /** A failure at run time: the server could not be reached, or refused. */
  static CommandFailure of(String line) {
    return new CommandFailure(Cli.RUNTIME_ERROR, List.of(line));
  }

  int exitCode() {
    return exitCode;
  }

  List<String> lines() {
    return lines;
  }
}
