package io.clientele.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.RawConnection;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A running server with merchants {@code m1} and {@code m2}, each holding a canonical key, and the
 * raw calls a hostile client of {@code /v1/customers} makes.
 */
final class CanonicalClient implements AutoCloseable {
  final TestDatabase database;
  final TestServer server;
  final String m1;
  final String m2;

  CanonicalClient(TestDatabase.Engine engine) {
    database = TestDatabase.create(engine);
    server = TestServer.startInTemporaryDir(database.config());
    server.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}");
    server.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m2\",\"name\":\"Two\"}");
    m1 = issue("m1").get("api_key").textValue();
    m2 = issue("m2").get("api_key").textValue();
  }

  /**
   * A new canonical credential of {@code merchant}: its {@code credential_id} and {@code api_key}.
   */
  JsonNode issue(String merchant) {
    HttpResponse<String> response =
        server.adminCall(
            "POST", "/admin/merchants/" + merchant + "/credentials", "{\"dialect\":\"canonical\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JsonAssert.parse(response.body());
  }

  /** A request with the bearer key and, for a body, its content type; headers in pairs after. */
  HttpResponse<String> send(
      String key, String method, String path, String contentType, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.http(path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    request.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    return server.send(request.build());
  }

  HttpResponse<String> post(String json) {
    return send(m1, "POST", "/v1/customers", "application/json", json);
  }

  HttpResponse<String> get(String customer, String... headers) {
    return send(m1, "GET", "/v1/customers/" + customer, null, null, headers);
  }

  HttpResponse<String> patch(String customer, String json, String... headers) {
    return send(
        m1, "PATCH", "/v1/customers/" + customer, "application/merge-patch+json", json, headers);
  }

  HttpResponse<String> delete(String customer, String... headers) {
    return send(m1, "DELETE", "/v1/customers/" + customer, null, null, headers);
  }

  /** Creates a customer of {@code m1} with {@code fields} (members without braces); its body. */
  JsonNode created(String reference, String fields) {
    HttpResponse<String> response =
        post("{\"reference\":\"" + reference + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JsonAssert.parse(response.body());
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
    server.close();
    database.close();
  }
}
