package io.clientele.hostile;

import static io.clientele.testing.JsonAssert.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientele.server.Json;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
              h.database()
                  .query(
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
      assertThat(h.database().query("select created_at from customers order by created_at"))
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
}
