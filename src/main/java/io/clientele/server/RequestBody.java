package io.clientele.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a request body at most once and never past {@link #MAX_BYTES}, whether its length was
 * declared or it came chunked, so no client can make the server buffer more.
 */
public final class RequestBody {
  public static final int MAX_BYTES = 1024 * 1024;
  private static final String ATTRIBUTE = "clientele.body";

  private RequestBody() {}

  /**
   * @throws TooLarge when the body exceeds {@link #MAX_BYTES}
   */
  public static byte[] bytes(Context ctx) {
    byte[] cached = ctx.attribute(ATTRIBUTE);
    if (cached != null) {
      return cached;
    }
    checkDeclaredLength(ctx);
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes(MAX_BYTES + 1);
      if (body.length > MAX_BYTES) {
        throw new TooLarge();
      }
      ctx.attribute(ATTRIBUTE, body);
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read request body", e);
    }
  }

  /** Refuses a declared oversize body before any of it is read. */
  static void checkDeclaredLength(Context ctx) {
    if (ctx.req().getContentLengthLong() > MAX_BYTES) {
      throw new TooLarge();
    }
  }

  /** The request body is over the limit: rendered as 413. */
  public static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("request body over " + MAX_BYTES + " bytes", null, false, false);
    }
  }
}
