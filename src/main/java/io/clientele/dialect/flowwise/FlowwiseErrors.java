package io.clientele.dialect.flowwise;

import io.clientele.server.FaultBodies;
import io.clientele.server.Json;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every Flowwise error body, {@code {"message","code","type"}}, rendered here and nowhere else. */
public final class FlowwiseErrors implements FaultBodies {
  static final String VALIDATION = "validation_error";

  @Override
  public boolean owns(String path) {
    return path.equals("/router") || path.startsWith("/router/");
  }

  static void render(Context ctx, int status, String message, String code, String type) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("message", message);
    body.put("code", code);
    body.put("type", type);
    Json.respond(ctx, status, body);
  }

  static void unauthorized(Context ctx) {
    render(ctx, 401, "Invalid API credentials provided", "unauthorized", "authentication_error");
  }

  static void forbiddenOrigin(Context ctx) {
    render(
        ctx,
        403,
        "Request origin is not allowed for this merchant",
        "origin_not_allowed",
        "authorization_error");
  }

  static void invalidCustomerData(Context ctx, String message) {
    render(ctx, 400, message, "invalid_customer_data", VALIDATION);
  }

  static void invalidCustomerId(Context ctx) {
    render(ctx, 400, "Invalid customer ID format provided", "invalid_customer_id", VALIDATION);
  }

  static void customerNotFound(Context ctx) {
    render(
        ctx,
        404,
        "Customer not found with the provided customer ID",
        "customer_not_found",
        "resource_error");
  }

  static void customerExists(Context ctx) {
    render(
        ctx,
        409,
        "Customer already exists with the provided customer ID",
        "customer_already_exists",
        "conflict_error");
  }

  @Override
  public void notFound(Context ctx) {
    render(
        ctx,
        404,
        "No route for " + ctx.method().name() + " " + ctx.path(),
        "not_found",
        "resource_error");
  }

  @Override
  public void methodNotAllowed(Context ctx) {
    render(
        ctx,
        405,
        ctx.method().name() + " is not served on " + ctx.path(),
        "method_not_allowed",
        "invalid_request_error");
  }

  @Override
  public void payloadTooLarge(Context ctx) {
    render(ctx, 413, "Request body is larger than 1 MiB", "payload_too_large", VALIDATION);
  }

  @Override
  public void unreadableBody(Context ctx) {
    invalidCustomerData(ctx, "Malformed request: the body could not be read to its end");
  }

  @Override
  public void serviceUnavailable(Context ctx) {
    render(
        ctx,
        503,
        "Server busy receiving other requests; retry shortly",
        "service_unavailable",
        "server_error");
  }

  /**
   * A server fault, named after the operation it broke, as the documented {@code update_failed} is.
   */
  @Override
  public void internalError(Context ctx) {
    String method = ctx.method().name();
    switch (method) {
      case "PUT" -> serverError(ctx, "Customer update failed due to server error", "update_failed");
      case "POST" ->
          serverError(ctx, "Customer creation failed due to server error", "create_failed");
      case "DELETE" ->
          serverError(ctx, "Customer deletion failed due to server error", "delete_failed");
      default -> serverError(ctx, "Customer retrieval failed due to server error", "fetch_failed");
    }
  }

  private static void serverError(Context ctx, String message, String code) {
    render(ctx, 500, message, code, "server_error");
  }
}
