package io.clientele.dialect.juspay;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clientele.customer.CustomerException;
import io.clientele.customer.FieldError;
import io.clientele.merchant.AuthException;
import io.clientele.merchant.RateLimited;
import io.clientele.server.Rendered;
import io.clientele.server.RequestFacts;
import io.clientele.server.ServerFault;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every Juspay error body, in the shapes of Juspay's documentation: the one place the dialect turns
 * failures into wire text. Each {@code error_info} quotes the response's {@code x-request-id}. No
 * value is ever JSON {@code null}: the official Java SDK fails on one.
 */
final class JuspayErrors {
  private static final String INVALID_REQUEST = "Invalid Request";
  private static final String INVALID_REQUEST_ERROR = "invalid_request_error";
  private static final String CHECK_INPUT = "Invalid request params. Please verify your input.";

  /** Juspay's names of the domain's fields; a field Juspay does not have keeps its domain name. */
  private static final Map<String, String> WIRE_NAMES =
      Map.of(
          "reference", JuspayRules.REFERENCE,
          "mobile_country_code", JuspayRules.COUNTRY_CODE,
          "mobile_number", JuspayRules.MOBILE,
          "email", JuspayRules.EMAIL,
          "first_name", JuspayRules.FIRST_NAME,
          "last_name", JuspayRules.LAST_NAME);

  private JuspayErrors() {}

  /**
   * Juspay's answer to any failure. {@link CustomerException.EmailTaken} is a 500: Juspay has no
   * unique email, so meeting it means a route asked the domain for a rule this gateway lacks.
   */
  static Rendered render(Throwable failure, RequestFacts request) {
    if (failure instanceof JuspayProblem problem) {
      return problem(problem, request);
    } else if (failure instanceof AuthException refusal) {
      return refusal instanceof AuthException.OriginRefused
          ? Rendered.of(403, badOrigin(request))
          : Rendered.of(401, unauthorized(request));
    } else if (failure instanceof RateLimited limited) {
      return Rendered.of(429, tooManyRequests(request))
          .withHeader("Retry-After", limited.retryAfterHeader());
    } else if (failure instanceof CustomerException.NotFound) {
      return Rendered.of(404, customerNotFound(request));
    } else if (failure instanceof CustomerException.ReferenceTaken) {
      return Rendered.of(400, referenceTaken(request));
    } else if (failure instanceof CustomerException.Invalid invalid) {
      return invalid(invalid.errors(), request);
    } else if (failure instanceof CustomerException.IdempotencyRefused refused) {
      return idempotencyRefused(refused.reason(), request);
    } else if (failure instanceof ServerFault fault) {
      return serverFault(fault, request);
    }
    return Rendered.unexpected(500, internalError(request));
  }

  private static Rendered problem(JuspayProblem problem, RequestFacts request) {
    if (problem instanceof JuspayProblem.Missing missing) {
      return Rendered.of(400, missing(missing.field(), request));
    } else if (problem instanceof JuspayProblem.WrongValues wrong) {
      return Rendered.of(400, wrongValues(wrong.fields(), request));
    }
    return Rendered.of(400, unreadableBody(problem.getMessage(), request));
  }

  /**
   * The domain's broken rules in Juspay's words: a missing reference or mobile number as its {@code
   * nullable} body, anything else as wrong values.
   */
  private static Rendered invalid(List<FieldError> errors, RequestFacts request) {
    for (String mandatory : List.of(JuspayRules.REFERENCE, JuspayRules.MOBILE)) {
      boolean missing =
          errors.stream()
              .anyMatch(e -> e.code() == FieldError.Code.MISSING && wireName(e).equals(mandatory));
      if (missing) {
        return Rendered.of(400, missing(mandatory, request));
      }
    }
    List<String> fields = errors.stream().map(JuspayErrors::wireName).distinct().toList();
    return Rendered.of(400, wrongValues(fields, request));
  }

  private static String wireName(FieldError error) {
    return WIRE_NAMES.getOrDefault(error.field(), error.field());
  }

  /**
   * Juspay has no idempotency keys, so these are its user-error frame, with the status and code the
   * canonical API gives.
   */
  private static Rendered idempotencyRefused(
      CustomerException.IdempotencyRefused.Reason reason, RequestFacts request) {
    return switch (reason) {
      case MALFORMED ->
          Rendered.of(
              400,
              idempotencyError(
                  request,
                  "Invalid Idempotency-Key",
                  "idempotency_key_invalid",
                  "Idempotency-Key must be 1 to 255 visible ASCII characters or spaces"));
      case OTHER_REQUEST ->
          Rendered.of(
              422,
              idempotencyError(
                  request,
                  "Idempotency-Key already used",
                  "idempotency_key_reused",
                  "This Idempotency-Key came first with another request; send a new key for a new"
                      + " request"));
      case IN_PROGRESS ->
          Rendered.of(
                  409,
                  idempotencyError(
                      request,
                      "Idempotency-Key in use",
                      "idempotency_key_in_use",
                      "A request with this Idempotency-Key is still being handled; retry shortly"))
              .withHeader("Retry-After", "1");
      case ANSWER_GONE ->
          Rendered.of(
              409,
              idempotencyError(
                  request,
                  "Idempotency-Key answer gone",
                  "idempotency_answer_gone",
                  "The customer this Idempotency-Key created stands, but the answer cannot be given"
                      + " again: the customer was erased since, or the server stopped before"
                      + " recording it"));
    };
  }

  private static ErrorBody idempotencyError(
      RequestFacts request, String errorMessage, String errorCode, String developerMessage) {
    return new ErrorBody(
        errorMessage,
        INVALID_REQUEST_ERROR,
        errorCode,
        info(request, CHECK_INPUT, null, developerMessage, errorCode.toUpperCase(Locale.ROOT)));
  }

  private static Rendered serverFault(ServerFault fault, RequestFacts request) {
    if (fault instanceof ServerFault.UnknownPath) {
      return Rendered.of(404, endpointNotFound(request));
    } else if (fault instanceof ServerFault.MethodNotAllowed) {
      return Rendered.of(405, methodNotAllowed(request));
    } else if (fault instanceof ServerFault.PayloadTooLarge) {
      return Rendered.of(413, payloadTooLarge(request));
    } else if (fault instanceof ServerFault.UnreadableBody) {
      return Rendered.of(400, unreadableBody("Request body could not be read to its end", request));
    } else if (fault instanceof ServerFault.HttpsRequired) {
      return Rendered.of(403, httpsRequired(request));
    }
    return Rendered.of(503, serviceUnavailable(request));
  }

  private static ErrorBody unauthorized(RequestFacts request) {
    return new ErrorBody(
        null,
        "error",
        "access_denied",
        info(
            request,
            "Unauthorized.",
            null,
            "Invalid API Key. Please pass a valid and active api key.",
            "UNAUTHORIZED"));
  }

  /** Juspay has no such refusal, so this is its user-error frame, as for a rate limit. */
  private static ErrorBody httpsRequired(RequestFacts request) {
    return new ErrorBody(
        "HTTPS required",
        "error",
        "https_required",
        info(
            request,
            "HTTPS required.",
            null,
            "This server takes API requests over HTTPS only; send this request to its HTTPS port",
            "HTTPS_REQUIRED"));
  }

  private static BadOriginBody badOrigin(RequestFacts request) {
    return new BadOriginBody(
        true,
        "Internal Server error.",
        "Bad Origin.",
        new BadOriginInfo(
            "BAD_ORIGIN",
            "USER_ERROR",
            "Bad Origin.",
            "IP Verification Failed",
            request.requestId()));
  }

  /**
   * Juspay documents no 429 for its customer API, so this is its user-error frame: a message, a
   * code and a category a client's generic handling already reads.
   */
  private static ErrorBody tooManyRequests(RequestFacts request) {
    return new ErrorBody(
        "Too many requests",
        "error",
        "too_many_requests",
        info(
            request,
            "Too many requests. Please retry after some time.",
            null,
            "Rate limit of this API key exceeded; retry after the Retry-After seconds",
            "TOO_MANY_REQUESTS"));
  }

  private static ErrorBody customerNotFound(RequestFacts request) {
    return new ErrorBody(
        "Cannot find what you are looking for",
        INVALID_REQUEST_ERROR,
        "object_not_found",
        info(
            request,
            "Cannot process your request as customer account not found.",
            null,
            "Customer account not found.",
            "RESOURCE_NOT_FOUND"));
  }

  /** The documented {@code nullable} body of the one mandatory field found missing. */
  private static ErrorBody missing(String field, RequestFacts request) {
    boolean reference = field.equals(JuspayRules.REFERENCE);
    return new ErrorBody(
        reference ? "[objectReferenceId] cannot be null" : "[mobileNumber] cannot be null",
        INVALID_REQUEST_ERROR,
        "nullable",
        info(
            request,
            "Mandatory fields are missing.",
            List.of(new FieldNote(field, "Missing value.")),
            reference
                ? "Missing object reference id. Please pass valid object reference id."
                : "Missing mobile number. Please pass valid mobile number.",
            "MISSING_MANDATORY_PARAMETER"));
  }

  private static ErrorBody referenceTaken(RequestFacts request) {
    return new ErrorBody(
        "Customer with given object reference id already exist for your account.",
        INVALID_REQUEST_ERROR,
        "unique",
        info(
            request,
            "Already exists.",
            null,
            "Customer account with given object reference already exists.",
            "ALREADY_EXISTS"));
  }

  /** {@code Wrong value in <first field>}, listing every field whose value broke a rule. */
  private static ErrorBody wrongValues(List<String> fields, RequestFacts request) {
    return new ErrorBody(
        "Wrong value in " + fields.get(0),
        INVALID_REQUEST,
        INVALID_REQUEST,
        info(
            request,
            CHECK_INPUT,
            fields.stream().map(f -> new FieldNote(f, "Invalid value.")).toList(),
            "Invalid request params",
            "INVALID_INPUT"));
  }

  /** A body that cannot be read at all: wrong content type, malformed JSON, invalid UTF-8. */
  private static ErrorBody unreadableBody(String developerMessage, RequestFacts request) {
    return new ErrorBody(
        "Invalid request body",
        INVALID_REQUEST,
        INVALID_REQUEST,
        info(request, CHECK_INPUT, null, developerMessage, "INVALID_INPUT"));
  }

  private static ErrorBody endpointNotFound(RequestFacts request) {
    return new ErrorBody(
        "Cannot find what you are looking for",
        INVALID_REQUEST_ERROR,
        "not_found",
        info(
            request,
            "Cannot find what you are looking for.",
            null,
            "No such endpoint: " + request.method() + " " + request.path(),
            "RESOURCE_NOT_FOUND"));
  }

  private static ErrorBody methodNotAllowed(RequestFacts request) {
    return new ErrorBody(
        "Method not allowed",
        INVALID_REQUEST_ERROR,
        "method_not_allowed",
        info(
            request,
            "Invalid request.",
            null,
            request.method() + " is not served on " + request.path(),
            "METHOD_NOT_ALLOWED"));
  }

  private static ErrorBody payloadTooLarge(RequestFacts request) {
    return new ErrorBody(
        "Request body too large",
        INVALID_REQUEST,
        INVALID_REQUEST,
        info(request, CHECK_INPUT, null, "Request body is larger than 1 MiB", "INVALID_INPUT"));
  }

  private static ErrorBody serviceUnavailable(RequestFacts request) {
    return serverFault(
        request,
        "Service unavailable.",
        "service_unavailable",
        "Server busy receiving other requests; retry after the Retry-After seconds",
        "SERVICE_UNAVAILABLE");
  }

  private static ErrorBody internalError(RequestFacts request) {
    return serverFault(
        request,
        "Internal Server error.",
        "internal_error",
        "Internal server error; quote the request id to the operator",
        "INTERNAL_SERVER_ERROR");
  }

  /** A fault on the server's side: status {@code error} and a {@code SERVER_ERROR} category. */
  private static ErrorBody serverFault(
      RequestFacts request,
      String errorMessage,
      String errorCode,
      String developerMessage,
      String code) {
    return new ErrorBody(
        errorMessage,
        "error",
        errorCode,
        new ErrorInfo(
            "Something went wrong. Please try again.",
            null,
            request.requestId(),
            "NA",
            developerMessage,
            code,
            "SERVER_ERROR"));
  }

  private static ErrorInfo info(
      RequestFacts request,
      String userMessage,
      List<FieldNote> fields,
      String developerMessage,
      String code) {
    return new ErrorInfo(
        userMessage, fields, request.requestId(), "NA", developerMessage, code, "USER_ERROR");
  }

  /** The common frame of Juspay's error bodies: message, status, code, then the details. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ErrorBody(String error_message, String status, String error_code, ErrorInfo error_info) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ErrorInfo(
      String user_message,
      List<FieldNote> fields,
      String request_id,
      String href,
      String developer_message,
      String code,
      String category) {}

  record FieldNote(String field_name, String reason) {}

  /** The documented {@code BAD_ORIGIN} body, a frame of its own. */
  record BadOriginBody(
      boolean error, String error_message, String user_message, BadOriginInfo error_info) {}

  record BadOriginInfo(
      String code,
      String category,
      String user_message,
      String developer_message,
      String request_id) {}
}
