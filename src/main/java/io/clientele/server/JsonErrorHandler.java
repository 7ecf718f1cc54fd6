package io.clientele.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers what Jetty refuses before any route sees it — a request line it cannot parse, a path with
 * a NUL or bytes that are not UTF-8, headers too large — with a small JSON body and a request id
 * instead of Jetty's HTML page. The request's path may itself be the bad part, so no dialect can be
 * chosen: the body is the admin API's generic shape.
 */
final class JsonErrorHandler extends ErrorHandler {

  /**
   * Every method gets the body: Jetty's default writes one only for GET, POST and HEAD, leaving a
   * refused DELETE or PUT an empty 400 without a request id.
   */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    String id = RequestIds.newId();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Json.CONTENT_TYPE);
    response.getHeaders().put(RequestIds.HEADER, id);
    if (HttpMethod.HEAD.is(request.getMethod())) {
      response.write(true, null, callback);
      return;
    }
    response.write(true, ByteBuffer.wrap(body(code)), callback);
  }

  static byte[] body(int status) {
    Map<String, String> error = new LinkedHashMap<>();
    error.put("code", status == 400 ? "bad_request" : "http_" + status);
    error.put("message", "Request refused before routing: " + HttpStatus.getMessage(status));
    try {
      return Json.mapper().writeValueAsBytes(Map.of("error", error));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
