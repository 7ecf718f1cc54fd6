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
  static final long DRAIN_BYTES = 8L * 1024 * 1024;
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

  /**
   * Reads and discards what is left of a refused body, up to {@link #DRAIN_BYTES}, and asks for the
   * connection to close. A client still sending when the server answers and closes would otherwise
   * get a reset that can destroy the 413 before it is read.
   */
  static void drain(Context ctx) {
    ctx.header("Connection", "close");
    try {
      InputStream in = ctx.req().getInputStream();
      long left = DRAIN_BYTES;
      byte[] sink = new byte[64 * 1024];
      for (int read = 0; read >= 0 && left > 0; left -= read) {
        read = in.read(sink, 0, (int) Math.min(sink.length, left));
      }
    } catch (IOException | IllegalStateException e) {
      // the connection closes anyway; the answer is already decided
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
