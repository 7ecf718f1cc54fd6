package io.clientele.admin;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.merchant.Secrets;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminApiTest {
  static final String M1 =
      """
      {"merchant_id":"m1","name":"Acme Payments","allowed_ips":["127.0.0.1","10.0.0.0/8","::1"]}""";

  @TempDir Path dataDir;
  TestDatabase database;
  TestServer server;

  @BeforeEach
  void start() {
    database = TestDatabase.h2();
    server = TestServer.start(dataDir, database.config(), Map.of());
  }

  @AfterEach
  void stop() {
    server.close();
    database.close();
  }

  HttpResponse<String> post(String path, String body) {
    return server.send(server.admin(path).POST(BodyPublishers.ofString(body)).build());
  }

  HttpResponse<String> put(String path, String body) {
    return server.send(server.admin(path).PUT(BodyPublishers.ofString(body)).build());
  }

  HttpResponse<String> get(String path) {
    return server.send(server.admin(path).GET().build());
  }

  static void assertError(HttpResponse<String> response, int status, String code, String message) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertJson(
        response.body(),
        "{\"error\":{\"code\":\"" + code + "\",\"message\":" + quote(message) + "}}");
  }

  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  void rejectsARequestWithoutToken() {
    HttpResponse<String> response =
        server.send(HttpRequest.newBuilder(server.http("/admin/merchants")).GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertJson(response.body(), fixture("admin/unauthorized.json"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Bearer wrong-token", "Basic dGVzdA==", "Bearer ", "test-admin-token-0123456789"})
  void rejectsAWrongToken(String authorization) {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.http("/admin/merchants"))
                .header("Authorization", authorization)
                .POST(BodyPublishers.ofString(M1))
                .build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertJson(response.body(), fixture("admin/unauthorized.json"));
    assertThat(get("/admin/merchants/m1").statusCode()).isEqualTo(404);
  }

  @Test
  void createsAMerchant() {
    HttpResponse<String> response = post("/admin/merchants", M1);

    assertThat(response.statusCode()).isEqualTo(201);
    assertJson(response.body(), fixture("admin/merchant-m1.json"));
  }

  @Test
  void returnsAMerchant() {
    String created = post("/admin/merchants", M1).body();

    HttpResponse<String> response = get("/admin/merchants/m1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(response.body(), fixture("admin/merchant-m1.json"));
    assertThat(JsonAssert.parse(response.body())).isEqualTo(JsonAssert.parse(created));
  }

  @Test
  void listsMerchantsIncludingTheSandbox() {
    post("/admin/merchants", "{\"merchant_id\":\"m2\",\"name\":\"Second\"}");

    HttpResponse<String> response = get("/admin/merchants");

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(
        response.body(),
        """
        {"merchants":[
          {"merchant_id":"m2","name":"Second","allowed_ips":[],"created_at":"<timestamp>","rate_limit":null},
          {"merchant_id":"sandbox","name":"Sandbox","allowed_ips":[],"created_at":"<timestamp>","rate_limit":null}
        ]}""");
  }

  @Test
  void refusesADuplicateMerchant() {
    post("/admin/merchants", M1);

    HttpResponse<String> response =
        post("/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"Other\"}");

    assertThat(response.statusCode()).isEqualTo(409);
    assertJson(response.body(), fixture("admin/merchant-exists.json"));
    assertThat(JsonAssert.parse(get("/admin/merchants/m1").body()).get("name").textValue())
        .isEqualTo("Acme Payments");
  }

  @Test
  void answers404ForAnUnknownMerchant() {
    HttpResponse<String> response = get("/admin/merchants/nobody");

    assertThat(response.statusCode()).isEqualTo(404);
    assertJson(response.body(), fixture("admin/merchant-not-found.json"));
  }

  @Test
  void answers404ForAnUnknownAdminRoute() {
    HttpResponse<String> response = get("/admin/nothing-here");

    assertThat(response.statusCode()).isEqualTo(404);
    assertJson(response.body(), fixture("admin/route-not-found.json"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "not json                                        | Request body must be a JSON object",
        "''                                              | Request body must be a JSON object",
        "[]                                              | Request body must be a JSON object",
        "'{\"merchant_id\":\"m1\",\"name\":\"x\"} garbage' | Request body must be a JSON object",
        "'\"m1\"'                                        | Request body must be a JSON object",
        "'{\"merchant_id\":\"m1\",\"merchant_id\":\"m2\",\"name\":\"x\"}' | Request body must be a JSON object",
        "{}                                              | merchant_id is required; name is required",
        "'{\"merchant_id\":7,\"name\":\"x\"}'            | merchant_id must be a string",
        "'{\"merchant_id\":\"m 1\",\"name\":\"x\"}'      | merchant_id must be 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit",
        "'{\"merchant_id\":\"\",\"name\":\"x\"}'         | merchant_id must be 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit",
        "'{\"merchant_id\":\"m1\",\"name\":\"  \"}'      | name must be 1 to 255 characters, not blank, without control characters",
        "'{\"merchant_id\":\"m1\",\"name\":\"x\",\"allowed_ips\":\"10.0.0.1\"}' | allowed_ips must be an array of IP addresses or CIDR blocks",
        "'{\"merchant_id\":\"m1\",\"name\":\"x\",\"allowed_ips\":[\"10.0.0.0/33\",\"example.com\"]}' | allowed_ips entry \"10.0.0.0/33\" is not an IP address or CIDR block; allowed_ips entry \"example.com\" is not an IP address or CIDR block",
        "'{\"merchant_id\":\"m1\",\"name\":\"x\",\"colour\":\"red\"}' | unknown field colour",
      })
  void rejectsABadMerchantBody(String body, String message) {
    HttpResponse<String> response = post("/admin/merchants", body);

    assertError(response, 400, "invalid_request", message);
    assertThat(get("/admin/merchants/m1").statusCode()).isEqualTo(404);
  }

  @Test
  void rejectsATooLongMerchantName() {
    HttpResponse<String> response =
        post("/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"" + "x".repeat(256) + "\"}");

    assertError(
        response,
        400,
        "invalid_request",
        "name must be 1 to 255 characters, not blank, without control characters");
  }

  @Test
  void issuesAJuspayKeyStoredOnlyAsItsHash() throws SQLException {
    post("/admin/merchants", M1);

    HttpResponse<String> response =
        post("/admin/merchants/m1/credentials", "{\"dialect\":\"juspay\"}");

    assertThat(response.statusCode()).isEqualTo(201);
    assertJson(response.body(), fixture("admin/credential-juspay.json"));
    String apiKey = JsonAssert.parse(response.body()).get("api_key").textValue();
    assertThat(credentialRows("m1"))
        .containsExactly(
            "juspay|null|"
                + apiKey.substring(0, 10)
                + "|"
                + HexFormat.of().formatHex(Secrets.sha256(apiKey))
                + "|null");
  }

  @Test
  void issuesAFlowwiseClientForANewProject() throws SQLException {
    post("/admin/merchants", M1);

    HttpResponse<String> response =
        post(
            "/admin/merchants/m1/credentials",
            "{\"dialect\":\"flowwise\",\"project_id\":\"proj_1\"}");

    assertThat(response.statusCode()).isEqualTo(201);
    assertJson(response.body(), fixture("admin/credential-flowwise.json"));
    var body = JsonAssert.parse(response.body());
    String clientId = body.get("client_id").textValue();
    String secret = body.get("client_secret").textValue();
    assertThat(credentialRows("m1"))
        .containsExactly(
            "flowwise|proj_1|"
                + clientId
                + "|"
                + HexFormat.of().formatHex(Secrets.sha256(secret))
                + "|null");
    assertThat(query("select merchant_id, id, name from projects where merchant_id = 'm1'"))
        .containsExactly("m1|proj_1|proj_1");
    assertThat(
            post(
                    "/admin/merchants/m1/credentials",
                    "{\"dialect\":\"flowwise\",\"project_id\":\"proj_1\"}")
                .statusCode())
        .isEqualTo(201);
    assertThat(query("select merchant_id, id from projects where merchant_id = 'm1'"))
        .containsExactly("m1|proj_1");
  }

  @Test
  void issuesAnAirpayTokenWithItsSecretKeySealed() throws SQLException {
    post("/admin/merchants", M1);

    HttpResponse<String> response =
        post("/admin/merchants/m1/credentials", "{\"dialect\":\"airpay\"}");

    assertThat(response.statusCode()).isEqualTo(201);
    assertJson(response.body(), fixture("admin/credential-airpay.json"));
    var body = JsonAssert.parse(response.body());
    String token = body.get("token").textValue();
    String secretKey = body.get("secret_key").textValue();
    List<String> rows =
        query("select id, sealed_secret, secret_hash from credentials where merchant_id = 'm1'");
    assertThat(rows).hasSize(1);
    String[] row = rows.get(0).split("\\|");
    assertThat(row[2]).isEqualTo(HexFormat.of().formatHex(Secrets.sha256(token)));
    assertThat(row[1]).doesNotContain(secretKey);
    byte[] dataKey =
        java.util.Base64.getDecoder().decode(readString(dataDir.resolve("data-key")).strip());
    assertThat(
            new io.clientele.merchant.SecretSealer(io.clientele.vault.MasterKeys.of(dataKey))
                .open(row[1], row[0]))
        .isEqualTo(secretKey);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "'{\"dialect\":\"stripe\"}'                         | dialect must be one of juspay, flowwise, airpay, canonical",
        "'{}'                                               | dialect is required",
        "'{\"dialect\":\"flowwise\"}'                       | project_id is required",
        "'{\"dialect\":\"flowwise\",\"project_id\":\"a/b\"}' | project_id must be 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit",
        "'{\"dialect\":\"juspay\",\"project_id\":\"p1\"}'   | project_id is only for the flowwise dialect",
        "'{\"dialect\":\"juspay\",\"scope\":\"all\"}'       | unknown field scope",
        "'{\"dialect\":[\"juspay\"]}'                       | dialect must be a string",
      })
  void rejectsABadCredentialRequest(String body, String message) throws SQLException {
    post("/admin/merchants", M1);

    assertError(post("/admin/merchants/m1/credentials", body), 400, "invalid_request", message);
    assertThat(credentialRows("m1")).isEmpty();
  }

  @Test
  void answers404ForACredentialOfAnUnknownMerchant() throws SQLException {
    HttpResponse<String> response =
        post("/admin/merchants/nobody/credentials", "{\"dialect\":\"juspay\"}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertJson(response.body(), fixture("admin/merchant-not-found.json"));
    assertThat(credentialRows("nobody")).isEmpty();
  }

  @Test
  void replacesTheAllowList() {
    post("/admin/merchants", M1);

    HttpResponse<String> response =
        put("/admin/merchants/m1/allowed-ips", "{\"allowed_ips\":[\"192.168.0.0/16\"]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(
        response.body(),
        """
        {"merchant_id":"m1","name":"Acme Payments","allowed_ips":["192.168.0.0/16"],"created_at":"<timestamp>","rate_limit":null}""");
    assertJson(
        put("/admin/merchants/m1/allowed-ips", "{\"allowed_ips\":[]}").body(),
        """
        {"merchant_id":"m1","name":"Acme Payments","allowed_ips":[],"created_at":"<timestamp>","rate_limit":null}""");
  }

  @Test
  void rejectsABadAllowListAndKeepsTheOldOne() {
    post("/admin/merchants", M1);

    assertError(
        put("/admin/merchants/m1/allowed-ips", "{\"allowed_ips\":[\"300.1.1.1\"]}"),
        400,
        "invalid_request",
        "allowed_ips entry \"300.1.1.1\" is not an IP address or CIDR block");
    assertError(
        put("/admin/merchants/m1/allowed-ips", "{}"),
        400,
        "invalid_request",
        "allowed_ips is required");
    assertJson(get("/admin/merchants/m1").body(), fixture("admin/merchant-m1.json"));
  }

  @Test
  void answers404ForTheAllowListOfAnUnknownMerchant() {
    HttpResponse<String> response =
        put("/admin/merchants/nobody/allowed-ips", "{\"allowed_ips\":[]}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertJson(response.body(), fixture("admin/merchant-not-found.json"));
  }

  @Test
  void refusesABodyOverOneMebibyte() {
    String padding = "x".repeat(1024 * 1024);
    HttpResponse<String> response =
        post("/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"" + padding + "\"}");

    assertThat(response.statusCode()).isEqualTo(413);
    assertJson(response.body(), fixture("admin/payload-too-large.json"));
    assertThat(response.headers().firstValue("x-request-id").orElseThrow())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(get("/admin/merchants/m1").statusCode()).isEqualTo(404);
  }

  @Test
  void refusesAChunkedBodyOverOneMebibyte() {
    byte[] chunk = "x".repeat(64 * 1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      chunks.add(chunk);
    }
    HttpResponse<String> response =
        server.send(
            server.admin("/admin/merchants").POST(BodyPublishers.ofByteArrays(chunks)).build());

    assertThat(response.statusCode()).isEqualTo(413);
    assertJson(response.body(), fixture("admin/payload-too-large.json"));
  }

  List<String> credentialRows(String merchantId) throws SQLException {
    return query(
        "select dialect, project_id, lookup, secret_hash, sealed_secret from credentials where merchant_id = '"
            + merchantId
            + "'");
  }

  List<String> query(String sql) {
    return database.query(sql);
  }

  static String readString(Path path) {
    try {
      return java.nio.file.Files.readString(path);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
