package io.clientele.config;

import java.util.Locale;
import java.util.Optional;

/**
 * How the server writes its log on standard output: {@code text} lines for a person at a terminal,
 * or one {@code json} object per line for a log collector. In {@code json}, standard output is the
 * log stream, so nothing else, and no secret, is printed there.
 */
public enum LogFormat {
  TEXT,
  JSON;

  /** The format a setting names, in any case. */
  static Optional<LogFormat> named(String value) {
    for (LogFormat format : values()) {
      if (format.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
