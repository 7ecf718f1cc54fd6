package io.clientele.server;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives each request a UUID, sent back as {@code x-request-id} and quoted in error bodies and logs.
 */
public final class RequestIds {
  public static final String HEADER = "x-request-id";
  private static final String ATTRIBUTE = "clientele.request-id";

  private RequestIds() {}

  static void assign(Context ctx) {
    String id = newId();
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
  }

  /**
   * A version 4 UUID from {@link ThreadLocalRandom}: request ids must be unique, not secret, and
   * {@link UUID#randomUUID()} serialises every request on one {@code SecureRandom}.
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
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
