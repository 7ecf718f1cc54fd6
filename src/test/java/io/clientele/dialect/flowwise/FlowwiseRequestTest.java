package io.clientele.dialect.flowwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.customer.Customer;
import io.clientele.customer.Phones;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A Flowwise {@code CustomerRequest} read against the schema, every problem collected in order. */
class FlowwiseRequestTest {

  static FlowwiseRequest parse(String contentType, String json) {
    return FlowwiseRequest.parse(contentType, json.getBytes(StandardCharsets.UTF_8));
  }

  static void assertRefused(String json, String message) {
    assertThatThrownBy(() -> parse("application/json", json))
        .isInstanceOf(FlowwiseProblem.InvalidData.class)
        .hasMessage(message);
  }

  @Test
  void readsEveryFieldOfTheSchema() {
    FlowwiseRequest request =
        parse(
            "application/json",
            "{\"customer_id\":\"cust_priya\",\"scope\":\"PROJECT\",\"name\":\"Priya Sharma\","
                + "\"phone\":\"+919876543210\",\"email\":\"priya@example.com\","
                + "\"address\":\"456 Defence Colony\"}");

    assertThat(request)
        .isEqualTo(
            new FlowwiseRequest(
                "cust_priya",
                Customer.Scope.PROJECT,
                "Priya Sharma",
                new Phones.Split("91", "9876543210"),
                "priya@example.com",
                "456 Defence Colony"));
  }

  @Test
  void leavesAbsentOptionalFieldsNull() {
    assertThat(parse("application/json", "{\"customer_id\":\"c1\",\"scope\":\"GLOBAL\"}"))
        .isEqualTo(new FlowwiseRequest("c1", Customer.Scope.GLOBAL, null, null, null, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", ";"})
  void readsJsonWhateverTheParametersOrCase(String contentType) {
    assertThat(parse(contentType, "{\"customer_id\":\"c1\",\"scope\":\"GLOBAL\"}").customerId())
        .isEqualTo("c1");
  }

  @Test
  void readsABodyWithoutContentTypeAsJson() {
    assertThat(parse(null, "{\"customer_id\":\"c1\",\"scope\":\"GLOBAL\"}").scope())
        .isEqualTo(Customer.Scope.GLOBAL);
  }

  @Test
  void refusesABodyThatIsNotDeclaredJson() {
    assertThatThrownBy(() -> parse("text/plain", "{}"))
        .isInstanceOf(FlowwiseProblem.InvalidData.class)
        .hasMessage("Content-Type must be application/json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[]", "\"c1\"", "{} {}", "{\"a\":1,\"a\":2}"})
  void refusesABodyThatIsNotOneJsonObject(String body) {
    assertRefused(body, "Malformed JSON: the body must be a JSON object");
  }

  @Test
  void listsBothMissingRequiredFields() {
    assertRefused("{}", "Missing required field: customer_id; Missing required field: scope");
  }

  @Test
  void listsEveryProblemInTheSchemasFieldOrder() {
    assertRefused(
        "{\"address\":\"\",\"email\":\"bad\",\"phone\":\"123\",\"name\":\"\",\"scope\":\"OTHER\","
            + "\"customer_id\":5}",
        "Invalid customer_id: must be a string; Invalid scope: must be PROJECT or GLOBAL;"
            + " Invalid name: use 1 to 511 characters;"
            + " Invalid phone number: use the international format, e.g. +919876543210;"
            + " Invalid email format; Invalid address: use 1 to 1000 characters");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"customer_id\":\"c1\",\"scope\":\"GLOBAL\",\"name\":null} | Invalid name: must be a string",
        "{\"customer_id\":\"c1\",\"scope\":\"global\"} | Invalid scope: must be PROJECT or GLOBAL",
        "{\"customer_id\":\"\",\"scope\":\"GLOBAL\"} | Invalid customer_id: use 1 to 255 characters,"
            + " without control characters",
        "{\"customer_id\":\"c\\u0001\",\"scope\":\"GLOBAL\"} | Invalid customer_id: use 1 to 255"
            + " characters, without control characters",
        "{\"customer_id\":\"c1\",\"scope\":\"GLOBAL\",\"phone\":\"9876543210\"} | Invalid phone"
            + " number: use the international format, e.g. +919876543210",
        "{\"customer_id\":\"c1\",\"scope\":\"GLOBAL\",\"email\":\"a@b\"} | Invalid email format",
        "{\"customer_id\":\"c1\",\"scope\":\"GLOBAL\",\"address\":\" \"} | Invalid address: use 1"
            + " to 1000 characters",
        "{\"customer_id\":\"c1\",\"scope\":[\"GLOBAL\"]} | Invalid scope: must be a string"
      })
  void namesTheOneProblemOfABody(String json, String message) {
    assertRefused(json, message);
  }

  @Test
  void takesANameOf511CharactersButNot512() {
    String body = "{\"customer_id\":\"c1\",\"scope\":\"GLOBAL\",\"name\":\"%s\"}";

    assertThat(parse(null, body.formatted("n".repeat(511))).name()).hasSize(511);
    assertRefused(body.formatted("n".repeat(512)), "Invalid name: use 1 to 511 characters");
  }

  /** Overlong UTF-8 ({@code C0 AF}) is not UTF-8; Jackson alone read it as "/". */
  @org.junit.jupiter.api.Test
  void refusesABodyThatIsNotUtf8AsMalformedJson() {
    byte[] head = "{\"customer_id\":\"c".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "1\",\"scope\":\"GLOBAL\"}".getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    body[head.length] = (byte) 0xC0;
    body[head.length + 1] = (byte) 0xAF;
    System.arraycopy(tail, 0, body, head.length + 2, tail.length);

    assertThatThrownBy(() -> FlowwiseRequest.parse("application/json", body))
        .isInstanceOf(FlowwiseProblem.InvalidData.class)
        .hasMessage("Malformed JSON: the body must be a JSON object");
    assertThat(
            FlowwiseRequest.parse(
                    "application/json",
                    "{\"customer_id\":\"c/1\",\"scope\":\"GLOBAL\",\"name\":\"Ελένη\"}"
                        .getBytes(StandardCharsets.UTF_8))
                .customerId())
        .isEqualTo("c/1");
  }
}
