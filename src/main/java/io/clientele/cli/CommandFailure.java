package io.clientele.cli;

import java.util.List;

/**
 * Ends a command with its exit status and the lines that say why, each printed once on stderr after
 * {@code clientele: }: 1 for a failure at run time, 2 for bad usage or configuration.
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;
  private final List<String> lines;

  CommandFailure(int exitCode, List<String> lines) {
    super(String.join("; ", lines), null, false, false);
    this.exitCode = exitCode;
    this.lines = List.copyOf(lines);
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
