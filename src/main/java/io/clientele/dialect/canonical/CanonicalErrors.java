package io.clientele.dialect.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clientele.customer.CustomerException;
import io.clientele.merchant.AuthException;
import io.clientele.merchant.RateLimited;
import io.clientele.server.Rendered;
import io.clientele.server.RequestFacts;
import io.clientele.server.ServerFault;

/**
 * Every canonical error, {@code {"error":{"type","code","message","param"?}}}, rendered here and
 * nowhere else. {@code type} is the family (invalid_request_error, authentication_error,
 * permission_error, rate_limit_error, api_error); {@code code} is stable for programs to branch on;
 * {@code param} names the parameter at fault when one is.
 */
final class CanonicalErrors {
  private static final String INVALID = "invalid_request_error";

  private CanonicalErrors() {}

  static Rendered render(Throwable failure, RequestFacts request) {
    if (failure instanceof CanonicalProblem problem) {
      return error(
          problem.status(), INVALID, problem.code(), problem.getMessage(), problem.param());
    } else if (failure instanceof AuthException.OriginRefused) {
      return error(
          403,
          "permission_error",
          "origin_not_allowed",
          "Requests from this address are not allowed for this merchant",
          null);
    } else if (failure instanceof AuthException) {
      return error(
              401,
              "authentication_error",
              "invalid_api_key",
              "Send a valid API key as Authorization: Bearer <api_key>",
              null)
          .withHeader("WWW-Authenticate", "Bearer realm=\"clientele\"");
    } else if (failure instanceof RateLimited limited) {
      return error(
              429,
              "rate_limit_error",
              "rate_limited",
              "Too many requests for this API key; retry after the Retry-After seconds",
              null)
          .withHeader("Retry-After", limited.retryAfterHeader());
    } else if (failure instanceof CustomerException.NotFound) {
      return error(404, INVALID, "resource_missing", "No such customer", "customer");
    } else if (failure instanceof CustomerException.ReferenceTaken) {
      return error(
          409,
          INVALID,
          "reference_taken",
          "Another customer of this merchant has this reference",
          "reference");
    } else if (failure instanceof CustomerException.Invalid invalid) {
      CanonicalProblem problem = CanonicalWire.problem(invalid.errors());
      return error(
          problem.status(), INVALID, problem.code(), problem.getMessage(), problem.param());
    } else if (failure instanceof CustomerException.VersionMismatch mismatch) {
      return error(
              412,
              INVALID,
              "precondition_failed",
              "The customer is at version "
                  + mismatch.current()
                  + "; If-Match named another, so nothing was changed",
              null)
          .withHeader("ETag", CanonicalRoutes.etag(mismatch.current()));
    } else if (failure instanceof CustomerException.IdempotencyRefused refused) {
      return idempotencyRefused(refused.reason());
    } else if (failure instanceof ServerFault fault) {
      return serverFault(fault, request);
    }
    return Rendered.unexpected(
        500,
        new Body(
            new Detail(
                "api_error",
                "internal_error",
                "The server failed to handle the request; x-request-id names it in the server log",
                null)));
  }

  private static Rendered idempotencyRefused(CustomerException.IdempotencyRefused.Reason reason) {
    return switch (reason) {
      case MALFORMED ->
          error(
              400,
              INVALID,
              "idempotency_key_invalid",
              "Idempotency-Key must be 1 to 255 visible ASCII characters or spaces",
              null);
      case OTHER_REQUEST ->
          error(
              422,
              INVALID,
              "idempotency_key_reused",
              "This Idempotency-Key came first with another request (method, path, preconditions or"
                  + " body); send a new key for a new request",
              null);
      case IN_PROGRESS ->
          error(
                  409,
                  INVALID,
                  "idempotency_key_in_use",
                  "A request with this Idempotency-Key is still being handled; retry shortly",
                  null)
              .withHeader("Retry-After", "1");
      case ANSWER_GONE ->
          error(
              409,
              INVALID,
              "idempotency_answer_gone",
              "The write this Idempotency-Key made stands, but its answer cannot be given again: the"
                  + " customer was erased since, or the server stopped before recording it",
              null);
    };
  }

  private static Rendered serverFault(ServerFault fault, RequestFacts request) {
    if (fault instanceof ServerFault.UnknownPath) {
      return error(
          404,
          INVALID,
          "route_not_found",
          "No route for " + request.method() + " " + request.path(),
          null);
    } else if (fault instanceof ServerFault.MethodNotAllowed) {
      return error(
          405,
          INVALID,
          "method_not_allowed",
          request.method() + " is not served on " + request.path(),
          null);
    } else if (fault instanceof ServerFault.PayloadTooLarge) {
      return error(
          413, INVALID, "payload_too_large", "The request body is larger than 1 MiB", null);
    } else if (fault instanceof ServerFault.UnreadableBody) {
      return error(
          400, INVALID, "body_invalid", "The request body could not be read to its end", null);
    } else if (fault instanceof ServerFault.HttpsRequired) {
      return error(
          403,
          "permission_error",
          "https_required",
          "This server takes API requests over HTTPS only",
          null);
    }
    return error(
        503,
        "api_error",
        "service_unavailable",
        "Server busy receiving other requests; retry shortly",
        null);
  }

  private static Rendered error(
      int status, String type, String code, String message, String param) {
    return Rendered.of(status, new Body(new Detail(type, code, message, param)));
  }

  record Body(Detail error) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Detail(String type, String code, String message, String param) {}
}
