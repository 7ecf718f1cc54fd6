package io.clientele.admin;

import io.clientele.server.FaultBodies;
import io.clientele.server.Json;
import io.javalin.http.Context;

/**
 * The admin API's error body, {@code {"error":{"code":…,"message":…}}}; also the shape of every
 * path no gateway dialect owns (health, metrics, unknown routes).
 */
public final class AdminErrors implements FaultBodies {

  static void render(Context ctx, int status, String code, String message) {
    Json.respond(ctx, status, new Body(new Error(code, message)));
  }

  @Override
  public boolean owns(String path) {
    return true;
  }

  @Override
  public void notFound(Context ctx) {
    render(ctx, 404, "not_found", "No route for " + ctx.method().name() + " " + ctx.path());
  }

  @Override
  public void methodNotAllowed(Context ctx) {
    render(ctx, 405, "method_not_allowed", ctx.method().name() + " is not served on " + ctx.path());
  }

  @Override
  public void payloadTooLarge(Context ctx) {
    render(ctx, 413, "payload_too_large", "Request body is larger than 1 MiB");
  }

  @Override
  public void unreadableBody(Context ctx) {
    render(ctx, 400, "invalid_request", "Request body could not be read to its end");
  }

  @Override
  public void serviceUnavailable(Context ctx) {
    render(ctx, 503, "service_unavailable", "Server busy receiving other requests; retry shortly");
  }

  @Override
  public void internalError(Context ctx) {
    render(ctx, 500, "internal_error", "Internal error; see the server log for the request id");
  }

  record Body(Error error) {}

  record Error(String code, String message) {}
}
