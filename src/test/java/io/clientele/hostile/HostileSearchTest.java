package io.clientele.hostile;

import static io.clientele.testing.JsonAssert.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.RawHttp;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.List;
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

  static long total(Hostile h, String query) {
    HttpResponse<String> answer =
        get(h, "/admin/merchants/sandbox/customers?include=total&" + query);
    assertThat(answer.statusCode()).as(query).isEqualTo(200);
    return JsonAssert.parse(answer.body()).get("total").asLong();
  }
}
