package io.clientele.dialect.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * A running Clientele for the canonical API's tests, here and in the hostile ones: merchants {@code
 * m1} and {@code m2}, each with a canonical key, and {@code m1} with a Juspay key and a Flowwise
 * client, to see one customer through every dialect.
 */
public final class CanonicalServer implements AutoCloseable {
  public final TestDatabase database;
  public final TestServer server;
  public final String m1;
  public final String m2;
  public final String juspayKey;
  public final String flowwiseId;
  public final String flowwiseSecret;

  public CanonicalServer() {
    this(TestDatabase.h2());
  }

  public CanonicalServer(TestDatabase database) {
    this.database = database;
    server = TestServer.startInTemporaryDir(database.config());
    admin("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}");
    admin("POST", "/admin/merchants", "{\"merchant_id\":\"m2\",\"name\":\"Two\"}");
    m1 = key("m1");
    m2 = key("m2");
    juspayKey = issued("m1", "{\"dialect\":\"juspay\"}").get("api_key").textValue();
    JsonNode flowwise = issued("m1", "{\"dialect\":\"flowwise\",\"project_id\":\"proj_a\"}");
    flowwiseId = flowwise.get("client_id").textValue();
    flowwiseSecret = flowwise.get("client_secret").textValue();
  }

  public String key(String merchant) {
    return issued(merchant, "{\"dialect\":\"canonical\"}").get("api_key").textValue();
  }

  private JsonNode issued(String merchant, String body) {
    HttpResponse<String> response =
        admin("POST", "/admin/merchants/" + merchant + "/credentials", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JsonAssert.parse(response.body());
  }

  public HttpResponse<String> admin(String method, String path, String body) {
    return server.adminCall(method, path, body);
  }

  public static String uniqueReference() {
    return "ref-" + UUID.randomUUID().toString().substring(0, 13);
  }

  /** A request with the bearer key and, for a body, its content type; headers in pairs after. */
  public HttpResponse<String> send(
      String key, String method, String path, String contentType, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.http(path)).timeout(java.time.Duration.ofSeconds(20));
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

  public HttpResponse<String> post(String key, String json) {
    return send(key, "POST", "/v1/customers", "application/json", json);
  }

  public HttpResponse<String> get(String key, String customer, String... headers) {
    return send(key, "GET", "/v1/customers/" + customer, null, null, headers);
  }

  public HttpResponse<String> patch(String key, String customer, String json, String... headers) {
    return send(
        key, "PATCH", "/v1/customers/" + customer, "application/merge-patch+json", json, headers);
  }

  public HttpResponse<String> delete(String key, String customer, String... headers) {
    return send(key, "DELETE", "/v1/customers/" + customer, null, null, headers);
  }

  /** Creates a customer with {@code fields} (JSON members, without braces) beside its reference. */
  public JsonNode created(String key, String reference, String fields) {
    HttpResponse<String> response =
        post(
            key,
            "{\"reference\":\"" + reference + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JsonAssert.parse(response.body());
  }

  @Override
  public void close() {
    server.close();
    database.close();
  }
}
