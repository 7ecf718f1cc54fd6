package io.clientele.hostile;

import static io.clientele.testing.JsonAssert.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.RawHttp;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The customer search attacked through its query string: characters a database cannot compare,
 * broken escapes, tampered cursors and limits, odd merchant ids, and Unicode case.
 */
class HostileSearchTest {

  static HttpResponse<String> get(Hostile h, String path) {
    return h.server().send(h.server().admin(path).GET().build());
  }

  static String invalid(String message) {
    return "{\"error\":{\"code\":\"invalid_request\",\"message\":\"" + message + "\"}}";
  }

  static void imported(Hostile h, String merchant, String rows) {
    HttpResponse<String> answer =
        h.admin(
            "POST",
            "/admin/merchants/" + merchant + "/customers/import",
            "{\"customers\":[" + rows + "]}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(JsonAssert.parse(answer.body()).get("rejected")).isEmpty();
  }

  /**
   * PostgreSQL refuses a NUL in any text it is sent (SQLState 22021): a reference or email holding
   * one answered 500 there and an empty page on H2. No stored value holds a control character, so
   * the criterion is refused on both.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void aCriterionHoldingAControlCharacterIs400OnEveryEngine(TestDatabase.Engine engine) {
    try (Hostile h = Hostile.start(engine)) {
      String customers = "/admin/merchants/sandbox/customers?include=total&";
      for (String[] query :
          List.of(
              new String[] {"reference=%00", "reference"},
              new String[] {"reference=a%0Ab", "reference"},
              new String[] {"email=a%00b%40x.io", "email"},
              new String[] {"email=a%7Fb%40x.io", "email"})) {
        HttpResponse<String> answer = get(h, customers + query[0]);

        assertThat(answer.statusCode()).as(query[0]).isEqualTo(400);
        assertJson(answer.body(), invalid(query[1] + " must not hold control characters"));
      }
    }
  }

  /**
   * The query string parser drops what holds a broken escape: {@code email=%ZZ} left a parameter
   * without a value and answered 500, {@code %ZZ=1} listed every customer, {@code limit=%ZZ} served
   * the default limit. Search and history now refuse such a query string.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void aBrokenPercentEscapeInTheQueryIsRefusedNeitherDroppedNorA500(TestDatabase.Engine engine) {
    try (Hostile h = Hostile.start(engine)) {
      String id =
          JsonAssert.parse(
                  h.juspay(
                          "POST",
                          "/customers",
                          "object_reference_id=customer0001&mobile_number=9876543210")
                      .body())
              .get("id")
              .textValue();
      String broken = invalid("the query string holds a % not followed by two hexadecimal digits");
      for (String path :
          List.of(
              "/admin/merchants/sandbox/customers?email=%ZZ",
              "/admin/merchants/sandbox/customers?reference=%ZZ",
              "/admin/merchants/sandbox/customers?%ZZ=1",
              "/admin/merchants/sandbox/customers?email=a%40x.io&%ZZ",
              "/admin/merchants/sandbox/customers?limit=%ZZ",
              "/admin/merchants/sandbox/customers?cursor=abc%",
              "/admin/merchants/sandbox/customers?reference=%u0041",
              "/admin/merchants/sandbox/customers/" + id + "/history?limit=%Z1")) {
        String answer =
            RawHttp.exchange(
                h.server().http("/").getPort(),
                "GET "
                    + path
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + h.server().sandboxCredentialHeaders("/admin")
                    + "\r\n");

        assertThat(RawHttp.statusLine(answer)).as(path).isEqualTo("HTTP/1.1 400 Bad Request");
        assertJson(RawHttp.body(answer), broken);
      }
    }
  }

  /** Limits are whole numbers from 1 to 1000 as written: no sign, exponent or overflow. */
  @Test
  void aLimitOutsideOneToAThousandIs400AndLeadingZerosReadAsTheNumber() {
    try (Hostile h = Hostile.start(TestDatabase.Engine.H2)) {
      imported(h, "sandbox", "{\"reference\":\"a\"},{\"reference\":\"b\"}");
      String rule = invalid("limit must be a whole number from 1 to 1000");
      for (String limit :
          List.of("0", "-1", "+1", "1e3", "1001", "1.0", " 1", "99999999999999999999", "١")) {
        HttpResponse<String> answer =
            get(
                h,
                "/admin/merchants/sandbox/customers?limit="
                    + java.net.URLEncoder.encode(limit, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(limit).isEqualTo(400);
        assertJson(answer.body(), rule);
      }
      JsonNode one = JsonAssert.parse(get(h, "/admin/merchants/sandbox/customers?limit=01").body());
      assertThat(one.get("customers")).hasSize(1);
      assertThat(one.get("next_cursor").textValue()).isNotNull();
      assertThat(
              JsonAssert.parse(get(h, "/admin/merchants/sandbox/customers?limit=1000").body())
                  .get("customers"))
          .hasSize(2);
    }
  }

  /**
   * A cursor is a position in id order and nothing more: another merchant's customer id, or any
   * id-shaped text, pages this merchant's customers from there; anything else is 400.
   */
  @Test
  void aTamperedCursorOnlyMovesThroughTheMerchantsOwnCustomers() {
    try (Hostile h = Hostile.start(TestDatabase.Engine.H2)) {
      h.admin("POST", "/admin/merchants", "{\"merchant_id\":\"m2\",\"name\":\"Other\"}");
      imported(
          h,
          "sandbox",
          "{\"customer_id\":\"cst_0000000000000001\",\"reference\":\"own-1\"},"
              + "{\"customer_id\":\"cst_0000000000000003\",\"reference\":\"own-3\"}");
      imported(h, "m2", "{\"customer_id\":\"cst_0000000000000002\",\"reference\":\"theirs-2\"}");

      JsonNode page =
          JsonAssert.parse(
              get(h, "/admin/merchants/sandbox/customers?cursor=cst_0000000000000002").body());
      assertThat(
              StreamSupport.stream(page.get("customers").spliterator(), false)
                  .map(c -> c.get("reference").textValue()))
          .containsExactly("own-3");
      JsonNode from =
          JsonAssert.parse(
              get(h, "/admin/merchants/sandbox/customers?cursor=cst_0000000000000000").body());
      assertThat(from.get("customers")).hasSize(2);
      String rule = invalid("cursor must be a next_cursor this API returned");
      for (String cursor :
          List.of(
              "cst_000000000000000",
              "CST_0000000000000002",
              "cst_000000000000000%25",
              "cst_00000000000000002",
              "0",
              "%27%20or%201%3D1--")) {
        HttpResponse<String> answer = get(h, "/admin/merchants/sandbox/customers?cursor=" + cursor);
        assertThat(answer.statusCode()).as(cursor).isEqualTo(400);
        assertJson(answer.body(), rule);
      }
    }
  }

  /**
   * Merchant ids with dots, encoded slashes and traversal name one merchant, exactly: a merchant
   * whose id has dots is served, and no spelling reaches another merchant's customers.
   */
  @Test
  void oddMerchantIdsNameOneMerchantExactlyAndReachNoOther() {
    try (Hostile h = Hostile.start(TestDatabase.Engine.H2)) {
      h.admin("POST", "/admin/merchants", "{\"merchant_id\":\"m.1\",\"name\":\"Dots\"}");
      imported(h, "m.1", "{\"reference\":\"dotted\"}");
      imported(h, "sandbox", "{\"reference\":\"sandboxed\"}");

      JsonNode dotted =
          JsonAssert.parse(get(h, "/admin/merchants/m.1/customers?include=total").body());
      assertThat(dotted.get("total").asLong()).isEqualTo(1);
      assertThat(get(h, "/admin/merchants/m%2E1/customers").body()).contains("dotted");
      for (String merchant :
          List.of(
              "m.1%2F..%2Fsandbox",
              "..%2Fsandbox", "sandbox%2F", "SANDBOX", "sandbox%20", "sandbox%3Bx", "m.1%00")) {
        HttpResponse<String> answer = get(h, "/admin/merchants/" + merchant + "/customers");
        assertThat(answer.statusCode()).as(merchant).isBetween(400, 404);
        assertThat(answer.body()).as(merchant).doesNotContain("sandboxed");
      }
      HttpResponse<String> traversal = get(h, "/admin/merchants/..%2Fsandbox/customers");
      assertJson(
          traversal.body(),
          "{\"error\":{\"code\":\"merchant_not_found\",\"message\":\"No merchant with id ../sandbox\"}}");
    }
  }

  /**
   * Email matches as PostgreSQL's {@code lower()} folds: the Kelvin sign is a capital K, while the
   * dotless ı is a letter of its own and finds no "i".
   */
  @Test
  void emailMatchesLetterByLetterInAnyCaseAndDotlessIIsNoI() {
    try (Hostile h = Hostile.start(TestDatabase.Engine.H2)) {
      imported(
          h,
          "sandbox",
          "{\"reference\":\"kate\",\"email\":\"kate@x.io\"},"
              + "{\"reference\":\"kite\",\"email\":\"kite@x.io\"}");

      assertThat(total(h, "email=%E2%84%AAATE%40X.IO")).isEqualTo(1);
      assertThat(total(h, "email=KATE%40x.io")).isEqualTo(1);
      assertThat(total(h, "email=k%C4%B1te%40x.io")).isZero();
      assertThat(total(h, "email=kite%40x.io%20")).isZero();
    }
  }

  static long total(Hostile h, String query) {
    HttpResponse<String> answer =
        get(h, "/admin/merchants/sandbox/customers?include=total&" + query);
    assertThat(answer.statusCode()).as(query).isEqualTo(200);
    return JsonAssert.parse(answer.body()).get("total").asLong();
  }
}
