package io.clientele.dialect.canonical;

/**
 * A request the canonical API refuses before it reaches the domain, with the error's status, code
 * and the parameter at fault ({@code null} when none is). Its message is the error body's, and
 * never quotes a value.
 */
final class CanonicalProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final String param;

  CanonicalProblem(int status, String code, String param, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.param = param;
  }

  static CanonicalProblem invalid(String param, String message) {
    return new CanonicalProblem(400, "parameter_invalid", param, message);
  }

  static CanonicalProblem unknown(String param) {
    return new CanonicalProblem(
        400, "parameter_unknown", param, "Received unknown parameter: " + param);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  String param() {
    return param;
  }
}
