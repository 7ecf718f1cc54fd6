package io.clientele.merchant;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The gateway wire formats a credential can be issued for. */
public enum Dialect {
  JUSPAY,
  FLOWWISE,
  AIRPAY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Dialect> fromWireName(String value) {
    return Arrays.stream(values()).filter(d -> d.wireName().equals(value)).findFirst();
  }
}
