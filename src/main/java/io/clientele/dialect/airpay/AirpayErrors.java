package io.clientele.dialect.airpay;

import io.clientele.customer.CustomerException;
import io.clientele.customer.FieldError;
import io.clientele.merchant.AuthException;
import io.clientele.merchant.RateLimited;
import io.clientele.server.Rendered;
import io.clientele.server.RequestFacts;
import io.clientele.server.ServerFault;
import java.util.Map;

/**
 * Airpay's failures: {@code {"status":N,"message":"fail"}} with the HTTP status equal to N. The
 * documented body says nothing about the cause, so it goes in an {@code x-clientele-reason} header
 * and on the access-log line for whoever debugs; reasons hold no request data.
 */
final class AirpayErrors {
  private static final String REASON_HEADER = "x-clientele-reason";

  /** Airpay's names of the domain's fields. */
  private static final Map<String, String> WIRE_NAMES =
      Map.of("reference", AirpayRules.ENTITY_ID, "mobile_number", AirpayRules.MOBILE);

  private AirpayErrors() {}

  /**
   * Airpay's answer to any failure. {@link CustomerException.ReferenceTaken} is a 500: Airpay only
   * updates, and never changes a reference, so meeting it means a route did what it must not.
   */
  static Rendered render(Throwable failure, RequestFacts request) {
    if (failure instanceof AirpayRejection rejection) {
      return fail(rejection.status(), rejection.getMessage());
    } else if (failure instanceof AuthException.OriginRefused) {
      return fail(403, "caller address is not on the merchant's allow-list");
    } else if (failure instanceof AuthException) {
      return fail(401, "token is not valid");
    } else if (failure instanceof RateLimited limited) {
      return fail(429, "rate limit of this token exceeded; retry after the Retry-After seconds")
          .withHeader("Retry-After", limited.retryAfterHeader());
    } else if (failure instanceof CustomerException.NotFound) {
      return fail(404, "no customer with this entity_id");
    } else if (failure instanceof CustomerException.EmailTaken) {
      return fail(400, "email is used by another customer");
    } else if (failure instanceof CustomerException.Invalid invalid) {
      return fail(400, reason(invalid.errors().get(0)));
    } else if (failure instanceof ServerFault fault) {
      return serverFault(fault);
    }
    return withReason(
        Rendered.unexpected(500, new Fail(500, "fail")),
        "server error; quote the x-request-id to the operator");
  }

  private static Rendered serverFault(ServerFault fault) {
    if (fault instanceof ServerFault.UnknownPath) {
      return fail(404, "no such endpoint");
    } else if (fault instanceof ServerFault.MethodNotAllowed) {
      return fail(405, "method not allowed");
    } else if (fault instanceof ServerFault.PayloadTooLarge) {
      return fail(413, "request body is larger than 1 MiB");
    } else if (fault instanceof ServerFault.UnreadableBody) {
      return fail(400, "body could not be read to its end");
    } else if (fault instanceof ServerFault.HttpsRequired) {
      return fail(403, "this server takes airpay requests over HTTPS only");
    }
    return fail(503, "server busy; retry shortly");
  }

  /** The first broken rule, as Airpay's own checks name only the first. */
  private static String reason(FieldError error) {
    String field = WIRE_NAMES.getOrDefault(error.field(), error.field());
    return error.code() == FieldError.Code.MISSING
        ? field + " is required"
        : field + " is not valid";
  }

  private static Rendered fail(int status, String reason) {
    return withReason(Rendered.of(status, new Fail(status, "fail")), reason);
  }

  private static Rendered withReason(Rendered answer, String reason) {
    return answer
        .withHeader(REASON_HEADER, reason)
        .withAccessLogTag("reason", reason.replace(' ', '_'));
  }

  record Fail(int status, String message) {}
}
