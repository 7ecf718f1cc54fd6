package io.clientele.dialect.airpay;

import io.clientele.server.AccessLog;
import io.clientele.server.FaultBodies;
import io.clientele.server.Json;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Airpay's answers: {@code {"status":200,"message":"success","data":[]}} and, for every failure,
 * {@code {"status":N,"message":"fail"}} with the HTTP status equal to N. The documented body says
 * nothing about the cause, so it goes in an {@code x-clientele-reason} header for whoever debugs.
 */
public final class AirpayErrors implements FaultBodies {
  static final String REASON_HEADER = "x-clientele-reason";

  @Override
  public boolean owns(String path) {
    return path.equals("/airpay") || path.startsWith("/airpay/");
  }

  static void success(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", 200);
    body.put("message", "success");
    body.put("data", List.of());
    Json.respond(ctx, 200, body);
  }

  static void fail(Context ctx, int status, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("message", "fail");
    ctx.header(REASON_HEADER, reason);
    AccessLog.tag(ctx, "reason", reason.replace(' ', '_'));
    Json.respond(ctx, status, body);
  }

  @Override
  public void notFound(Context ctx) {
    fail(ctx, 404, "no such endpoint");
  }

  @Override
  public void methodNotAllowed(Context ctx) {
    fail(ctx, 405, "method not allowed");
  }

  @Override
  public void payloadTooLarge(Context ctx) {
    fail(ctx, 413, "request body is larger than 1 MiB");
  }

  @Override
  public void unreadableBody(Context ctx) {
    fail(ctx, 400, "body could not be read to its end");
  }

  @Override
  public void serviceUnavailable(Context ctx) {
    fail(ctx, 503, "server busy; retry shortly");
  }

  @Override
  public void internalError(Context ctx) {
    fail(ctx, 500, "server error; quote the x-request-id to the operator");
  }
}
