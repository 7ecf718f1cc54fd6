package io.clientele.dialect.juspay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How a Juspay request's parameters are read from a form, a query string or a JSON object. */
class JuspayParamsTest {

  static JuspayParams body(String contentType, String text) {
    return JuspayParams.ofBody(contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=UTF-8",
        "APPLICATION/X-WWW-FORM-URLENCODED"
      })
  void readsAFormBody(String contentType) {
    JuspayParams params = body(contentType, "object_reference_id=ref-0001&first_name=John");

    assertThat(params.get("object_reference_id")).hasValue("ref-0001");
    assertThat(params.get("first_name")).hasValue("John");
  }

  @Test
  void readsABodyWithoutContentTypeAsAForm() {
    assertThat(body(null, "first_name=John").get("first_name")).hasValue("John");
  }

  @ParameterizedTest
  @ValueSource(strings = {"first_name=John+Smith", "first_name=John%20Smith"})
  void takesBothPlusAndPercent20ForASpace(String form) {
    assertThat(body(null, form).get("first_name")).hasValue("John Smith");
  }

  @Test
  void keepsAnEncodedPlus() {
    assertThat(body(null, "mobile_number=%2B919876543210").get("mobile_number"))
        .hasValue("+919876543210");
  }

  @Test
  void remembersAParameterSentTwiceAsMalformed() {
    JuspayParams params = body(null, "first_name=John&first_name=Jack");

    assertThat(params.has("first_name")).isTrue();
    assertThat(params.isMalformed("first_name")).isTrue();
    assertThat(params.get("first_name")).isEmpty();
  }

  @Test
  void remembersAValueThatIsNotUtf8OnceDecodedAsMalformed() {
    JuspayParams params = body(null, "first_name=%C3");

    assertThat(params.isMalformed("first_name")).isTrue();
    assertThat(params.get("first_name")).isEmpty();
  }

  @Test
  void tellsAnAbsentParameterFromAnEmptyOne() {
    JuspayParams params = body(null, "first_name=");

    assertThat(params.has("first_name")).isTrue();
    assertThat(params.get("first_name")).hasValue("");
    assertThat(params.has("last_name")).isFalse();
  }

  @Test
  void readsAJsonObjectWithItsOptionsNested() {
    JuspayParams params =
        body(
            "application/json",
            "{\"object_reference_id\":\"ref-0001\",\"mobile_number\":9876543210,"
                + "\"options\":{\"get_client_auth_token\":true}}");

    assertThat(params.get("object_reference_id")).hasValue("ref-0001");
    assertThat(params.get("mobile_number")).hasValue("9876543210");
    assertThat(params.get(JuspayRules.TOKEN_OPTION)).hasValue("true");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"first_name\":null} | first_name",
        "{\"first_name\":{\"a\":1}} | first_name",
        "{\"first_name\":[\"John\"]} | first_name",
        "{\"first_name\":1.5} | first_name",
        "{\"options\":\"true\"} | options.get_client_auth_token",
        "{\"options.get_client_auth_token\":\"true\",\"options\":{\"get_client_auth_token\":true}}"
            + " | options.get_client_auth_token"
      })
  void remembersAJsonValueThatCannotBeTextAsMalformed(String json, String field) {
    JuspayParams params = body("application/json", json);

    assertThat(params.isMalformed(field)).isTrue();
    assertThat(params.get(field)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "text/plain | first_name=John | Content-Type must be application/x-www-form-urlencoded or"
            + " application/json, not text/plain",
        "application/x-www-form-urlencoded; charset=ISO-8859-1 | first_name=John | Request body"
            + " must be UTF-8, not iso-8859-1",
        "application/json | [1] | Request body must be a JSON object",
        "application/json | {\"a\": | Request body must be a JSON object",
        "application/json | {}{} | Request body must be a JSON object",
        "application/x-www-form-urlencoded | first_name=%zz | Form body has a malformed"
            + " percent-escape"
      })
  void refusesABodyItCannotReadNamingWhy(String contentType, String text, String message) {
    assertThatThrownBy(() -> body(contentType, text))
        .isInstanceOf(JuspayProblem.UnreadableBody.class)
        .hasMessage(message);
  }

  @Test
  void refusesABodyThatIsNotUtf8() {
    byte[] latin1 = "first_name=Jos\u00e9".getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> JuspayParams.ofBody(null, latin1))
        .isInstanceOf(JuspayProblem.UnreadableBody.class)
        .hasMessage("Request body is not valid UTF-8");
  }

  @Test
  void readsAMissingQueryStringAsNoParameters() {
    assertThat(JuspayParams.ofQuery(null).has(JuspayRules.TOKEN_OPTION)).isFalse();
  }

  @Test
  void readsAQueryStringAsAForm() {
    assertThat(
            JuspayParams.ofQuery("options.get_client_auth_token=true&count=5")
                .get(JuspayRules.TOKEN_OPTION))
        .isEqualTo(Optional.of("true"));
  }
}
