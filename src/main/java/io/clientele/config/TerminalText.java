package io.clientele.config;

import java.util.Locale;

/**
 * Text from outside (a server's answer, a file, a flag) made safe to print as one line on a
 * terminal: line breaks and tabs written as {@code \n}, {@code \r}, {@code \t}, any other control
 * character as {@code \}{@code uXXXX}, so no value can split a line or send the terminal an escape.
 */
public final class TerminalText {
  private TerminalText() {}

  public static String oneLine(String text) {
    StringBuilder shown = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (c == '\n') {
                shown.append("\\n");
              } else if (c == '\r') {
                shown.append("\\r");
              } else if (c == '\t') {
                shown.append("\\t");
              } else if (Character.isISOControl(c)) {
                shown.append(String.format(Locale.ROOT, "\\u%04x", c));
              } else {
                shown.appendCodePoint(c);
              }
            });
    return shown.toString();
  }
}
