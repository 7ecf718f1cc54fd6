package io.clientele.dialect.flowwise;

import io.clientele.customer.CustomerException;
import io.clientele.customer.FieldError;
import io.clientele.merchant.AuthException;
import io.clientele.merchant.RateLimited;
import io.clientele.server.Rendered;
import io.clientele.server.RequestFacts;
import io.clientele.server.ServerFault;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Every Flowwise error body, {@code {"message","code","type"}}, rendered here and nowhere else. */
final class FlowwiseErrors {
  private static final String VALIDATION = "validation_error";

  /** Flowwise's names of the domain's fields: one {@code phone}, one {@code address} line. */
  private static final Map<String, String> WIRE_NAMES =
      Map.of(
          "reference", "customer_id",
          "mobile_country_code", "phone",
          "mobile_number", "phone",
          "city", "address",
          "state", "address",
          "country", "address",
          "pincode", "address");

  private FlowwiseErrors() {}

  /**
   * Flowwise's answer to any failure. {@link CustomerException.EmailTaken} is a 500: Flowwise has
   * no unique email, so meeting it means a route asked the domain for a rule this gateway lacks.
   */
  static Rendered render(Throwable failure, RequestFacts request) {
    if (failure instanceof FlowwiseProblem.InvalidCustomerId) {
      return Rendered.of(
          400, new Body("Invalid customer ID format provided", "invalid_customer_id", VALIDATION));
    } else if (failure instanceof FlowwiseProblem problem) {
      return invalidCustomerData(problem.getMessage());
    } else if (failure instanceof AuthException.OriginRefused) {
      return Rendered.of(
          403,
          new Body(
              "Request origin is not allowed for this merchant",
              "origin_not_allowed",
              "authorization_error"));
    } else if (failure instanceof AuthException) {
      return Rendered.of(
          401,
          new Body("Invalid API credentials provided", "unauthorized", "authentication_error"));
    } else if (failure instanceof RateLimited limited) {
      return Rendered.of(
              429,
              new Body(
                  "Too many requests for these API credentials; retry after the Retry-After"
                      + " seconds",
                  "request_failed",
                  "rate_limit_error"))
          .withHeader("Retry-After", limited.retryAfterHeader());
    } else if (failure instanceof CustomerException.NotFound) {
      return Rendered.of(
          404,
          new Body(
              "Customer not found with the provided customer ID",
              "customer_not_found",
              "resource_error"));
    } else if (failure instanceof CustomerException.ReferenceTaken) {
      return Rendered.of(
          409,
          new Body(
              "Customer already exists with the provided customer ID",
              "customer_already_exists",
              "conflict_error"));
    } else if (failure instanceof CustomerException.Invalid invalid) {
      return invalidCustomerData(problems(invalid.errors()));
    } else if (failure instanceof CustomerException.IdempotencyRefused refused) {
      return idempotencyRefused(refused.reason());
    } else if (failure instanceof ServerFault fault) {
      return serverFault(fault, request);
    }
    return Rendered.unexpected(500, internalError(request.method()));
  }

  /** Flowwise documents no idempotency keys; these follow its error frame. */
  private static Rendered idempotencyRefused(CustomerException.IdempotencyRefused.Reason reason) {
    return switch (reason) {
      case MALFORMED ->
          Rendered.of(
              400,
              new Body(
                  "Idempotency-Key must be 1 to 255 visible ASCII characters or spaces",
                  "idempotency_key_invalid",
                  VALIDATION));
      case OTHER_REQUEST ->
          Rendered.of(
              422,
              new Body(
                  "This Idempotency-Key came first with another request; send a new key for a new"
                      + " request",
                  "idempotency_key_reused",
                  VALIDATION));
      case IN_PROGRESS ->
          Rendered.of(
                  409,
                  new Body(
                      "A request with this Idempotency-Key is still being handled; retry shortly",
                      "idempotency_key_in_use",
                      "conflict_error"))
              .withHeader("Retry-After", "1");
      case ANSWER_GONE ->
          Rendered.of(
              409,
              new Body(
                  "The customer this Idempotency-Key created stands, but the answer cannot be given"
                      + " again: the customer was erased since, or the server stopped before"
                      + " recording it",
                  "idempotency_answer_gone",
                  "conflict_error"));
    };
  }

  private static Rendered serverFault(ServerFault fault, RequestFacts request) {
    if (fault instanceof ServerFault.UnknownPath) {
      return Rendered.of(
          404,
          new Body(
              "No route for " + request.method() + " " + request.path(),
              "not_found",
              "resource_error"));
    } else if (fault instanceof ServerFault.MethodNotAllowed) {
      return Rendered.of(
          405,
          new Body(
              request.method() + " is not served on " + request.path(),
              "method_not_allowed",
              "invalid_request_error"));
    } else if (fault instanceof ServerFault.PayloadTooLarge) {
      return Rendered.of(
          413, new Body("Request body is larger than 1 MiB", "payload_too_large", VALIDATION));
    } else if (fault instanceof ServerFault.UnreadableBody) {
      return invalidCustomerData("Malformed request: the body could not be read to its end");
    } else if (fault instanceof ServerFault.HttpsRequired) {
      return Rendered.of(
          403,
          new Body(
              "This server takes API requests over HTTPS only",
              "https_required",
              "authorization_error"));
    }
    return Rendered.of(
        503,
        new Body(
            "Server busy receiving other requests; retry shortly",
            "service_unavailable",
            "server_error"));
  }

  private static Rendered invalidCustomerData(String message) {
    return Rendered.of(400, new Body(message, "invalid_customer_data", VALIDATION));
  }

  /** The domain's broken rules as one message in the words of the request parser. */
  private static String problems(List<FieldError> errors) {
    return errors.stream()
        .map(
            e -> {
              String field = WIRE_NAMES.getOrDefault(e.field(), e.field());
              return e.code() == FieldError.Code.MISSING
                  ? "Missing required field: " + field
                  : "Invalid " + field;
            })
        .distinct()
        .collect(Collectors.joining("; "));
  }

  /**
   * A server fault, named after the operation it broke, as the documented {@code update_failed} is.
   */
  private static Body internalError(String method) {
    return switch (method) {
      case "PUT" -> serverError("Customer update failed due to server error", "update_failed");
      case "POST" -> serverError("Customer creation failed due to server error", "create_failed");
      case "DELETE" -> serverError("Customer deletion failed due to server error", "delete_failed");
      default -> serverError("Customer retrieval failed due to server error", "fetch_failed");
    };
  }

  private static Body serverError(String message, String code) {
    return new Body(message, code, "server_error");
  }

  record Body(String message, String code, String type) {}
}
