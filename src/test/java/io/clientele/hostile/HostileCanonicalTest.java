package io.clientele.hostile;

import static io.clientele.hostile.CanonicalClient.bare;
import static io.clientele.hostile.CanonicalClient.error;
import static io.clientele.testing.JsonAssert.assertJsonText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.server.RequestBody;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.LogCapture;
import io.clientele.testing.RawConnection;
import io.clientele.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A hostile or careless client of {@code /v1/customers}, each finding proved by one test. */
class HostileCanonicalTest {
  static CanonicalClient canonical;

  @BeforeAll
  static void start() {
    canonical = new CanonicalClient(TestDatabase.Engine.H2);
  }

  @AfterAll
  static void stop() {
    canonical.close();
  }

  static String reference() {
    return "hostile-" + UUID.randomUUID().toString().substring(0, 13);
  }

  /** {@code "k00":"v",…} for keys {@code from} to {@code to} (excluded), without braces. */
  static String keys(String prefix, int from, int to, String value) {
    StringBuilder members = new StringBuilder();
    for (int i = from; i < to; i++) {
      members
          .append(members.isEmpty() ? "" : ",")
          .append(String.format("\"%s%02d\":", prefix, i))
          .append(value == null ? "null" : "\"" + value + "\"");
    }
    return members.toString();
  }

  static final String PHONE_REFUSED =
      error(
          "parameter_invalid",
          "phone must be an international number in E.164, such as +919876543210",
          "phone");

  /**
   * libphonenumber reads letters as keypad digits and drops what trails a number, so these were
   * stored as other numbers ({@code +65 9988 7766 tel} as +6599887766835) or silently trimmed.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "+65 9988 7766 tel",
        "+1 800 FLOWERS",
        "+91 98765 hello",
        "+919876543210x",
        "+919876543210/x12",
        "++919876543210",
        "+91 98765 43210",
        "+\uff19\uff11\uff19\uff18\uff17\uff16\uff15\uff14\uff13\uff12\uff11\uff10",
      })
  void refusesAPhoneThatIsNotE164RatherThanStoringAnotherNumber(String phone) {
    String reference = reference();
    HttpResponse<String> create =
        canonical.post("{\"reference\":\"" + reference() + "\",\"phone\":\"" + phone + "\"}");
    canonical.created(reference, "\"phone\":\"+6599887766\"");
    HttpResponse<String> patch = canonical.patch(reference, "{\"phone\":\"" + phone + "\"}");

    assertThat(create.statusCode()).isEqualTo(400);
    assertJsonText(create.body(), PHONE_REFUSED);
    assertThat(patch.statusCode()).isEqualTo(400);
    assertJsonText(patch.body(), PHONE_REFUSED);
    assertThat(JsonAssert.parse(canonical.get(reference).body()).get("phone").textValue())
        .isEqualTo("+6599887766");
  }

  /**
   * The 50-key limit is on the merged result (decisions.md): a patch removing 30 keys and adding 25
   * names 55 keys but leaves 45, and was refused as if it added them all.
   */
  @Test
  void aMergeRemovingMoreKeysThanItAddsLandsEvenWhenItNamesMoreThanFifty() {
    String reference = reference();
    canonical.created(reference, "\"metadata\":{" + keys("k", 0, 50, "v") + "}");

    HttpResponse<String> merged =
        canonical.patch(
            reference,
            "{\"metadata\":{" + keys("k", 0, 30, null) + "," + keys("n", 0, 25, "w") + "}}");

    assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
    JsonNode body = JsonAssert.parse(merged.body());
    assertJsonText(
        merged.body(),
        bare(
            body.get("id").textValue(),
            reference,
            "{" + keys("k", 30, 50, "v") + "," + keys("n", 0, 25, "w") + "}",
            2,
            body));
  }

  @Test
  void aCreateMayNameAKeyToRemoveBesideFiftyItSets() {
    String reference = reference();
    HttpResponse<String> created =
        canonical.post(
            "{\"reference\":\""
                + reference
                + "\",\"metadata\":{"
                + keys("k", 0, 50, "v")
                + ",\"gone\":null}}");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode body = JsonAssert.parse(created.body());
    assertJsonText(
        created.body(),
        bare(body.get("id").textValue(), reference, "{" + keys("k", 0, 50, "v") + "}", 1, body));
  }

  @Test
  void stillRefusesAMergeSettingMoreThanFiftyKeys() {
    String reference = reference();
    canonical.created(reference, "");

    HttpResponse<String> merged =
        canonical.patch(
            reference,
            "{\"metadata\":{" + keys("k", 0, 51, "v") + "," + keys("n", 0, 10, null) + "}}");

    assertThat(merged.statusCode()).isEqualTo(400);
    assertJsonText(
        merged.body(), error("parameter_invalid", "metadata may have at most 50 keys", "metadata"));
  }

  /**
   * decisions.md refuses an empty string everywhere ("send null to clear"), but a metadata value of
   * "" was stored; a client used to Stripe, where "" removes the key, kept a key it meant to drop.
   */
  @Test
  void refusesAnEmptyMetadataValueAndSaysNullRemovesIt() {
    String reference = reference();
    HttpResponse<String> create =
        canonical.post("{\"reference\":\"" + reference() + "\",\"metadata\":{\"tier\":\"\"}}");
    canonical.created(reference, "\"metadata\":{\"tier\":\"gold\"}");
    HttpResponse<String> patch = canonical.patch(reference, "{\"metadata\":{\"tier\":\"\"}}");

    String refused =
        error(
            "parameter_invalid",
            "metadata[tier] must not be empty; send null to remove it",
            "metadata[tier]");
    assertThat(create.statusCode()).isEqualTo(400);
    assertJsonText(create.body(), refused);
    assertThat(patch.statusCode()).isEqualTo(400);
    assertJsonText(patch.body(), refused);
    assertThat(JsonAssert.parse(canonical.get(reference).body()).get("metadata").toString())
        .isEqualTo("{\"tier\":\"gold\"}");
  }

  /**
   * If-Match compares entity tags strongly, character for character (RFC 9110): {@code "01"} is not
   * the tag {@code "1"} this API gave, yet it was read as the number 1 and the write landed.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"\"01\"", "\"0001\""})
  void anIfMatchTagWithLeadingZerosNeverMatches(String tag) {
    String reference = reference();
    canonical.created(reference, "\"name\":\"Kept\"");

    HttpResponse<String> patch = canonical.patch(reference, "{\"name\":\"Lost\"}", "If-Match", tag);
    HttpResponse<String> delete = canonical.delete(reference, "If-Match", tag);

    String failed =
        error(
            "precondition_failed",
            "The customer is at version 1; If-Match named another, so nothing was changed",
            null);
    for (HttpResponse<String> response : java.util.List.of(patch, delete)) {
      assertThat(response.statusCode()).isEqualTo(412);
      assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
      assertJsonText(response.body(), failed);
    }
    JsonNode stored = JsonAssert.parse(canonical.get(reference).body());
    assertThat(stored.get("name").textValue()).isEqualTo("Kept");
    assertThat(stored.get("version").asLong()).isEqualTo(1);
  }

  /**
   * Overlong UTF-8 ({@code C0 AF} for "/") is not UTF-8 (RFC 3629), and the JSON parser decoded it
   * as "/": a body's bytes must be UTF-8 (RFC 8259) or be refused.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"C0AF", "E080AF", "C1BF"})
  void refusesABodyWithOverlongUtf8(String hex) throws Exception {
    String reference = reference();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("{\"reference\":\"" + reference).getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(java.util.HexFormat.of().parseHex(hex));
    body.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));

    RawConnection.Answer answer = canonical.rawPost("application/json", body.toByteArray());

    assertThat(answer.status()).isEqualTo(400);
    assertJsonText(
        answer.bodyText(), error("body_invalid", "The request body is not well-formed JSON", null));
    assertThat(
            canonical
                .send(canonical.m1, "GET", "/v1/customers?limit=100", null, null)
                .body()
                .contains(reference))
        .isFalse();
  }

  /**
   * An empty component of a query string ({@code limit=5&}, {@code &&}) names no parameter; it was
   * refused as "unknown parameter" with an empty name.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"?limit=5&", "?&limit=5", "?limit=5&&", "?&", "?"})
  void ignoresEmptyComponentsOfTheQueryString(String query) {
    HttpResponse<String> response =
        canonical.send(canonical.m2, "GET", "/v1/customers" + query, null, null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"customers\":[],\"next_cursor\":null}");
  }

  @Test
  void stillRefusesAParameterWithAnEmptyNameAndAValue() {
    HttpResponse<String> response =
        canonical.send(canonical.m2, "GET", "/v1/customers?=x", null, null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertJsonText(response.body(), error("parameter_unknown", "Received unknown parameter: ", ""));
  }

  /**
   * RFC 9110: {@code If-None-Match: *} on a write forbids changing a resource that exists; it was
   * ignored, and the PATCH or DELETE a client guarded this way landed.
   */
  @Test
  void aWriteUnderIfNoneMatchStarLeavesAnExistingCustomerAlone() {
    String reference = reference();
    canonical.created(reference, "\"name\":\"Kept\"");

    HttpResponse<String> patch =
        canonical.patch(reference, "{\"name\":\"Lost\"}", "If-None-Match", "*");
    HttpResponse<String> delete = canonical.delete(reference, "If-None-Match", "*");

    for (HttpResponse<String> response : java.util.List.of(patch, delete)) {
      assertThat(response.statusCode()).isEqualTo(412);
      assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
      assertJsonText(
          response.body(),
          error(
              "precondition_failed",
              "The customer exists and If-None-Match is *, so nothing was changed",
              null));
    }
    JsonNode stored = JsonAssert.parse(canonical.get(reference).body());
    assertThat(stored.get("name").textValue()).isEqualTo("Kept");
    assertThat(stored.get("version").asLong()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"\"1\"", "W/\"1\"", "\"2\", \"3\""})
  void refusesATagListInIfNoneMatchOnAWrite(String tags) {
    String reference = reference();
    canonical.created(reference, "\"name\":\"Kept\"");

    HttpResponse<String> patch =
        canonical.patch(reference, "{\"name\":\"Lost\"}", "If-None-Match", tags);

    assertThat(patch.statusCode()).isEqualTo(400);
    assertJsonText(
        patch.body(),
        error(
            "if_none_match_invalid",
            "If-None-Match on a PATCH or DELETE takes only *; send If-Match to write one version",
            null));
    assertThat(JsonAssert.parse(canonical.get(reference).body()).get("version").asLong())
        .isEqualTo(1);
  }

  @Test
  void aWriteUnderIfNoneMatchStarOfNoCustomerAnswers404() {
    HttpResponse<String> patch =
        canonical.patch(reference(), "{\"name\":\"X\"}", "If-None-Match", "*");

    assertThat(patch.statusCode()).isEqualTo(404);
    assertJsonText(patch.body(), error("resource_missing", "No such customer", "customer"));
  }

  /**
   * Jetty's per-connection header cache matched values without regard to case, so on a kept-alive
   * connection (a proxy's pooled upstream, say) a key differing from one sent before only in case
   * was read as that earlier key and authenticated.
   */
  @Test
  void aKeyInAnotherCaseIsRefusedOnAConnectionThatSentTheRealOne() throws Exception {
    String swapped = swapCase(canonical.m1);
    try (RawConnection connection = new RawConnection(canonical.server.http("/").getPort())) {
      RawConnection.Answer real = connection.exchange(listWith(canonical.m1), false, false);
      RawConnection.Answer forged = connection.exchange(listWith(swapped), false, false);
      RawConnection.Answer lower =
          connection.exchange(listWith(canonical.m1.toLowerCase(Locale.ROOT)), false, true);

      assertThat(real.status()).isEqualTo(200);
      for (RawConnection.Answer refused : java.util.List.of(forged, lower)) {
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.bodyText())
            .isEqualTo(
                "{\"error\":{\"type\":\"authentication_error\",\"code\":\"invalid_api_key\","
                    + "\"message\":\"Send a valid API key as Authorization: Bearer <api_key>\"}}");
      }
    }
  }

  static byte[] listWith(String key) {
    return ("GET /v1/customers?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + key
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  static String swapCase(String key) {
    StringBuilder swapped = new StringBuilder("ck_");
    for (char c : key.substring(3).toCharArray()) {
      swapped.append(
          Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return swapped.toString();
  }

  /** Holds: a megabyte of removals is read and applied in well under the request deadline. */
  @Test
  void aMergeOfAMegabyteOfRemovalsAnswersAtOnceAndChangesNothingAbsent() {
    String reference = reference();
    canonical.created(reference, "\"metadata\":{\"kept\":\"v\"}");
    StringBuilder removals = new StringBuilder("{\"metadata\":{");
    for (int i = 0; removals.length() < RequestBody.MAX_BYTES - 64; i++) {
      removals.append(i == 0 ? "" : ",").append("\"r").append(i).append("\":null");
    }
    removals.append("}}");

    long started = System.nanoTime();
    HttpResponse<String> merged = canonical.patch(reference, removals.toString());
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
    JsonNode body = JsonAssert.parse(merged.body());
    assertJsonText(
        merged.body(), bare(body.get("id").textValue(), reference, "{\"kept\":\"v\"}", 1, body));
    assertThat(millis).isLessThan(5_000);
  }

  /** Holds: no personal value, from a body, a path or a query, reaches any log line. */
  @Test
  void noPersonalValueReachesALogLineWhateverTheClientSends() {
    String email = "zxq.personal@example.com";
    try (LogCapture logs = LogCapture.everyLogger()) {
      canonical.post(
          "{\"reference\":\""
              + email
              + "\",\"email\":\""
              + email
              + "\",\"name\":\"Zxqname Zxqsurname\",\"phone\":\"+919812345678\","
              + "\"metadata\":{\"pan\":\"ZXQPZ1234Q\"}}");
      canonical.get(email);
      canonical.send(canonical.m1, "GET", "/v1/customers?email=" + email, null, null);
      canonical.send(canonical.m1, "GET", "/v1/customers?phone=%2B919812345678", null, null);
      canonical.send(canonical.m1, "GET", "/v1/customers?Zxqname=1", null, null);
      canonical.patch(email, "{\"Zxqname\":\"Zxqsurname\"}");
      canonical.patch(email, "{\"phone\":\"+91 98123 Zxqname\"}");
      canonical.patch(email, "{\"metadata\":{\"pan\":\"ZXQPZ1234Q\",\"x\":\"\"}}");
      canonical.send(canonical.m1, "GET", "/v1/customers/" + email + "/Zxqname", null, null);
      canonical.send(canonical.m1, "PUT", "/v1/customers/" + email, "application/json", "{}");
      canonical.delete(email);

      assertThat(logs.lines()).isNotEmpty();
      assertThat(String.join("\n", logs.lines()))
          .doesNotContainIgnoringCase("zxq")
          .doesNotContain("9812345678");
    }
  }
}
