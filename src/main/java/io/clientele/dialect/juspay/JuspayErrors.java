package io.clientele.dialect.juspay;

import io.clientele.server.FaultBodies;
import io.clientele.server.Json;
import io.clientele.server.RequestIds;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every Juspay error body, in the shapes of Juspay's documentation; the one place the dialect turns
 * failures into wire text. Each {@code error_info} quotes the response's {@code x-request-id}. No
 * value is ever JSON {@code null}: the official Java SDK fails on one.
 */
public final class JuspayErrors implements FaultBodies {
  static final String INVALID_REQUEST = "Invalid Request";

  @Override
  public boolean owns(String path) {
    return path.equals("/customers") || path.startsWith("/customers/");
  }

  static void unauthorized(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "error");
    body.put("error_code", "access_denied");
    body.put(
        "error_info",
        info(
            ctx,
            "Unauthorized.",
            null,
            "Invalid API Key. Please pass a valid and active api key.",
            "UNAUTHORIZED"));
    Json.respond(ctx, 401, body);
  }

  static void badOrigin(Context ctx) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("code", "BAD_ORIGIN");
    info.put("category", "USER_ERROR");
    info.put("user_message", "Bad Origin.");
    info.put("developer_message", "IP Verification Failed");
    info.put("request_id", RequestIds.of(ctx));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", true);
    body.put("error_message", "Internal Server error.");
    body.put("user_message", "Bad Origin.");
    body.put("error_info", info);
    Json.respond(ctx, 403, body);
  }

  static void customerNotFound(Context ctx) {
    respond(
        ctx,
        404,
        "Cannot find what you are looking for",
        "invalid_request_error",
        "object_not_found",
        info(
            ctx,
            "Cannot process your request as customer account not found.",
            null,
            "Customer account not found.",
            "RESOURCE_NOT_FOUND"));
  }

  static void missingReference(Context ctx) {
    respond(
        ctx,
        400,
        "[objectReferenceId] cannot be null",
        "invalid_request_error",
        "nullable",
        info(
            ctx,
            "Mandatory fields are missing.",
            List.of(field("object_reference_id", "Missing value.")),
            "Missing object reference id. Please pass valid object reference id.",
            "MISSING_MANDATORY_PARAMETER"));
  }

  static void missingMobileNumber(Context ctx) {
    respond(
        ctx,
        400,
        "[mobileNumber] cannot be null",
        "invalid_request_error",
        "nullable",
        info(
            ctx,
            "Mandatory fields are missing.",
            List.of(field("mobile_number", "Missing value.")),
            "Missing mobile number. Please pass valid mobile number.",
            "MISSING_MANDATORY_PARAMETER"));
  }

  static void referenceTaken(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "error_message", "Customer with given object reference id already exist for your account.");
    body.put("status", "invalid_request_error");
    body.put("error_code", "unique");
    body.put(
        "error_info",
        info(
            ctx,
            "Already exists.",
            null,
            "Customer account with given object reference already exists.",
            "ALREADY_EXISTS"));
    Json.respond(ctx, 400, body);
  }

  /** {@code Wrong value in <first field>}, listing every field whose value broke a rule. */
  static void wrongValues(Context ctx, List<String> fields) {
    respond(
        ctx,
        400,
        "Wrong value in " + fields.get(0),
        INVALID_REQUEST,
        INVALID_REQUEST,
        info(
            ctx,
            "Invalid request params. Please verify your input.",
            fields.stream().map(f -> field(f, "Invalid value.")).toList(),
            "Invalid request params",
            "INVALID_INPUT"));
  }

  /** A body that cannot be read at all: wrong content type, malformed JSON, invalid UTF-8. */
  static void unreadableBody(Context ctx, String developerMessage) {
    respond(
        ctx,
        400,
        "Invalid request body",
        INVALID_REQUEST,
        INVALID_REQUEST,
        info(
            ctx,
            "Invalid request params. Please verify your input.",
            null,
            developerMessage,
            "INVALID_INPUT"));
  }

  @Override
  public void notFound(Context ctx) {
    respond(
        ctx,
        404,
        "Cannot find what you are looking for",
        "invalid_request_error",
        "not_found",
        info(
            ctx,
            "Cannot find what you are looking for.",
            null,
            "No such endpoint: " + ctx.method().name() + " " + ctx.path(),
            "RESOURCE_NOT_FOUND"));
  }

  @Override
  public void methodNotAllowed(Context ctx) {
    respond(
        ctx,
        405,
        "Method not allowed",
        "invalid_request_error",
        "method_not_allowed",
        info(
            ctx,
            "Invalid request.",
            null,
            ctx.method().name() + " is not served on " + ctx.path(),
            "METHOD_NOT_ALLOWED"));
  }

  @Override
  public void payloadTooLarge(Context ctx) {
    respond(
        ctx,
        413,
        "Request body too large",
        INVALID_REQUEST,
        INVALID_REQUEST,
        info(
            ctx,
            "Invalid request params. Please verify your input.",
            null,
            "Request body is larger than 1 MiB",
            "INVALID_INPUT"));
  }

  @Override
  public void unreadableBody(Context ctx) {
    unreadableBody(ctx, "Request body could not be read to its end");
  }

  @Override
  public void serviceUnavailable(Context ctx) {
    serverFault(
        ctx,
        503,
        "Service unavailable.",
        "service_unavailable",
        "Server busy receiving other requests; retry after the Retry-After seconds",
        "SERVICE_UNAVAILABLE");
  }

  @Override
  public void internalError(Context ctx) {
    serverFault(
        ctx,
        500,
        "Internal Server error.",
        "internal_error",
        "Internal server error; quote the request id to the operator",
        "INTERNAL_SERVER_ERROR");
  }

  /** A fault on the server's side: status {@code error} and a {@code SERVER_ERROR} category. */
  private static void serverFault(
      Context ctx,
      int status,
      String errorMessage,
      String errorCode,
      String developerMessage,
      String code) {
    Map<String, Object> info =
        info(ctx, "Something went wrong. Please try again.", null, developerMessage, code);
    info.put("category", "SERVER_ERROR");
    respond(ctx, status, errorMessage, "error", errorCode, info);
  }

  /** The common frame of Juspay's error bodies: message, status, code, then the details. */
  private static void respond(
      Context ctx,
      int status,
      String errorMessage,
      String statusText,
      String errorCode,
      Map<String, Object> info) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_message", errorMessage);
    body.put("status", statusText);
    body.put("error_code", errorCode);
    body.put("error_info", info);
    Json.respond(ctx, status, body);
  }

  private static Map<String, Object> info(
      Context ctx,
      String userMessage,
      List<Map<String, String>> fields,
      String developerMessage,
      String code) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("user_message", userMessage);
    if (fields != null) {
      info.put("fields", fields);
    }
    info.put("request_id", RequestIds.of(ctx));
    info.put("href", "NA");
    info.put("developer_message", developerMessage);
    info.put("code", code);
    info.put("category", "USER_ERROR");
    return info;
  }

  private static Map<String, String> field(String name, String reason) {
    Map<String, String> field = new LinkedHashMap<>();
    field.put("field_name", name);
    field.put("reason", reason);
    return field;
  }
}
