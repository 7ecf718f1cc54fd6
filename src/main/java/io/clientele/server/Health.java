package io.clientele.server;

import io.javalin.http.Context;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Liveness (the process answers) and readiness (the database answers too) for load balancers. */
public final class Health {
  private final BooleanSupplier databaseReachable;

  public Health(BooleanSupplier databaseReachable) {
    this.databaseReachable = databaseReachable;
  }

  public void live(Context ctx) {
    Json.respond(ctx, 200, Map.of("status", "UP"));
  }

  public void ready(Context ctx) {
    boolean up = databaseReachable.getAsBoolean();
    Json.respond(ctx, up ? 200 : 503, new Readiness(up ? "UP" : "DOWN", up ? "UP" : "DOWN"));
  }

  record Readiness(String status, String database) {}
}
