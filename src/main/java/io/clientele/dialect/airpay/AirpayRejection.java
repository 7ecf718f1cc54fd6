package io.clientele.dialect.airpay;

/** A failed Airpay request: the status of its answer and, for the reason header, why. */
final class AirpayRejection extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  AirpayRejection(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  static AirpayRejection badRequest(String reason) {
    return new AirpayRejection(400, reason);
  }

  static AirpayRejection unauthorized(String reason) {
    return new AirpayRejection(401, reason);
  }
}
