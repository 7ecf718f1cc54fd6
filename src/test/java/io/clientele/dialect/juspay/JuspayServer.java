package io.clientele.dialect.juspay;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.storage.SealedRows;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A running Clientele with two merchants, {@code m1} and {@code m2}, each with a Juspay key, and
 * the calls a Juspay client makes; shared by the Juspay HTTP tests of one class.
 */
final class JuspayServer implements AutoCloseable {
  final TestDatabase database;
  final TestServer server;
  final Path dataDir;
  final String m1Key;
  final String m2Key;

  JuspayServer(TestDatabase.Engine engine) {
    database = TestDatabase.create(engine);
    server = TestServer.startInTemporaryDir(database.config());
    dataDir = server.dataDir();
    m1Key = merchantWithKey("m1");
    m2Key = merchantWithKey("m2");
  }

  private String merchantWithKey(String merchantId) {
    admin(
        "POST",
        "/admin/merchants",
        "{\"merchant_id\":\"" + merchantId + "\",\"name\":\"" + merchantId + "\"}");
    HttpResponse<String> key =
        admin(
            "POST", "/admin/merchants/" + merchantId + "/credentials", "{\"dialect\":\"juspay\"}");
    return JsonAssert.parse(key.body()).get("api_key").textValue();
  }

  HttpResponse<String> admin(String method, String path, String body) {
    return server.adminCall(method, path, body);
  }

  /** A reference no other test uses, at least 8 characters. */
  static String uniqueReference() {
    return "ref-" + UUID.randomUUID().toString().substring(0, 13);
  }

  static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  HttpRequest.Builder request(String path, String key) {
    return HttpRequest.newBuilder(server.http(path))
        .timeout(java.time.Duration.ofSeconds(20))
        .header("Authorization", basic(key + ":"));
  }

  HttpResponse<String> post(String path, String key, String formBody) {
    return server.send(
        request(path, key)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(formBody))
            .build());
  }

  HttpResponse<String> get(String path, String key) {
    return server.send(request(path, key).GET().build());
  }

  /** Creates a customer of {@code m1} with a unique reference and answers its JSON. */
  JsonNode createCustomer(String key, String reference) {
    HttpResponse<String> created =
        post(
            "/customers",
            key,
            form(
                Map.of(
                    "object_reference_id", reference,
                    "mobile_number", "9876543210",
                    "first_name", "John",
                    "last_name", "Smith",
                    "email_address", "john.smith@example.com")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    return JsonAssert.parse(created.body());
  }

  /** The exact documented error body, whose request id is the response's {@code x-request-id}. */
  static void assertError(HttpResponse<String> response, int status, String fixtureName) {
    assertErrorBody(response, status, fixture("juspay/" + fixtureName));
  }

  static void assertErrorBody(HttpResponse<String> response, int status, String expected) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertJson(response.body(), expected);
    assertThat(JsonAssert.parse(response.body()).get("error_info").get("request_id").textValue())
        .isEqualTo(response.headers().firstValue("x-request-id").orElseThrow());
  }

  /** The documented 400 for bad values, naming the first field and listing every one. */
  static String wrongValues(String... fields) {
    String listed =
        java.util.Arrays.stream(fields)
            .map(f -> "{\"field_name\":\"" + f + "\",\"reason\":\"Invalid value.\"}")
            .collect(Collectors.joining(","));
    return "{\"error_message\":\"Wrong value in "
        + fields[0]
        + "\",\"status\":\"Invalid Request\",\"error_code\":\"Invalid Request\",\"error_info\":"
        + "{\"user_message\":\"Invalid request params. Please verify your input.\",\"fields\":["
        + listed
        + "],\"request_id\":\"<uuid>\",\"href\":\"NA\",\"developer_message\":\"Invalid request params\","
        + "\"code\":\"INVALID_INPUT\",\"category\":\"USER_ERROR\"}}";
  }

  static String unreadable(String developerMessage) {
    return "{\"error_message\":\"Invalid request body\",\"status\":\"Invalid Request\","
        + "\"error_code\":\"Invalid Request\",\"error_info\":{\"user_message\":"
        + "\"Invalid request params. Please verify your input.\",\"request_id\":\"<uuid>\",\"href\":\"NA\","
        + "\"developer_message\":"
        + JsonAssert.parse("[\"" + developerMessage.replace("\"", "\\\"") + "\"]").get(0).toString()
        + ",\"code\":\"INVALID_INPUT\",\"category\":\"USER_ERROR\"}}";
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
