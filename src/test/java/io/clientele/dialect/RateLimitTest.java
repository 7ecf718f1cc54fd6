package io.clientele.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.dialect.airpay.Checksum;
import io.clientele.server.FormBody;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rate limits through the real server, on a clock the test moves by hand: each dialect's 429 and
 * {@code Retry-After}, refill, a bucket per credential, and what is not charged. Each test uses a
 * merchant of its own, so buckets never carry over between tests.
 */
class RateLimitTest {
  static final String AIRPAY_PATH = "/airpay/ms/cards/api/update-customer";
  static final AtomicLong NANOS = new AtomicLong(1_000_000_000L);
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.startInTemporaryDir(null, NANOS::get);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void advance(Duration by) {
    NANOS.addAndGet(by.toNanos());
  }

  private static void merchant(String id) {
    HttpResponse<String> created =
        server.adminCall(
            "POST", "/admin/merchants", "{\"merchant_id\":\"" + id + "\",\"name\":\"Shop\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private static void limit(String merchant, String body) {
    HttpResponse<String> set =
        server.adminCall("PUT", "/admin/merchants/" + merchant + "/rate-limit", body);
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
  }

  private static JsonNode issue(String merchant, String body) {
    HttpResponse<String> issued =
        server.adminCall("POST", "/admin/merchants/" + merchant + "/credentials", body);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    return JsonAssert.parse(issued.body());
  }

  private static String juspayKey(String merchant) {
    return issue(merchant, "{\"dialect\":\"juspay\"}").get("api_key").textValue();
  }

  private static HttpResponse<String> juspayList(String key) {
    return juspayList(key, null);
  }

  private static HttpResponse<String> juspayList(String key, String claimedMerchant) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.http("/customers")).header("Authorization", basic(key));
    if (claimedMerchant != null) {
      request.header("x-merchantid", claimedMerchant);
    }
    return server.send(request.build());
  }

  private static String basic(String key) {
    return "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertLimited(HttpResponse<String> response, String fixture) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
    JsonAssert.assertJson(response.body(), JsonAssert.fixture(fixture));
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
  }

  private static void assertStatus(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }

  @Test
  void limitsNoMerchantUntilOneIsSet() {
    merchant("unlimited");
    String key = juspayKey("unlimited");
    for (int i = 0; i < 50; i++) {
      assertStatus(juspayList(key), 200);
    }
  }

  @Test
  void answersJuspays429WithRetryAfterOnceTheBurstIsSpent() {
    merchant("juspay429");
    limit("juspay429", "{\"requests_per_second\":1,\"burst\":2}");
    String key = juspayKey("juspay429");
    assertStatus(juspayList(key), 200);
    assertStatus(juspayList(key), 200);
    HttpResponse<String> refused = juspayList(key);
    assertLimited(refused, "juspay/too-many-requests.json");
    assertThat(JsonAssert.parse(refused.body()).at("/error_info/request_id").textValue())
        .isEqualTo(refused.headers().firstValue("x-request-id").orElseThrow());
  }

  @Test
  void answersFlowwises429WithRetryAfter() {
    merchant("flowwise429");
    limit("flowwise429", "{\"requests_per_second\":1,\"burst\":1}");
    JsonNode client = issue("flowwise429", "{\"dialect\":\"flowwise\",\"project_id\":\"p1\"}");
    HttpRequest get =
        HttpRequest.newBuilder(server.http("/router/customer/nobody-here"))
            .header("x-client-id", client.get("client_id").textValue())
            .header("x-client-secret", client.get("client_secret").textValue())
            .build();
    assertStatus(server.send(get), 404);
    assertLimited(server.send(get), "flowwise/too-many-requests.json");
  }

  @Test
  void answersAirpays429WithRetryAfterAndAReasonButChargesNoRequestWithABadChecksum() {
    merchant("airpay429");
    limit("airpay429", "{\"requests_per_second\":1,\"burst\":1}");
    JsonNode token = issue("airpay429", "{\"dialect\":\"airpay\"}");
    String form = "entity_id=nobody-here&city=Pune";
    assertStatus(airpay(token.get("token").textValue(), "0".repeat(64), form), 401);
    assertStatus(airpay(token.get("token").textValue(), "0".repeat(64), form), 401);
    String checksum = checksum(form, token.get("secret_key").textValue());
    assertStatus(airpay(token.get("token").textValue(), checksum, form), 404);
    HttpResponse<String> refused = airpay(token.get("token").textValue(), checksum, form);
    assertLimited(refused, "airpay/fail-429.json");
    assertThat(refused.headers().firstValue("x-clientele-reason"))
        .hasValue("rate limit of this token exceeded; retry after the Retry-After seconds");
  }

  private static HttpResponse<String> airpay(String token, String checksum, String form) {
    return server.send(
        HttpRequest.newBuilder(server.http(AIRPAY_PATH))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("token", token)
            .header("checksum", checksum)
            .POST(BodyPublishers.ofString(form))
            .build());
  }

  private static String checksum(String form, String secretKey) {
    List<String> values = FormBody.parse(form).stream().map(FormBody.Pair::value).toList();
    return Checksum.of(values, secretKey);
  }

  @Test
  void admitsAgainOnceATokenHasRefilled() {
    merchant("refill");
    limit("refill", "{\"requests_per_second\":2,\"burst\":1}");
    String key = juspayKey("refill");
    assertStatus(juspayList(key), 200);
    assertStatus(juspayList(key), 429);
    advance(Duration.ofMillis(499));
    assertStatus(juspayList(key), 429);
    advance(Duration.ofMillis(1));
    assertStatus(juspayList(key), 200);
    assertStatus(juspayList(key), 429);
  }

  @Test
  void givesEachCredentialOfAMerchantABucketOfItsOwn() {
    merchant("two-keys");
    limit("two-keys", "{\"requests_per_second\":1,\"burst\":1}");
    String first = juspayKey("two-keys");
    String second = juspayKey("two-keys");
    assertStatus(juspayList(first), 200);
    assertStatus(juspayList(first), 429);
    assertStatus(juspayList(second), 200);
    assertStatus(juspayList(second), 429);
  }

  @Test
  void limitsOneMerchantWithoutTouchingAnother() {
    merchant("busy");
    merchant("quiet");
    limit("busy", "{\"requests_per_second\":1,\"burst\":1}");
    String busy = juspayKey("busy");
    String quiet = juspayKey("quiet");
    assertStatus(juspayList(busy), 200);
    assertStatus(juspayList(busy), 429);
    for (int i = 0; i < 10; i++) {
      assertStatus(juspayList(quiet), 200);
    }
  }

  @Test
  void givesARotatedCredentialsSuccessorABucketOfItsOwn() {
    merchant("rotating");
    limit("rotating", "{\"requests_per_second\":1,\"burst\":1}");
    JsonNode old = issue("rotating", "{\"dialect\":\"juspay\"}");
    assertStatus(juspayList(old.get("api_key").textValue()), 200);
    HttpResponse<String> rotated =
        server.adminCall(
            "POST",
            "/admin/merchants/rotating/credentials/"
                + old.get("credential_id").textValue()
                + "/rotate",
            "{\"overlap_seconds\":60}");
    assertStatus(rotated, 201);
    assertStatus(juspayList(old.get("api_key").textValue()), 429);
    String successor = JsonAssert.parse(rotated.body()).get("api_key").textValue();
    assertStatus(juspayList(successor), 200);
    assertStatus(juspayList(successor), 429);
  }

  @Test
  void chargesNoRequestItRefusesForItsCredentials() {
    merchant("claims");
    merchant("other");
    limit("claims", "{\"requests_per_second\":1,\"burst\":1}");
    String key = juspayKey("claims");
    for (int i = 0; i < 5; i++) {
      assertStatus(juspayList(key, "other"), 401);
    }
    assertStatus(juspayList(key), 200);
    assertStatus(juspayList(key), 429);
  }

  @Test
  void writesNothingForARequestItRefusesForItsRate() {
    merchant("no-write");
    limit("no-write", "{\"requests_per_second\":1,\"burst\":1}");
    String key = juspayKey("no-write");
    assertStatus(juspayList(key), 200);
    HttpResponse<String> create =
        server.send(
            HttpRequest.newBuilder(server.http("/customers"))
                .header("Authorization", basic(key))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    BodyPublishers.ofString(
                        "object_reference_id=refused-create&mobile_number=9876543210"))
                .build());
    assertLimited(create, "juspay/too-many-requests.json");
    advance(Duration.ofSeconds(1));
    assertStatus(
        server.send(
            HttpRequest.newBuilder(server.http("/customers/refused-create"))
                .header("Authorization", basic(key))
                .build()),
        404);
    JsonNode credentials =
        JsonAssert.parse(
            server.adminCall("GET", "/admin/merchants/no-write/credentials", "").body());
    assertThat(credentials.at("/credentials/0/last_used_at").isTextual()).isTrue();
  }

  @Test
  void stopsLimitingOnceTheLimitIsSetToNull() {
    merchant("lifted");
    limit("lifted", "{\"requests_per_second\":1,\"burst\":1}");
    String key = juspayKey("lifted");
    assertStatus(juspayList(key), 200);
    assertStatus(juspayList(key), 429);
    limit("lifted", "null");
    for (int i = 0; i < 10; i++) {
      assertStatus(juspayList(key), 200);
    }
  }

  @Test
  void appliesAChangedLimitFromThisNodesNextRequest() {
    merchant("raised");
    limit("raised", "{\"requests_per_second\":1,\"burst\":1}");
    String key = juspayKey("raised");
    assertStatus(juspayList(key), 200);
    assertStatus(juspayList(key), 429);
    limit("raised", "{\"requests_per_second\":1,\"burst\":3}");
    assertStatus(juspayList(key), 200);
    assertStatus(juspayList(key), 200);
    assertStatus(juspayList(key), 200);
    assertStatus(juspayList(key), 429);
  }

  @Test
  void limitsNeitherTheAdminApiNorHealthNorMetrics() {
    merchant("operator");
    limit("operator", "{\"requests_per_second\":1,\"burst\":1}");
    for (int i = 0; i < 20; i++) {
      assertStatus(server.adminCall("GET", "/admin/merchants/operator", ""), 200);
      assertStatus(server.send(HttpRequest.newBuilder(server.http("/health/ready")).build()), 200);
      assertStatus(server.send(HttpRequest.newBuilder(server.http("/metrics")).build()), 200);
    }
  }
}
