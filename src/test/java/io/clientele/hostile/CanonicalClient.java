package io.clientele.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.dialect.canonical.CanonicalServer;
import io.clientele.testing.RawConnection;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The canonical tests' server ({@link CanonicalServer}) with {@code m1}'s key by default, and the
 * raw calls a hostile client of {@code /v1/customers} makes.
 */
final class CanonicalClient implements AutoCloseable {
  final CanonicalServer api;
  final TestServer server;
  final String m1;
  final String m2;

  CanonicalClient(TestDatabase.Engine engine) {
    api = new CanonicalServer(TestDatabase.create(engine));
    server = api.server;
    m1 = api.m1;
    m2 = api.m2;
  }

  /** A request with the bearer key and, for a body, its content type; headers in pairs after. */
  HttpResponse<String> send(
      String key, String method, String path, String contentType, String body, String... headers) {
    return api.send(key, method, path, contentType, body, headers);
  }

  HttpResponse<String> post(String json) {
    return api.post(m1, json);
  }

  HttpResponse<String> get(String customer, String... headers) {
    return api.get(m1, customer, headers);
  }

  HttpResponse<String> patch(String customer, String json, String... headers) {
    return api.patch(m1, customer, json, headers);
  }

  HttpResponse<String> delete(String customer, String... headers) {
    return api.delete(m1, customer, headers);
  }

  /** Creates a customer of {@code m1} with {@code fields} (members without braces); its body. */
  JsonNode created(String reference, String fields) {
    return api.created(m1, reference, fields);
  }

  /** Sends {@code body}'s bytes as they are, as {@code m1}, with a declared length. */
  RawConnection.Answer rawPost(String contentType, byte[] body) throws IOException {
    byte[] head =
        ("POST /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + m1
                + "\r\nContent-Type: "
                + contentType
                + "\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    return RawConnection.once(server.http("/").getPort(), request, false);
  }

  /** The canonical error body, {@code param} left out when null. */
  static String error(String code, String message, String param) {
    return "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\""
        + code
        + "\",\"message\":\""
        + message.replace("\"", "\\\"")
        + "\""
        + (param == null ? "" : ",\"param\":\"" + param + "\"")
        + "}}";
  }

  /**
   * The body every canonical answer gives a customer with only a reference and {@code metadata}.
   */
  static String bare(String id, String reference, String metadata, long version, JsonNode times) {
    return "{\"id\":\""
        + id
        + "\",\"reference\":\""
        + reference
        + "\",\"first_name\":null,\"last_name\":null,\"name\":null,\"email\":null,\"phone\":null,"
        + "\"address\":null,\"city\":null,\"state\":null,\"country\":null,\"pincode\":null,"
        + "\"metadata\":"
        + metadata
        + ",\"version\":"
        + version
        + ",\"created_at\":\""
        + times.get("created_at").textValue()
        + "\",\"updated_at\":\""
        + times.get("updated_at").textValue()
        + "\"}";
  }

  @Override
  public void close() {
    api.close();
  }
}
