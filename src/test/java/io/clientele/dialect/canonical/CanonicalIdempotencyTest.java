package io.clientele.dialect.canonical;

import static io.clientele.testing.JsonAssert.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.server.Idempotency;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Idempotency-Key} on the canonical API's writes: a retry gets the first answer and writes
 * nothing; the key with another request is refused; keys belong to one merchant.
 */
class CanonicalIdempotencyTest {
  static final String BODY =
      "{\"reference\":\"idem-1\",\"name\":\"Asha Rao\",\"email\":\"a@x.in\"}";

  static HttpResponse<String> create(CanonicalServer canonical, String key, String body) {
    return canonical.send(
        canonical.m1, "POST", "/v1/customers", "application/json", body, "Idempotency-Key", key);
  }

  static long rows(CanonicalServer canonical, String sql) {
    return Long.parseLong(canonical.database.query(sql).get(0));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void replaysTheFirstAnswerToARetriedCreateAndWritesOnce(TestDatabase.Engine engine) {
    try (CanonicalServer canonical = new CanonicalServer(TestDatabase.create(engine))) {
      HttpResponse<String> first = create(canonical, "order-7f3a", BODY);
      HttpResponse<String> retry = create(canonical, "order-7f3a", BODY);

      assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
      assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
      assertThat(retry.statusCode()).isEqualTo(201);
      assertThat(retry.body()).isEqualTo(first.body());
      assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
      assertThat(retry.headers().firstValue("ETag")).hasValue("\"1\"");
      assertThat(retry.headers().firstValue("Location"))
          .isEqualTo(first.headers().firstValue("Location"))
          .isPresent();
      assertThat(retry.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(rows(canonical, "select count(*) from customers where merchant_id = 'm1'"))
          .isEqualTo(1);
      assertThat(rows(canonical, "select count(*) from customer_changes")).isEqualTo(1);
    }
  }

  @Test
  void refusesTheKeyWithAnotherBodyAndWritesNothing() {
    try (CanonicalServer canonical = new CanonicalServer()) {
      create(canonical, "order-1", BODY);
      HttpResponse<String> other =
          create(canonical, "order-1", BODY.replace("Asha Rao", "Asha R."));

      assertThat(other.statusCode()).isEqualTo(422);
      assertJson(
          other.body(),
          """
          {"error":{"type":"invalid_request_error","code":"idempotency_key_reused",\
          "message":"This Idempotency-Key came first with another request (method, path,\
           preconditions or body); send a new key for a new request"}}""");
      assertThat(rows(canonical, "select count(*) from customers")).isEqualTo(1);
    }
  }

  @Test
  void refusesTheKeyOnAnotherPathOrMethod() {
    try (CanonicalServer canonical = new CanonicalServer()) {
      String id = JsonAssert.parse(create(canonical, "k-1", BODY).body()).get("id").textValue();

      HttpResponse<String> patch =
          canonical.patch(canonical.m1, id, "{\"name\":\"B\"}", "Idempotency-Key", "k-1");
      HttpResponse<String> delete = canonical.delete(canonical.m1, id, "Idempotency-Key", "k-1");

      assertThat(patch.statusCode()).isEqualTo(422);
      assertThat(delete.statusCode()).isEqualTo(422);
      assertThat(JsonAssert.parse(canonical.get(canonical.m1, id).body()).get("version").asLong())
          .isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void replaysAPatchAsItWasAnsweredThoughTheCustomerChangedSince(TestDatabase.Engine engine) {
    try (CanonicalServer canonical = new CanonicalServer(TestDatabase.create(engine))) {
      JsonNode created = canonical.created(canonical.m1, "idem-2", "\"name\":\"Start\"");
      String id = created.get("id").textValue();
      HttpResponse<String> first = secondNameUnderKey(canonical, id);
      canonical.patch(canonical.m1, id, "{\"name\":\"Third\"}");

      HttpResponse<String> retry = secondNameUnderKey(canonical, id);

      assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
      assertThat(retry.statusCode()).as("a replay, not a 412").isEqualTo(200);
      assertThat(retry.body()).isEqualTo(first.body());
      assertThat(retry.headers().firstValue("ETag")).hasValue("\"2\"");
      JsonNode stored = JsonAssert.parse(canonical.get(canonical.m1, id).body());
      assertThat(stored.get("name").textValue()).isEqualTo("Third");
      assertThat(stored.get("version").asLong()).isEqualTo(3);
    }
  }

  private static HttpResponse<String> secondNameUnderKey(CanonicalServer canonical, String id) {
    return canonical.patch(
        canonical.m1,
        id,
        "{\"name\":\"Second\"}",
        "Idempotency-Key",
        "patch-1",
        "If-Match",
        "\"1\"");
  }

  @Test
  void replaysAnErasureThoughTheCustomerIsGone() {
    try (CanonicalServer canonical = new CanonicalServer()) {
      String id = canonical.created(canonical.m1, "idem-3", "").get("id").textValue();
      HttpResponse<String> first = canonical.delete(canonical.m1, id, "Idempotency-Key", "del-1");
      HttpResponse<String> retry = canonical.delete(canonical.m1, id, "Idempotency-Key", "del-1");

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(retry.statusCode()).isEqualTo(200);
      assertJson(retry.body(), "{\"id\":\"" + id + "\",\"deleted\":true,\"version\":2}");
      assertThat(retry.headers().firstValue("ETag")).hasValue("\"2\"");
      assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }
  }

  @Test
  void refusesToReplayACreateWhoseCustomerWasErasedSince() {
    try (CanonicalServer canonical = new CanonicalServer()) {
      String id =
          JsonAssert.parse(create(canonical, "create-then-erase", BODY).body())
              .get("id")
              .textValue();
      canonical.delete(canonical.m1, id);

      HttpResponse<String> retry = create(canonical, "create-then-erase", BODY);

      assertThat(retry.statusCode()).isEqualTo(409);
      assertJson(
          retry.body(),
          """
          {"error":{"type":"invalid_request_error","code":"idempotency_answer_gone",\
          "message":"The write this Idempotency-Key made stands, but its answer cannot be given\
           again: the customer was erased since, or the server stopped before recording it"}}""");
      assertThat(rows(canonical, "select count(*) from customers"))
          .as("no second create")
          .isEqualTo(1);
      assertThat(
              canonical.database.query(
                  "select count(*) from idempotency_keys where body is not null"))
          .containsExactly("0");
    }
  }

  @Test
  void sealsTheRecordedAnswerSoNoPersonalValueIsStoredInClear() {
    try (CanonicalServer canonical = new CanonicalServer()) {
      create(canonical, "sealed-1", BODY);

      String stored =
          new String(
              java.util.HexFormat.of()
                  .parseHex(
                      canonical
                          .database
                          .query("select rawtohex(body) from idempotency_keys")
                          .get(0)),
              java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(stored).doesNotContain("Asha").doesNotContain("a@x.in").doesNotContain("idem-1");
    }
  }

  @Test
  void keysBelongToOneMerchant() {
    try (CanonicalServer canonical = new CanonicalServer()) {
      HttpResponse<String> m1 = create(canonical, "shared-key", BODY);
      HttpResponse<String> m2 =
          canonical.send(
              canonical.m2,
              "POST",
              "/v1/customers",
              "application/json",
              BODY,
              "Idempotency-Key",
              "shared-key");

      assertThat(m2.statusCode()).isEqualTo(201);
      assertThat(m2.headers().firstValue("Idempotent-Replayed")).isEmpty();
      assertThat(JsonAssert.parse(m2.body()).get("id"))
          .isNotEqualTo(JsonAssert.parse(m1.body()).get("id"));
    }
  }

  @Test
  void aRefusedRequestLeavesItsKeyFree() {
    try (CanonicalServer canonical = new CanonicalServer()) {
      HttpResponse<String> refused = create(canonical, "retry-after-fix", "{\"reference\":\"\"}");
      HttpResponse<String> fixed = create(canonical, "retry-after-fix", BODY);

      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(fixed.statusCode()).isEqualTo(201);
      assertThat(fixed.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }
  }

  /** A key claimed {@code ago} by a request with {@link #BODY} whose answer was never recorded. */
  static void claimedWithoutAnAnswer(CanonicalServer canonical, String key, Duration ago) {
    byte[] fingerprint =
        Idempotency.fingerprint(
            BODY.getBytes(StandardCharsets.UTF_8),
            "POST",
            "/v1/customers",
            null,
            "application/json",
            null,
            null);
    canonical.database.claimWithoutAnswer(
        "m1", "canonical", key, fingerprint, java.time.Instant.now().minus(ago));
  }

  @Test
  void refusesARetryWhoseFirstAnswerWasNeverRecorded() {
    try (CanonicalServer canonical = new CanonicalServer()) {
      claimedWithoutAnAnswer(canonical, "lost-answer", Duration.ofMinutes(2));

      HttpResponse<String> retry = create(canonical, "lost-answer", BODY);

      assertThat(retry.statusCode()).isEqualTo(409);
      assertThat(JsonAssert.parse(retry.body()).get("error").get("code").textValue())
          .isEqualTo("idempotency_answer_gone");
      assertThat(rows(canonical, "select count(*) from customers")).isZero();
    }
  }

  @Test
  void asksARetryToComeBackWhileTheFirstRequestIsUnderWay() {
    try (CanonicalServer canonical = new CanonicalServer()) {
      claimedWithoutAnAnswer(canonical, "under-way", Duration.ZERO);

      HttpResponse<String> retry = create(canonical, "under-way", BODY);

      assertThat(retry.statusCode()).isEqualTo(409);
      assertThat(retry.headers().firstValue("Retry-After")).hasValue("1");
      assertJson(
          retry.body(),
          """
          {"error":{"type":"invalid_request_error","code":"idempotency_key_in_use",\
          "message":"A request with this Idempotency-Key is still being handled; retry\
           shortly"}}""");
      assertThat(rows(canonical, "select count(*) from customers")).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 256})
  void refusesAKeyOfTheWrongLength(int length) {
    try (CanonicalServer canonical = new CanonicalServer()) {
      HttpResponse<String> response = create(canonical, "k".repeat(length), BODY);

      assertThat(response.statusCode()).isEqualTo(400);
      assertJson(
          response.body(),
          """
          {"error":{"type":"invalid_request_error","code":"idempotency_key_invalid",\
          "message":"Idempotency-Key must be 1 to 255 visible ASCII characters or spaces"}}""");
      assertThat(rows(canonical, "select count(*) from customers")).isZero();
    }
  }

  @Test
  void takesAKeyOf255Characters() {
    try (CanonicalServer canonical = new CanonicalServer()) {
      String key = "k".repeat(255);
      create(canonical, key, BODY);

      HttpResponse<String> retry = create(canonical, key, BODY);

      assertThat(retry.statusCode()).isEqualTo(201);
      assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }
  }
}
