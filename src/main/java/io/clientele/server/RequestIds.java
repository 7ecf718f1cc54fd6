package io.clientele.server;

import io.javalin.http.Context;
import java.util.UUID;

/**
 * Gives each request a UUID, sent back as {@code x-request-id} and quoted in error bodies and logs.
 */
public final class RequestIds {
  public static final String HEADER = "x-request-id";
  private static final String ATTRIBUTE = "clientele.request-id";

  private RequestIds() {}

  static void assign(Context ctx) {
    String id = UUID.randomUUID().toString();
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
  }

  /** The id of this request; assigns one if the request failed before it was given one. */
  public static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    if (id == null) {
      assign(ctx);
      id = ctx.attribute(ATTRIBUTE);
    }
    return id;
  }
}
