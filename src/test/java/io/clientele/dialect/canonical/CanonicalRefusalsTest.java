package io.clientele.dialect.canonical;

import static io.clientele.testing.JsonAssert.assertJsonText;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every refusal of the canonical API, in its one error shape, and nothing written by any. */
class CanonicalRefusalsTest {
  static CanonicalServer canonical;

  @BeforeAll
  static void start() {
    canonical = new CanonicalServer();
  }

  @AfterAll
  static void stop() {
    canonical.close();
  }

  static String error(String type, String code, String message, String param) {
    return "{\"error\":{\"type\":\""
        + type
        + "\",\"code\":\""
        + code
        + "\",\"message\":\""
        + message
        + "\""
        + (param == null ? "" : ",\"param\":\"" + param + "\"")
        + "}}";
  }

  static String invalid(String code, String message, String param) {
    return error("invalid_request_error", code, message, param);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"name\":\"No Ref\"} | parameter_missing | Missing required param: reference | reference",
        "{\"reference\":\"\"} | parameter_invalid | reference must be 1 to 255 characters, with no control characters | reference",
        "{\"reference\":7} | parameter_invalid | reference must be a string or null | reference",
        "{\"reference\":\"r-x\",\"nickname\":\"A\"} | parameter_unknown | Received unknown parameter: nickname | nickname",
        "{\"reference\":\"r-x\",\"id\":\"cst_aaaaaaaaaaaaaaaa\"} | parameter_read_only | id is set by the server and cannot be sent | id",
        "{\"reference\":\"r-x\",\"version\":3} | parameter_read_only | version is set by the server and cannot be sent | version",
        "{\"reference\":\"r-x\",\"email\":\"not-an-email\"} | parameter_invalid | email must be an email address | email",
        "{\"reference\":\"r-x\",\"name\":\"\"} | parameter_invalid | name must not be empty; send null to clear it | name",
        "{\"reference\":\"r-x\",\"city\":[\"Pune\"]} | parameter_invalid | city must be a string or null | city",
        "{\"reference\":\"r-x\",\"phone\":\"9876543210\"} | parameter_invalid | phone must be an international number in E.164, such as +919876543210 | phone",
        "{\"reference\":\"r-x\",\"metadata\":[]} | parameter_invalid | metadata must be an object or null | metadata",
        "{\"reference\":\"r-x\",\"metadata\":{\"n\":5}} | parameter_invalid | metadata[n] must be a string or null | metadata[n]",
        "{\"reference\":\"r-x\",\"metadata\":{\"\":\"v\"}} | parameter_invalid | metadata keys must be 1 to 40 characters, with no control characters | metadata",
        "[1,2] | body_invalid | The request body must be a JSON object | ",
        "{\"reference\": | body_invalid | The request body is not well-formed JSON | ",
      })
  void refusesACreateWithA400NamingTheParameter(
      String body, String code, String message, String param) {
    HttpResponse<String> response = canonical.post(canonical.m1, body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertJsonText(response.body(), invalid(code, message, param));
  }

  @Test
  void holdsMetadataToFiftyKeysOfFortyCharactersAndValuesOfFiveHundred() {
    StringBuilder fifty = new StringBuilder("{");
    for (int i = 0; i < 50; i++) {
      fifty.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    String atLimit = fifty + "}";
    String longKey = "{\"" + "k".repeat(41) + "\":\"v\"}";
    String longValue = "{\"k\":\"" + "v".repeat(501) + "\"}";

    assertThat(
            canonical
                .post(canonical.m1, "{\"reference\":\"meta-50\",\"metadata\":" + atLimit + "}")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            canonical
                .post(
                    canonical.m1,
                    "{\"reference\":\"meta-51\",\"metadata\":" + fifty + ",\"k50\":\"v\"}}")
                .body())
        .isEqualTo(invalid("parameter_invalid", "metadata may have at most 50 keys", "metadata"));
    assertThat(
            canonical
                .post(canonical.m1, "{\"reference\":\"meta-key\",\"metadata\":" + longKey + "}")
                .body())
        .isEqualTo(
            invalid(
                "parameter_invalid",
                "metadata keys must be 1 to 40 characters, with no control characters",
                "metadata"));
    assertThat(
            canonical
                .post(canonical.m1, "{\"reference\":\"meta-value\",\"metadata\":" + longValue + "}")
                .body())
        .isEqualTo(
            invalid(
                "parameter_invalid",
                "metadata[k] must be at most 500 characters, with no control characters",
                "metadata[k]"));

    HttpResponse<String> oneMore =
        canonical.patch(canonical.m1, "meta-50", "{\"metadata\":{\"k50\":\"v\"}}");
    assertThat(oneMore.statusCode()).isEqualTo(400);
    assertJsonText(
        oneMore.body(),
        invalid(
            "parameter_invalid",
            "metadata may have at most 50 keys; this update would leave 51",
            "metadata"));
    HttpResponse<String> replaced =
        canonical.patch(canonical.m1, "meta-50", "{\"metadata\":{\"k49\":null,\"k50\":\"v\"}}");
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(JsonAssert.parse(replaced.body()).get("metadata").size()).isEqualTo(50);
  }

  @Test
  void refusesATakenReferenceWith409AndAChangedOneWith400() {
    canonical.created(canonical.m1, "taken-ref", "\"name\":\"Kept\"");

    HttpResponse<String> taken = canonical.post(canonical.m1, "{\"reference\":\"taken-ref\"}");
    HttpResponse<String> renamed =
        canonical.patch(canonical.m1, "taken-ref", "{\"reference\":\"other-ref\"}");

    assertThat(taken.statusCode()).isEqualTo(409);
    assertJsonText(
        taken.body(),
        invalid(
            "reference_taken",
            "Another customer of this merchant has this reference",
            "reference"));
    assertThat(renamed.statusCode()).isEqualTo(400);
    assertJsonText(
        renamed.body(),
        invalid("parameter_immutable", "reference cannot be changed once set", "reference"));
    assertThat(
            JsonAssert.parse(canonical.get(canonical.m1, "taken-ref").body())
                .get("version")
                .asLong())
        .isEqualTo(1);
  }

  @Test
  void refusesABodyOfAnotherMediaTypeWith415() {
    HttpResponse<String> form =
        canonical.send(
            canonical.m1,
            "POST",
            "/v1/customers",
            "application/x-www-form-urlencoded",
            "reference=x");
    HttpResponse<String> patchAsText =
        canonical.send(canonical.m1, "PATCH", "/v1/customers/x", "text/plain", "{}");

    assertThat(form.statusCode()).isEqualTo(415);
    assertJsonText(
        form.body(), invalid("unsupported_media_type", "Send the body as application/json", null));
    assertThat(patchAsText.statusCode()).isEqualTo(415);
    assertJsonText(
        patchAsText.body(),
        invalid(
            "unsupported_media_type",
            "Send the body as application/json or application/merge-patch+json",
            null));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/v1/customers?limit=0 | parameter_invalid | limit must be a whole number from 1 to 100 | limit",
        "/v1/customers?limit=101 | parameter_invalid | limit must be a whole number from 1 to 100 | limit",
        "/v1/customers?cursor=abc | parameter_invalid | cursor must be a next_cursor this API gave | cursor",
        "/v1/customers?sort=name | parameter_unknown | Received unknown parameter: sort | sort",
        "/v1/customers?email=a%40b.c&phone=%2B15555550100 | parameter_invalid | give email or phone, not both | phone",
        "/v1/customers?phone=abc | parameter_invalid | phone must be an international number, such as +919876543210 | phone",
        "/v1/customers?limit=1&limit=2 | parameter_invalid | limit may be given once | limit",
      })
  void refusesAListWithA400NamingTheParameter(
      String path, String code, String message, String param) {
    HttpResponse<String> response = canonical.send(canonical.m1, "GET", path, null, null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertJsonText(response.body(), invalid(code, message, param));
  }

  @Test
  void refusesAMissingOrUnknownKeyWith401AndABearerChallenge() {
    for (String key : new String[] {null, "ck_" + "x".repeat(40), canonical.juspayKey}) {
      HttpResponse<String> response = canonical.send(key, "GET", "/v1/customers", null, null);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"clientele\"");
      assertJsonText(
          response.body(),
          error(
              "authentication_error",
              "invalid_api_key",
              "Send a valid API key as Authorization: Bearer <api_key>",
              null));
    }
  }

  @Test
  void neverShowsOrTouchesAnotherMerchantsCustomer() {
    String reference = CanonicalServer.uniqueReference();
    String id =
        canonical.created(canonical.m1, reference, "\"name\":\"Mine\"").get("id").textValue();

    for (String key : new String[] {id, reference}) {
      assertThat(canonical.get(canonical.m2, key).statusCode()).isEqualTo(404);
      assertThat(canonical.patch(canonical.m2, key, "{\"name\":\"Theirs\"}").statusCode())
          .isEqualTo(404);
      assertThat(canonical.delete(canonical.m2, key).statusCode()).isEqualTo(404);
    }
    assertThat(
            JsonAssert.parse(
                    canonical
                        .send(canonical.m2, "GET", "/v1/customers?limit=100", null, null)
                        .body())
                .get("customers")
                .findValuesAsText("id"))
        .doesNotContain(id);
    assertThat(JsonAssert.parse(canonical.get(canonical.m1, id).body()).get("name").textValue())
        .isEqualTo("Mine");
  }

  @Test
  void answersAnUnknownRouteAndAnUnservedMethodInItsShape() {
    HttpResponse<String> unknown = canonical.send(canonical.m1, "GET", "/v1/orders", null, null);
    HttpResponse<String> put =
        canonical.send(canonical.m1, "PUT", "/v1/customers/x", "application/json", "{}");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertJsonText(unknown.body(), invalid("route_not_found", "No route for GET /v1/orders", null));
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).hasValue("GET, PATCH, DELETE, HEAD");
    assertJsonText(
        put.body(), invalid("method_not_allowed", "PUT is not served on /v1/customers/x", null));
  }
}
