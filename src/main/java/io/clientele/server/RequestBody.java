package io.clientele.server;

import io.javalin.http.Context;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.jetty.http.HttpException;

/**
 * Reads a request body at most once and never past {@link #MAX_BYTES}, whether its length was
 * declared or it came chunked, so no client can make the server buffer more.
 */
public final class RequestBody {
  public static final int MAX_BYTES = 1024 * 1024;
  static final long DRAIN_BYTES = 8L * 1024 * 1024;
  static final Duration DRAIN_TIME = Duration.ofSeconds(2);
  static final Duration DRAIN_QUIET = Duration.ofMillis(200);
  private static final String ATTRIBUTE = "clientele.body";

  private RequestBody() {}

  /**
   * @throws ServerFault.PayloadTooLarge when the body exceeds {@link #MAX_BYTES}
   * @throws ServerFault.UnreadableBody when the body broke off or is malformed on the wire
   * @throws ServerFault.Busy when too many bodies are arriving at once to hold this one
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
        throw new ServerFault.PayloadTooLarge();
      }
      ctx.attribute(ATTRIBUTE, body);
      return body;
    } catch (IOException e) {
      throw refusal(e);
    } catch (RuntimeException e) {
      if (e instanceof HttpException http && http.getCode() == 400) {
        throw refusal(e);
      }
      throw e;
    }
  }

  /** Why the body could not be read: the server being busy, or the body itself broken. */
  private static RuntimeException refusal(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BodyArrival.Busy) {
        return new ServerFault.Busy();
      }
    }
    return new ServerFault.UnreadableBody();
  }

  /**
   * Reads and discards what is arriving of a refused body, up to {@link #DRAIN_BYTES}, for at most
   * {@link #DRAIN_TIME} and only while bytes keep coming (a pause of {@link #DRAIN_QUIET} ends it),
   * and asks for the connection to close. A client still sending when the server answers and closes
   * would otherwise get a reset that can destroy the 413 before it is read. Nothing is read when
   * the client waits for {@code 100 Continue} (reading would invite the upload) or declared more
   * than the drain limit.
   */
  static void drain(Context ctx) {
    ctx.header("Connection", "close");
    long declared = ctx.req().getContentLengthLong();
    if (ctx.header("Expect") != null || declared > DRAIN_BYTES) {
      return;
    }
    try {
      ServletInputStream in = ctx.req().getInputStream();
      long deadline = System.nanoTime() + DRAIN_TIME.toNanos();
      long quietSince = System.nanoTime();
      byte[] sink = new byte[64 * 1024];
      long left = DRAIN_BYTES;
      while (left > 0 && !in.isFinished() && System.nanoTime() < deadline) {
        int available = in.available();
        if (available <= 0) {
          if (System.nanoTime() - quietSince > DRAIN_QUIET.toNanos()) {
            return;
          }
          Thread.sleep(5);
          continue;
        }
        int read = in.read(sink, 0, (int) Math.min(Math.min(sink.length, available), left));
        if (read < 0) {
          return;
        }
        left -= read;
        quietSince = System.nanoTime();
      }
    } catch (IOException | RuntimeException e) {
      // the connection closes anyway; the answer is already decided
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The request's {@code Content-Type} as the client sent it. Not {@code ctx.contentType()}: the
   * servlet layer parses the charset there and throws on one it does not know ({@code
   * charset=bogus}).
   */
  public static String contentType(Context ctx) {
    return ctx.header("Content-Type");
  }

  /**
   * The media type of a {@code Content-Type} value, lower case and without parameters; empty when
   * there is none, as for {@code ;}.
   */
  public static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  /** Refuses a declared oversize body before any of it is read. */
  static void checkDeclaredLength(Context ctx) {
    if (ctx.req().getContentLengthLong() > MAX_BYTES) {
      throw new ServerFault.PayloadTooLarge();
    }
  }
}
