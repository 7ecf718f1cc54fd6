package io.clientele.server;

import io.javalin.http.Context;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Keeps {@code If-None-Match} from Javalin, which answers 304 with no body to any request whose
 * {@code If-None-Match} equals the response's {@code ETag}, whatever the method and status: a
 * create answered 201 became a 304 without its {@code Location}, and a GET whose {@code If-Match}
 * failed (412, RFC 9110 evaluates it first) became a 304. The header reaches the routes under
 * {@link #KEPT} instead, its lines joined as one list; a {@link #KEPT} a client sent is dropped.
 */
public final class ConditionalHeaders extends Handler.Wrapper {
  static final String IF_NONE_MATCH = "If-None-Match";
  static final String KEPT = "Clientele-If-None-Match";

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpFields headers = request.getHeaders();
    if (!headers.contains(IF_NONE_MATCH) && !headers.contains(KEPT)) {
      return super.handle(request, response, callback);
    }
    List<String> values = headers.getValuesList(IF_NONE_MATCH);
    HttpFields.Mutable moved = HttpFields.build(headers);
    moved.remove(IF_NONE_MATCH);
    moved.remove(KEPT);
    if (!values.isEmpty()) {
      moved.add(KEPT, String.join(", ", values));
    }
    HttpFields kept = moved.asImmutable();
    return super.handle(
        new Request.Wrapper(request) {
          @Override
          public HttpFields getHeaders() {
            return kept;
          }
        },
        response,
        callback);
  }

  /** The request's {@code If-None-Match}, or null when it has none. */
  public static String ifNoneMatch(Context ctx) {
    return ctx.header(KEPT);
  }
}
