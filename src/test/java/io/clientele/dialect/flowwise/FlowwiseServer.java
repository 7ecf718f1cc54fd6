package io.clientele.dialect.flowwise;

import static io.clientele.testing.JsonAssert.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.storage.SealedRows;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A running Clientele for the Flowwise tests: merchant {@code m1} with projects {@code
 * proj_fashion_store_2024} and {@code proj_other} and a Juspay key, merchant {@code m2} with one
 * project.
 */
final class FlowwiseServer implements AutoCloseable {
  static final String P1 = "proj_fashion_store_2024";
  static final String P2 = "proj_other";

  final TestDatabase database;
  final TestServer server;
  final Path dataDir;
  final Client p1;
  final Client p2;
  final Client m2;
  final String juspayKey;

  /** A Flowwise client: id and secret of one project. */
  record Client(String id, String secret) {}

  FlowwiseServer() {
    database = TestDatabase.h2();
    server = TestServer.startInTemporaryDir(database.config());
    dataDir = server.dataDir();
    admin("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}");
    admin("POST", "/admin/merchants", "{\"merchant_id\":\"m2\",\"name\":\"Two\"}");
    p1 = client("m1", P1);
    p2 = client("m1", P2);
    m2 = client("m2", "proj_m2");
    juspayKey =
        JsonAssert.parse(
                admin("POST", "/admin/merchants/m1/credentials", "{\"dialect\":\"juspay\"}").body())
            .get("api_key")
            .textValue();
  }

  private Client client(String merchant, String project) {
    JsonNode issued =
        JsonAssert.parse(
            admin(
                    "POST",
                    "/admin/merchants/" + merchant + "/credentials",
                    "{\"dialect\":\"flowwise\",\"project_id\":\"" + project + "\"}")
                .body());
    return new Client(issued.get("client_id").textValue(), issued.get("client_secret").textValue());
  }

  HttpResponse<String> admin(String method, String path, String body) {
    return server.adminCall(method, path, body);
  }

  static String uniqueId() {
    return "cust_" + UUID.randomUUID().toString().substring(0, 13);
  }

  HttpResponse<String> send(Client client, String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.http(path))
            .timeout(java.time.Duration.ofSeconds(20))
            .header("x-client-id", client.id())
            .header("x-client-secret", client.secret());
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return server.send(
        request
            .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<String> create(Client client, String json) {
    return send(client, "POST", "/router/customer", json);
  }

  HttpResponse<String> get(Client client, String customerId) {
    return send(client, "GET", "/router/customer/" + customerId, null);
  }

  HttpResponse<String> put(Client client, String customerId, String json) {
    return send(client, "PUT", "/router/customer/" + customerId, json);
  }

  HttpResponse<String> delete(Client client, String customerId) {
    return send(client, "DELETE", "/router/customer/" + customerId, null);
  }

  /** Creates a customer through Flowwise and answers its body. */
  JsonNode created(Client client, String customerId, String scope) {
    HttpResponse<String> response =
        create(
            client,
            "{\"customer_id\":\""
                + customerId
                + "\",\"scope\":\""
                + scope
                + "\",\"name\":\"Priya Sharma\","
                + "\"phone\":\"+919876543210\",\"email\":\"priya.sharma@gmail.com\","
                + "\"address\":\"456 Defence Colony, New Delhi\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JsonAssert.parse(response.body());
  }

  HttpResponse<String> juspay(String method, String path, String form) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.http(path))
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(juspayKey.getBytes()));
    if (form != null) {
      request.header("Content-Type", "application/x-www-form-urlencoded");
    }
    return server.send(
        request
            .method(method, form == null ? BodyPublishers.noBody() : BodyPublishers.ofString(form))
            .build());
  }

  static void assertError(HttpResponse<String> response, int status, String fixtureName) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertJson(response.body(), io.clientele.testing.JsonAssert.fixture("flowwise/" + fixtureName));
  }

  static void assertInvalid(HttpResponse<String> response, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertJson(
        response.body(),
        "{\"message\":"
            + JsonAssert.parse("[\"" + message.replace("\"", "\\\"") + "\"]").get(0)
            + ",\"code\":\"invalid_customer_data\",\"type\":\"validation_error\"}");
  }

  /** Runs {@code sql} on the tables as stored, sealed values as they are. */
  List<String> stored(String sql) {
    return database.query(sql);
  }

  /** Runs {@code sql}, reading {@code customers} with its sealed values opened. */
  List<String> query(String sql) {
    return sql.matches("(?s).*\\bcustomers\\b.*")
        ? SealedRows.query(database, SealedRows.masterOf(server.dataDir()), sql)
        : database.query(sql);
  }

  @Override
  public void close() {
    server.close();
    database.close();
  }
}
