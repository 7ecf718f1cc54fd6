package io.clientele.admin;

import static io.clientele.admin.AdminApiTest.assertError;
import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.merchant.Secrets;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
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

/** Listing, revoking and rotating a merchant's credentials through the admin API. */
class AdminCredentialsTest {
  static final String OVERLAP_RULE = "overlap_seconds must be an integer from 0 to 604800";

  @TempDir Path dataDir;
  TestDatabase database;
  TestServer server;

  @BeforeEach
  void start() {
    database = TestDatabase.h2();
    server = TestServer.start(dataDir, database.config(), Map.of());
    server.adminCall("POST", "/admin/merchants", AdminApiTest.M1);
    server.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m2\",\"name\":\"Two\"}");
  }

  @AfterEach
  void stop() {
    server.close();
    database.close();
  }

  HttpResponse<String> admin(String method, String path, String body) {
    return server.adminCall(method, path, body);
  }

  JsonNode issue(String merchantId, String body) {
    HttpResponse<String> issued =
        admin("POST", "/admin/merchants/" + merchantId + "/credentials", body);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    return JsonAssert.parse(issued.body());
  }

  JsonNode juspayKey(String merchantId) {
    return issue(merchantId, "{\"dialect\":\"juspay\"}");
  }

  static String id(JsonNode issued) {
    return issued.get("credential_id").textValue();
  }

  /** The status a Juspay list answers with this key. */
  int useJuspayKey(String apiKey) {
    return server
        .send(
            HttpRequest.newBuilder(server.http("/customers"))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(apiKey.getBytes(StandardCharsets.UTF_8)))
                .GET()
                .build())
        .statusCode();
  }

  HttpResponse<String> revoke(String merchantId, String credentialId) {
    return admin("DELETE", "/admin/merchants/" + merchantId + "/credentials/" + credentialId, "");
  }

  HttpResponse<String> rotate(String merchantId, String credentialId, String body) {
    return admin(
        "POST",
        "/admin/merchants/" + merchantId + "/credentials/" + credentialId + "/rotate",
        body);
  }

  String stored(String column, String credentialId) {
    return database
        .query("select " + column + " from credentials where id = '" + credentialId + "'")
        .get(0);
  }

  static String listed(String id, String dialect, String projectId, String revokedAt) {
    return "{\"credential_id\":\""
        + id
        + "\",\"dialect\":\""
        + dialect
        + "\","
        + (projectId == null ? "" : "\"project_id\":\"" + projectId + "\",")
        + "\"created_at\":\"<timestamp>\",\"last_used_at\":null,\"revoked_at\":"
        + (revokedAt == null ? "null" : "\"" + revokedAt + "\"")
        + "}";
  }

  @Test
  void listsTheCredentialsOfAMerchantOldestFirst() {
    JsonNode juspay = juspayKey("m1");
    JsonNode flowwise = issue("m1", "{\"dialect\":\"flowwise\",\"project_id\":\"proj_1\"}");
    JsonNode airpay = issue("m1", "{\"dialect\":\"airpay\"}");
    juspayKey("m2");

    HttpResponse<String> response = admin("GET", "/admin/merchants/m1/credentials", "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(
        response.body(),
        "{\"credentials\":["
            + listed(id(juspay), "juspay", null, null)
            + ","
            + listed(id(flowwise), "flowwise", "proj_1", null)
            + ","
            + listed(id(airpay), "airpay", null, null)
            + "]}");
  }

  @Test
  void listsNoSecretNorAnyPartOrHashOfOne() {
    List<JsonNode> issued =
        List.of(
            juspayKey("m1"),
            issue("m1", "{\"dialect\":\"flowwise\",\"project_id\":\"proj_1\"}"),
            issue("m1", "{\"dialect\":\"airpay\"}"));

    String listed = admin("GET", "/admin/merchants/m1/credentials", "").body();

    for (JsonNode credential : issued) {
      for (String field : List.of("api_key", "client_secret", "token", "secret_key")) {
        if (credential.has(field)) {
          String secret = credential.get(field).textValue();
          assertThat(listed)
              .doesNotContain(secret.substring(0, 10))
              .doesNotContain(HexFormat.of().formatHex(Secrets.sha256(secret)));
        }
      }
    }
  }

  @Test
  void listsNoCredentialsOfAMerchantWithoutAny() {
    HttpResponse<String> response = admin("GET", "/admin/merchants/m2/credentials", "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(response.body(), "{\"credentials\":[]}");
  }

  @Test
  void answersHeadOfTheListWithoutABody() {
    HttpResponse<String> response =
        server.send(
            server
                .admin("/admin/merchants/m1/credentials")
                .method("HEAD", BodyPublishers.noBody())
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void answers404ForTheCredentialsOfAnUnknownMerchant() {
    HttpResponse<String> response = admin("GET", "/admin/merchants/nobody/credentials", "");

    assertThat(response.statusCode()).isEqualTo(404);
    assertJson(response.body(), fixture("admin/merchant-not-found.json"));
  }

  @Test
  void revokesACredentialAtOnceAnswering204WithoutABody() {
    JsonNode key = juspayKey("m1");
    assertThat(useJuspayKey(key.get("api_key").textValue())).isEqualTo(200);

    HttpResponse<String> response = revoke("m1", id(key));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("Content-Type")).isEmpty();
    assertThat(useJuspayKey(key.get("api_key").textValue())).isEqualTo(401);
    assertThat(
            JsonAssert.parse(admin("GET", "/admin/merchants/m1/credentials", "").body())
                .get("credentials")
                .get(0)
                .get("revoked_at")
                .textValue())
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  }

  @Test
  void revokingARevokedCredentialAnswers204AndKeepsTheFirstTime() {
    String id = id(juspayKey("m1"));
    revoke("m1", id);
    String first = stored("revoked_at", id);

    HttpResponse<String> again = revoke("m1", id);

    assertThat(again.statusCode()).isEqualTo(204);
    assertThat(stored("revoked_at", id)).isEqualTo(first);
  }

  @Test
  void answers404ForRevokingAnUnknownCredential() {
    assertError(
        revoke("m1", "crd_0000000000000000"),
        404,
        "credential_not_found",
        "Merchant m1 has no credential crd_0000000000000000");
  }

  @Test
  void answers404ForRevokingAnotherMerchantsCredentialAndKeepsIt() {
    JsonNode key = juspayKey("m1");

    assertError(
        revoke("m2", id(key)),
        404,
        "credential_not_found",
        "Merchant m2 has no credential " + id(key));
    assertThat(useJuspayKey(key.get("api_key").textValue())).isEqualTo(200);
  }

  @Test
  void answers404ForRevokingACredentialOfAnUnknownMerchant() {
    HttpResponse<String> response = revoke("nobody", id(juspayKey("m1")));

    assertThat(response.statusCode()).isEqualTo(404);
    assertJson(response.body(), fixture("admin/merchant-not-found.json"));
  }

  @Test
  void rotatesWithoutOverlapRefusingTheOldKeyAtOnce() {
    JsonNode old = juspayKey("m1");

    HttpResponse<String> response = rotate("m1", id(old), "");

    assertThat(response.statusCode()).isEqualTo(201);
    assertJson(response.body(), fixture("admin/credential-juspay.json"));
    JsonNode successor = JsonAssert.parse(response.body());
    assertThat(id(successor)).isNotEqualTo(id(old));
    assertThat(useJuspayKey(old.get("api_key").textValue())).isEqualTo(401);
    assertThat(useJuspayKey(successor.get("api_key").textValue())).isEqualTo(200);
  }

  @Test
  void rotatesAFlowwiseClientIntoTheSameProject() {
    JsonNode old = issue("m1", "{\"dialect\":\"flowwise\",\"project_id\":\"proj_1\"}");

    HttpResponse<String> response = rotate("m1", id(old), "{\"overlap_seconds\":0}");

    assertThat(response.statusCode()).isEqualTo(201);
    assertJson(response.body(), fixture("admin/credential-flowwise.json"));
  }

  @Test
  void rotatesAnAirpayTokenWithANewSecretKey() {
    JsonNode old = issue("m1", "{\"dialect\":\"airpay\"}");

    HttpResponse<String> response = rotate("m1", id(old), "{}");

    assertThat(response.statusCode()).isEqualTo(201);
    assertJson(response.body(), fixture("admin/credential-airpay.json"));
    assertThat(JsonAssert.parse(response.body()).get("secret_key").textValue())
        .isNotEqualTo(old.get("secret_key").textValue());
  }

  @Test
  void keepsTheOldKeyWorkingUntilTheOverlapEnds() throws InterruptedException {
    JsonNode old = juspayKey("m1");
    String oldKey = old.get("api_key").textValue();

    // Taken before the request: the server dates the overlap from the successor's creation, which
    // comes after this and before the answer arrives.
    long rotated = System.nanoTime();
    HttpResponse<String> response = rotate("m1", id(old), "{\"overlap_seconds\":2}");

    assertThat(response.statusCode()).isEqualTo(201);
    String newKey = JsonAssert.parse(response.body()).get("api_key").textValue();
    assertThat(useJuspayKey(oldKey)).isEqualTo(200);
    assertThat(useJuspayKey(newKey)).isEqualTo(200);
    long deadline = rotated + Duration.ofSeconds(15).toNanos();
    while (useJuspayKey(oldKey) == 200) {
      assertThat(System.nanoTime()).as("old key still accepted 15 s on").isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(System.nanoTime() - rotated).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(useJuspayKey(oldKey)).isEqualTo(401);
    assertThat(useJuspayKey(newKey)).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"overlap_seconds\":-1}",
        "{\"overlap_seconds\":604801}",
        "{\"overlap_seconds\":1.5}",
        "{\"overlap_seconds\":1e3}",
        "{\"overlap_seconds\":\"60\"}",
        "{\"overlap_seconds\":null}",
        "{\"overlap_seconds\":true}",
        "{\"overlap_seconds\":[60]}",
        "{\"overlap_seconds\":99999999999999999999}",
      })
  void rejectsAnOverlapThatIsNotAWholeNumberOfSecondsUpToAWeek(String body) {
    JsonNode old = juspayKey("m1");

    assertError(rotate("m1", id(old), body), 400, "invalid_request", OVERLAP_RULE);
    assertThat(useJuspayKey(old.get("api_key").textValue())).isEqualTo(200);
    assertThat(database.query("select id from credentials where merchant_id = 'm1'"))
        .containsExactly(id(old));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "[]                            | Request body must be a JSON object",
        "not json                      | Request body must be a JSON object",
        "'{\"overlap\":60}'             | unknown field overlap",
        "'{\"overlap_seconds\":1,\"x\":2}' | unknown field x",
      })
  void rejectsARotationBodyThatIsNotTheDocumentedObject(String body, String message) {
    JsonNode old = juspayKey("m1");

    assertError(rotate("m1", id(old), body), 400, "invalid_request", message);
    assertThat(useJuspayKey(old.get("api_key").textValue())).isEqualTo(200);
  }

  @Test
  void acceptsAnOverlapOfAWeek() {
    JsonNode old = juspayKey("m1");

    assertThat(rotate("m1", id(old), "{\"overlap_seconds\":604800}").statusCode()).isEqualTo(201);
    assertThat(useJuspayKey(old.get("api_key").textValue())).isEqualTo(200);
  }

  @Test
  void answers409ForRotatingARevokedCredential() {
    String id = id(juspayKey("m1"));
    revoke("m1", id);

    assertError(
        rotate("m1", id, ""),
        409,
        "credential_revoked",
        "Credential " + id + " is revoked or rotated already");
  }

  @Test
  void answers409ForRotatingACredentialTwice() {
    String id = id(juspayKey("m1"));
    rotate("m1", id, "{\"overlap_seconds\":600}");

    assertError(
        rotate("m1", id, ""),
        409,
        "credential_revoked",
        "Credential " + id + " is revoked or rotated already");
    assertThat(database.query("select count(*) from credentials where merchant_id = 'm1'"))
        .containsExactly("2");
  }

  @Test
  void answers404ForRotatingAnUnknownCredential() {
    assertError(
        rotate("m1", "crd_0000000000000000", ""),
        404,
        "credential_not_found",
        "Merchant m1 has no credential crd_0000000000000000");
  }

  @Test
  void recordsTheLastUseAndDoesNotRewriteItWithinTheMinute() {
    JsonNode key = juspayKey("m1");
    String apiKey = key.get("api_key").textValue();
    assertThat(stored("last_used_at", id(key))).isEqualTo("null");

    useJuspayKey(apiKey);
    String first = stored("last_used_at", id(key));
    useJuspayKey(apiKey);
    useJuspayKey(apiKey);

    assertThat(first).isNotEqualTo("null");
    assertThat(stored("last_used_at", id(key))).isEqualTo(first);
    assertThat(
            JsonAssert.parse(admin("GET", "/admin/merchants/m1/credentials", "").body())
                .get("credentials")
                .get(0)
                .get("last_used_at")
                .textValue())
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  }

  @Test
  void namesTheMethodsACredentialPathServes() {
    String id = id(juspayKey("m1"));

    HttpResponse<String> put = admin("PUT", "/admin/merchants/m1/credentials/" + id, "{}");
    HttpResponse<String> get =
        admin("GET", "/admin/merchants/m1/credentials/" + id + "/rotate", "");

    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).hasValue("DELETE");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
  }
}
