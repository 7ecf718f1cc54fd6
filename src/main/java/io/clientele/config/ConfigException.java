package io.clientele.config;

import java.util.List;

/**
 * Every problem found in the configuration, reported together so an operator fixes them in one go.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  /**
   * @param problems one line each; a control character in one (a name read from a file, a value
   *     given) is shown escaped, so it stays one line and cannot steer the terminal
   */
  public ConfigException(List<String> problems) {
    super(String.join("; ", problems.stream().map(ConfigException::oneLine).toList()));
    this.problems = problems.stream().map(ConfigException::oneLine).toList();
  }

  private static String oneLine(String problem) {
    return TerminalText.oneLine(problem);
  }

  public List<String> problems() {
    return problems;
  }
}
