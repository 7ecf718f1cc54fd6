package io.clientele.server;

import java.util.Set;

/**
 * The request method as logs, metrics and error bodies name it: one of HTTP's nine methods as
 * itself, any other token a client sends as {@code other}. A method is the client's free text (any
 * token, kilobytes long), so naming it as sent would let each client mint new metric series and
 * write what it likes into the access log.
 */
public final class HttpMethods {
  /** What every method outside {@link #KNOWN} is named. */
  public static final String OTHER = "other";

  private static final Set<String> KNOWN =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  private HttpMethods() {}

  /** {@code method} if HTTP defines it (methods are case-sensitive), else {@code other}. */
  public static String named(String method) {
    return KNOWN.contains(method) ? method : OTHER;
  }
}
