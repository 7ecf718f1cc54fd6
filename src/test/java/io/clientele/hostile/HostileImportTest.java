package io.clientele.hostile;

import static io.clientele.testing.JsonAssert.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientele.server.Json;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.LogCapture;
import io.clientele.testing.Race;
import io.clientele.testing.TestDatabase;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bulk import attacked: racing batches, values at every limit, times a database cannot hold,
 * ids another merchant uses, and what reaches the logs.
 */
class HostileImportTest {

  static void merchant(Hostile h, String id) {
    assertThat(
            h.admin(
                    "POST",
                    "/admin/merchants",
                    "{\"merchant_id\":\"" + id + "\",\"name\":\"Shop\"}")
                .statusCode())
        .isEqualTo(201);
  }

  static HttpResponse<String> importing(Hostile h, String merchant, String body) {
    return h.server()
        .send(
            h.server()
                .admin("/admin/merchants/" + merchant + "/customers/import")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
  }

  static HttpResponse<String> get(Hostile h, String path) {
    return h.server().send(h.server().admin(path).GET().build());
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String batch(List<ObjectNode> rows) {
    ObjectNode body = Json.mapper().createObjectNode();
    ArrayNode customers = body.putArray("customers");
    rows.forEach(customers::add);
    return body.toString();
  }

  static ObjectNode row(String reference) {
    return Json.mapper().createObjectNode().put("reference", reference);
  }

  /**
   * "İ" (U+0130) is the one character whose lower case ({@code String.toLowerCase}) is two: an
   * email of 300 characters holding it made a search key longer than its 300-character column, and
   * the whole batch answered 500.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void anEmailOfThreeHundredDottedCapitalIsIsStoredAndFoundInAnyCase(TestDatabase.Engine engine) {
    try (Hostile h = Hostile.start(engine)) {
      merchant(h, "m1");
      String email = "İ".repeat(295) + "@x.io";
      HttpResponse<String> imported =
          importing(h, "m1", batch(List.of(row("dotted").put("email", email), row("plain"))));

      assertThat(imported.statusCode()).isEqualTo(200);
      assertJson(imported.body(), "{\"created\":2,\"unchanged\":0,\"rejected\":[]}");
      JsonNode found =
          JsonAssert.parse(
              get(h, "/admin/merchants/m1/customers?include=total&email=" + query(email)).body());
      assertThat(found.get("total").asLong()).isEqualTo(1);
      assertThat(found.at("/customers/0/email").textValue()).isEqualTo(email);
    }
  }

  /**
   * V7 made the keys of stored emails with PostgreSQL's {@code lower()}; the application makes them
   * in Java. For the key of one email to be the same whichever made it, Java must fold letter by
   * letter as {@code lower()} does (it folded "İ" to two characters, and a final "Σ" to "ς").
   */
  @Test
  void makesEachEmailKeyAsPostgresLowerWouldSoBackfilledAndNewRowsMatchAlike() {
    try (Hostile h = Hostile.start(TestDatabase.Engine.POSTGRES)) {
      merchant(h, "m1");
      List<String> emails =
          List.of("ASHA@EXAMPLE.COM", "İNCİ@x.io", "\u212Aate@x.io", "ΟΔΥΣΣΕΥΣ@x.gr", "ÄÖÜ@x.de");
      List<ObjectNode> rows = new ArrayList<>();
      for (int i = 0; i < emails.size(); i++) {
        rows.add(row("e" + i).put("email", emails.get(i)));
      }
      assertThat(importing(h, "m1", batch(rows)).statusCode()).isEqualTo(200);

      assertThat(
              h.query(
                  "select reference from customers"
                      + " where email_key is distinct from lower(email) order by reference"))
          .isEmpty();
      List<String> typed =
          List.of("asha@example.com", "inci@x.io", "kate@x.io", "οδυσσευσ@x.gr", "äöü@x.de");
      for (int i = 0; i < emails.size(); i++) {
        for (String email : List.of(emails.get(i), typed.get(i))) {
          JsonNode found =
              JsonAssert.parse(
                  get(h, "/admin/merchants/m1/customers?include=total&email=" + query(email))
                      .body());
          assertThat(found.get("total").asLong()).as(email).isEqualTo(1);
        }
      }
    }
  }

  /**
   * PostgreSQL holds times from 4713 BC: the driver silently turned an earlier {@code created_at}
   * into {@code -infinity}, shown back as year -1000000000. Every engine now takes years 1 to now.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void refusesACreationTimeBeforeYearOneAndKeepsTheEarliestItTakesExactly(
      TestDatabase.Engine engine) {
    try (Hostile h = Hostile.start(engine)) {
      merchant(h, "m1");
      HttpResponse<String> imported =
          importing(
              h,
              "m1",
              batch(
                  List.of(
                      row("bc").put("created_at", "-5000-01-01T00:00:00Z"),
                      row("year-zero").put("created_at", "0000-12-31T23:59:59Z"),
                      row("offset-to-year-zero").put("created_at", "0001-01-01T00:30:00+01:00"),
                      row("year-one").put("created_at", "0001-01-01T00:00:00Z"),
                      row("offset").put("created_at", "2020-02-29T23:59:59.999999999+05:30"))));

      assertThat(imported.statusCode()).isEqualTo(200);
      String rule =
          "created_at must be an ISO-8601 time from 0001-01-01T00:00:00Z to now,"
              + " such as 2026-01-02T03:04:05Z";
      assertJson(
          imported.body(),
          "{\"created\":2,\"unchanged\":0,\"rejected\":["
              + rejected(0, "bc", rule)
              + ","
              + rejected(1, "year-zero", rule)
              + ","
              + rejected(2, "offset-to-year-zero", rule)
              + "]}");
      assertThat(createdAt(h, "year-one")).isEqualTo("0001-01-01T00:00:00Z");
      assertThat(createdAt(h, "offset")).isEqualTo("2020-02-29T18:29:59Z");
      assertThat(h.query("select created_at from customers order by created_at"))
          .hasSize(2)
          .noneMatch(at -> at.contains("infinity"));
    }
  }

  static String rejected(int index, String reference, String message) {
    return "{\"index\":"
        + index
        + ",\"reference\":\""
        + reference
        + "\",\"errors\":[{\"field\":\"created_at\",\"code\":\"invalid_format\",\"message\":\""
        + message
        + "\"}]}";
  }

  static String createdAt(Hostile h, String reference) {
    return JsonAssert.parse(get(h, "/admin/merchants/m1/customers?reference=" + reference).body())
        .at("/customers/0/created_at")
        .textValue();
  }

  /**
   * Two batches holding the same references in opposite orders, sent at once: each inserting what
   * the other then waited for, PostgreSQL broke the deadlock by failing one with 500, and H2 span
   * both request threads for good (11 minutes of two busy cores until the server was killed).
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void twoBatchesOfTheSameReferencesInOppositeOrdersAtOnceBothAnswerAndStoreEachOnce(
      TestDatabase.Engine engine) throws Exception {
    try (Hostile h = Hostile.start(engine)) {
      merchant(h, "m1");
      for (int round = 0; round < 3; round++) {
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          rows.add(row("r" + round + "-" + i).put("first_name", "Asha"));
        }
        List<ObjectNode> reversed = new ArrayList<>(rows);
        Collections.reverse(reversed);
        String forward = batch(rows);
        String backward = batch(reversed);

        List<HttpResponse<String>> answers =
            Race.of(
                List.<Callable<HttpResponse<String>>>of(
                    () -> importing(h, "m1", forward), () -> importing(h, "m1", backward)));

        assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
        List<JsonNode> bodies = answers.stream().map(a -> JsonAssert.parse(a.body())).toList();
        assertThat(bodies.stream().mapToLong(b -> b.get("created").asLong()).sum()).isEqualTo(300);
        assertThat(bodies.stream().mapToLong(b -> b.get("unchanged").asLong()).sum())
            .isEqualTo(300);
        assertThat(
                h.query(
                    "select count(*), count(distinct reference) from customers"
                        + " where reference like 'r"
                        + round
                        + "-%'"))
            .containsExactly("300|300");
      }
      assertThat(h.query("select count(*) from customer_changes")).containsExactly("900");
    }
  }

  /**
   * Four batches of a thousand new customers each, sent at once to one merchant: imports of one
   * merchant take turns, and the last in line waits its turn instead of giving up (H2 gives up a
   * lock after 2 s by default).
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void fourFullBatchesOfOneMerchantAtOnceAreAllWritten(TestDatabase.Engine engine)
      throws Exception {
    try (Hostile h = Hostile.start(engine)) {
      merchant(h, "m1");
      List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
      for (int b = 0; b < 4; b++) {
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          rows.add(row("b" + b + "-" + i).put("name", "Asha Rao").put("city", "Kochi"));
        }
        String body = batch(rows);
        calls.add(() -> importing(h, "m1", body));
      }

      List<HttpResponse<String>> answers = Race.of(calls);

      assertThat(answers)
          .extracting(HttpResponse::body)
          .containsOnly("{\"created\":1000,\"unchanged\":0,\"rejected\":[]}");
      assertThat(h.query("select count(*) from customers")).containsExactly("4000");
    }
  }

  /**
   * Imports of one merchant take turns on the merchant's row, which Airpay's unique-email writes
   * lock too: those writes, made while several full batches queue, wait their turn and answer.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void airpayEmailWritesDuringQueuedImportsStillAnswer(TestDatabase.Engine engine)
      throws Exception {
    try (Hostile h = Hostile.start(engine)) {
      for (int i = 0; i < 20; i++) {
        assertThat(
                h.juspay(
                        "POST",
                        "/customers",
                        "object_reference_id=airpay-" + (1000 + i) + "&mobile_number=98765" + i)
                    .statusCode())
            .isEqualTo(200);
      }
      List<Callable<List<Integer>>> calls = new ArrayList<>();
      for (int b = 0; b < 3; b++) {
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          rows.add(row("q" + b + "-" + i).put("name", "Asha Rao").put("email", "q" + i + "@x.io"));
        }
        String body = batch(rows);
        calls.add(() -> List.of(importing(h, "sandbox", body).statusCode()));
      }
      calls.add(
          () -> {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
              statuses.add(
                  h.airpay("entity_id=airpay-" + (1000 + i) + "&email=a" + i + "%40x.io")
                      .statusCode());
            }
            return statuses;
          });

      List<List<Integer>> statuses = Race.of(calls);

      assertThat(statuses.stream().flatMap(List::stream)).containsOnly(200);
    }
  }

  /**
   * A batch's stored customers are read by an array of its references on PostgreSQL: references
   * spelling array syntax ({@code NULL}, commas, braces, quotes, backslashes, outer spaces) are
   * found again, so the same batch sent twice is unchanged, not a failed insert.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void referencesSpellingArraySyntaxAreFoundAgainSoABatchSentTwiceIsUnchanged(
      TestDatabase.Engine engine) {
    try (Hostile h = Hostile.start(engine)) {
      List<ObjectNode> rows = new ArrayList<>();
      for (String reference :
          List.of("NULL", "null", "a,b", "{x}", "\"q\"", "back\\slash", " spaced ", "{}", "()")) {
        rows.add(row(reference));
      }
      rows.add(row("NULL2").put("customer_id", "cst_0000000000000009"));
      String body = batch(rows);

      assertJson(
          importing(h, "sandbox", body).body(), "{\"created\":10,\"unchanged\":0,\"rejected\":[]}");
      assertJson(
          importing(h, "sandbox", body).body(), "{\"created\":0,\"unchanged\":10,\"rejected\":[]}");
    }
  }

  /** The same batch twice at once: one writes it, the other finds it written. */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void theSameBatchTwiceAtOnceIsWrittenOnce(TestDatabase.Engine engine) throws Exception {
    try (Hostile h = Hostile.start(engine)) {
      merchant(h, "m1");
      List<ObjectNode> rows = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        rows.add(
            row("same-" + i)
                .put("customer_id", String.format("cst_%016d", i))
                .put("email", "p" + i + "@example.com"));
      }
      String body = batch(rows);

      List<HttpResponse<String>> answers =
          Race.of(
              List.<Callable<HttpResponse<String>>>of(
                  () -> importing(h, "m1", body), () -> importing(h, "m1", body)));

      assertThat(answers.stream().map(HttpResponse::body).sorted())
          .containsExactly(
              "{\"created\":0,\"unchanged\":500,\"rejected\":[]}",
              "{\"created\":500,\"unchanged\":0,\"rejected\":[]}");
      assertThat(h.query("select count(*) from customers")).containsExactly("500");
      assertThat(h.query("select count(*) from customer_changes")).containsExactly("500");
    }
  }

  /**
   * Juspay creates of the references a batch holds, racing it in the other order: every answer is
   * below 500, and each reference is stored once, by one of them.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void anImportRacingDialectCreatesOfItsReferencesStoresEachOnce(TestDatabase.Engine engine)
      throws Exception {
    try (Hostile h = Hostile.start(engine)) {
      List<ObjectNode> rows = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        rows.add(
            row("raced-ref-" + i).put("mobile_country_code", "91").put("mobile_number", "98" + i));
      }
      String body = batch(rows);
      List<Callable<List<Integer>>> calls = new ArrayList<>();
      calls.add(() -> List.of(importing(h, "sandbox", body).statusCode()));
      for (int worker = 0; worker < 2; worker++) {
        int first = worker;
        calls.add(
            () -> {
              List<Integer> statuses = new ArrayList<>();
              for (int i = 199 - first; i >= 0; i -= 2) {
                statuses.add(
                    h.juspay(
                            "POST",
                            "/customers",
                            "object_reference_id=raced-ref-" + i + "&mobile_number=98" + i)
                        .statusCode());
              }
              return statuses;
            });
      }

      List<List<Integer>> statuses = Race.of(calls);

      assertThat(statuses.get(0)).containsExactly(200);
      assertThat(statuses.stream().flatMap(List::stream)).allMatch(s -> s < 500);
      assertThat(
              h.query(
                  "select count(*), count(distinct reference) from customers"
                      + " where reference like 'raced-ref-%'"))
          .containsExactly("200|200");
    }
  }

  /**
   * Ids are unique per merchant: another merchant's ids and references import as new customers of
   * this one, and neither merchant's customers, search nor history shows the other's.
   */
  @Test
  void anotherMerchantsIdsAndReferencesImportAsThisMerchantsOwnAndTouchNothingOfIts() {
    try (Hostile h = Hostile.start(TestDatabase.Engine.H2)) {
      merchant(h, "m1");
      merchant(h, "m2");
      String id = "cst_aaaaaaaaaaaaaaaa";
      assertJson(
          importing(
                  h, "m1", batch(List.of(row("shared").put("customer_id", id).put("name", "One"))))
              .body(),
          "{\"created\":1,\"unchanged\":0,\"rejected\":[]}");

      HttpResponse<String> other =
          importing(
              h, "m2", batch(List.of(row("shared").put("customer_id", id).put("name", "Two"))));

      assertJson(other.body(), "{\"created\":1,\"unchanged\":0,\"rejected\":[]}");
      assertThat(JsonAssert.parse(get(h, "/admin/merchants/m1/customers/" + id).body()).get("name"))
          .hasToString("\"One\"");
      assertThat(JsonAssert.parse(get(h, "/admin/merchants/m2/customers/" + id).body()).get("name"))
          .hasToString("\"Two\"");
      JsonNode m1 = JsonAssert.parse(get(h, "/admin/merchants/m1/customers?include=total").body());
      assertThat(m1.get("total").asLong()).isEqualTo(1);
      assertThat(m1.at("/customers/0/name").textValue()).isEqualTo("One");
      JsonNode history =
          JsonAssert.parse(get(h, "/admin/merchants/m1/customers/" + id + "/history").body());
      assertThat(history.get("changes")).hasSize(1);
      assertThat(history.at("/changes/0/fields").toString())
          .contains("\"One\"")
          .doesNotContain("Two");
      assertThat(get(h, "/admin/merchants/m3/customers/" + id + "/history").statusCode())
          .isEqualTo(404);
    }
  }

  /**
   * A batch of exactly 1 MiB (1000 rows of multi-byte text) is read whole; one byte more is 413
   * before anything is written.
   */
  @Test
  void aBatchOfExactlyOneMebibyteImportsAndOneByteMoreIs413() {
    try (Hostile h = Hostile.start(TestDatabase.Engine.H2)) {
      merchant(h, "m1");
      List<ObjectNode> rows = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        rows.add(row("big-" + i).put("address", "山".repeat(330)));
      }
      String body = batch(rows);
      int size = body.getBytes(StandardCharsets.UTF_8).length;
      assertThat(size).isLessThan(1 << 20);
      String exact = body + " ".repeat((1 << 20) - size);

      HttpResponse<String> tooBig = importing(h, "m1", exact + " ");
      assertThat(tooBig.statusCode()).isEqualTo(413);
      assertJson(
          tooBig.body(),
          "{\"error\":{\"code\":\"payload_too_large\",\"message\":\"Request body is larger than 1 MiB\"}}");
      assertThat(h.query("select count(*) from customers")).containsExactly("0");

      HttpResponse<String> whole = importing(h, "m1", exact);
      assertThat(whole.statusCode()).isEqualTo(200);
      assertJson(whole.body(), "{\"created\":1000,\"unchanged\":0,\"rejected\":[]}");
    }
  }

  /**
   * Every field at its longest, counted in UTF-16 units, in scripts outside Latin, surrogate pairs,
   * combining marks and bidirectional controls: stored exactly, found by reference and phone, and
   * imported again from what search shows as unchanged; a unit more is too long.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void everyFieldAtItsLongestInAnyScriptIsStoredExactlyAndImportsAgainUnchanged(
      TestDatabase.Engine engine) {
    try (Hostile h = Hostile.start(engine)) {
      merchant(h, "m1");
      ObjectNode longest =
          row("😀".repeat(127) + "x")
              .put("first_name", "😀".repeat(127) + "\u200F")
              .put("last_name", "e\u0301".repeat(127) + "\u202E")
              .put("name", "山".repeat(511))
              .put("email", "é".repeat(294) + "@x.io")
              .put("mobile_country_code", "9".repeat(64))
              .put("mobile_number", "8".repeat(300))
              .put("address", "\u05D0\u200F".repeat(500))
              .put("city", "Ω".repeat(100))
              .put("state", "\u0301".repeat(100))
              .put("country", "\uFEFF".repeat(99) + "Ä")
              .put("pincode", "1".repeat(16));

      HttpResponse<String> imported = importing(h, "m1", batch(List.of(longest)));

      assertJson(imported.body(), "{\"created\":1,\"unchanged\":0,\"rejected\":[]}");
      JsonNode byReference =
          JsonAssert.parse(
              get(h, "/admin/merchants/m1/customers?reference=" + query("😀".repeat(127) + "x"))
                  .body());
      JsonNode shown = byReference.at("/customers/0");
      longest
          .properties()
          .forEach(
              field ->
                  assertThat(shown.get(field.getKey()).textValue())
                      .as(field.getKey())
                      .isEqualTo(field.getValue().textValue()));
      JsonNode byPhone =
          JsonAssert.parse(
              get(
                      h,
                      "/admin/merchants/m1/customers?include=total&phone="
                          + query("+" + "9".repeat(64) + "8".repeat(300)))
                  .body());
      assertThat(byPhone.get("total").asLong()).isEqualTo(1);
      assertJson(
          importing(h, "m1", "{\"customers\":[" + shown + "]}").body(),
          "{\"created\":0,\"unchanged\":1,\"rejected\":[]}");

      HttpResponse<String> tooLong =
          importing(
              h,
              "m1",
              batch(List.of(row("😀".repeat(128)), row("n").put("name", "山".repeat(512)))));
      assertJson(
          tooLong.body(),
          "{\"created\":0,\"unchanged\":0,\"rejected\":["
              + "{\"index\":0,\"reference\":\""
              + "😀".repeat(128)
              + "\",\"errors\":[{\"field\":\"reference\",\"code\":\"too_long\","
              + "\"message\":\"reference must be at most 255 characters\"}]},"
              + "{\"index\":1,\"reference\":\"n\",\"errors\":[{\"field\":\"name\",\"code\":\"too_long\","
              + "\"message\":\"name must be at most 511 characters\"}]}]}");
    }
  }

  /**
   * What an import and a search carry is personal: neither the rows (accepted or rejected) nor the
   * searched values reach any log line, nor does a failing batch's database message.
   */
  @Test
  void noImportedNorSearchedValueReachesALogLine() {
    try (Hostile h = Hostile.start(TestDatabase.Engine.H2);
        LogCapture logs = LogCapture.everyLogger()) {
      merchant(h, "m1");
      String marker = "zqxmarker";
      List<ObjectNode> rows =
          IntStream.range(0, 3)
              .mapToObj(
                  i ->
                      row(marker + "-ref-" + i)
                          .put("email", marker + i + "@example.com")
                          .put("name", marker + " Name")
                          .put("mobile_country_code", "91")
                          .put("mobile_number", "9988776655" + i))
              .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
      rows.add(row(marker + "-bad").put("email", marker + " not an email"));
      rows.add(row(marker + "-ref-0").put("name", marker + " Other"));

      assertThat(importing(h, "m1", batch(rows)).statusCode()).isEqualTo(200);
      assertThat(
              get(h, "/admin/merchants/m1/customers?email=" + marker + "0@example.com")
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              get(h, "/admin/merchants/m1/customers?reference=" + marker + "-ref-1").statusCode())
          .isEqualTo(200);
      assertThat(get(h, "/admin/merchants/m1/customers?phone=" + marker).statusCode())
          .isEqualTo(400);
      assertThat(get(h, "/admin/merchants/m1/customers?" + marker + "=1").statusCode())
          .isEqualTo(400);

      assertThat(logs.linesAtLeast(ch.qos.logback.classic.Level.TRACE))
          .isNotEmpty()
          .noneMatch(line -> line.contains(marker) || line.contains("998877665"));
    }
  }
}
