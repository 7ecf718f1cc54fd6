package io.clientele.dialect.flowwise;

import static io.clientele.dialect.flowwise.FlowwiseServer.assertError;
import static io.clientele.testing.JsonAssert.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One customer, two dialects: names and phones as each gateway writes them. */
class FlowwiseAcrossDialectsTest {
  static FlowwiseServer flowwise;

  @BeforeAll
  static void start() {
    flowwise = new FlowwiseServer();
  }

  @AfterAll
  static void stop() {
    flowwise.close();
  }

  @Test
  void readsAJuspayCustomerWithJoinedNameAndE164Phone() {
    JsonNode juspay =
        JsonAssert.parse(
            flowwise
                .juspay(
                    "POST",
                    "/customers",
                    "object_reference_id=juspay-john-1&mobile_number=9876543210&first_name=John&last_name=Smith"
                        + "&email_address=john%40example.com")
                .body());

    HttpResponse<String> response = flowwise.get(flowwise.p1, "juspay-john-1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(
        response.body(),
        "{\"id\":\""
            + juspay.get("id").textValue()
            + "\",\"added_on\":\""
            + juspay.get("date_created").textValue()
            + "\",\"updated_on\":\""
            + juspay.get("last_updated").textValue()
            + "\",\"customer_id\":\"juspay-john-1\",\"project_id\":\""
            + FlowwiseServer.P1
            + "\",\"scope\":\"GLOBAL\",\"status\":\"ACTIVE\",\"name\":\"John Smith\",\"email\":\"john@example.com\","
            + "\"phone\":\"+919876543210\"}");
  }

  @Test
  void readsAFlowwisePhoneThroughJuspayAsCountryCodeAndNumber() {
    flowwise.create(
        flowwise.p1,
        "{\"customer_id\":\"flowwise-sg-1\",\"scope\":\"GLOBAL\",\"name\":\"Tan Wei\",\"phone\":\"+6599887766\"}");

    HttpResponse<String> response = flowwise.juspay("GET", "/customers/flowwise-sg-1", null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JsonAssert.parse(response.body());
    assertThat(body.get("mobile_country_code").textValue()).isEqualTo("65");
    assertThat(body.get("mobile_number").textValue()).isEqualTo("99887766");
    assertThat(body.has("first_name")).isFalse();
    assertThat(body.has("last_name")).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    "+14155552671, 1, 4155552671",
    "+971501234567, 971, 501234567",
    "+442071838750, 44, 2071838750",
    "+390612345678, 39, 0612345678",
    "+91 98765 43210, 91, 9876543210",
  })
  void splitsCountryCodesOfEveryLength(String phone, String countryCode, String number) {
    String id = "split-" + countryCode + "-" + number;
    flowwise.create(
        flowwise.p1,
        "{\"customer_id\":\"" + id + "\",\"scope\":\"GLOBAL\",\"phone\":\"" + phone + "\"}");

    JsonNode juspay = JsonAssert.parse(flowwise.juspay("GET", "/customers/" + id, null).body());
    JsonNode back = JsonAssert.parse(flowwise.get(flowwise.p1, id).body());

    assertThat(
            List.of(
                juspay.get("mobile_country_code").textValue(),
                juspay.get("mobile_number").textValue()))
        .containsExactly(countryCode, number);
    assertThat(back.get("phone").textValue()).isEqualTo("+" + countryCode + number);
  }

  @Test
  void keepsJuspayNamesWhenFlowwiseSetsTheFullName() {
    flowwise.juspay(
        "POST",
        "/customers",
        "object_reference_id=juspay-jane-1&mobile_number=1&first_name=Jane&last_name=Doe");

    flowwise.put(
        flowwise.p1,
        "juspay-jane-1",
        "{\"customer_id\":\"juspay-jane-1\",\"scope\":\"GLOBAL\",\"name\":\"Jane A. Doe\"}");

    JsonNode juspay =
        JsonAssert.parse(flowwise.juspay("GET", "/customers/juspay-jane-1", null).body());
    assertThat(juspay.get("first_name").textValue()).isEqualTo("Jane");
    assertThat(juspay.get("last_name").textValue()).isEqualTo("Doe");
    assertThat(
            JsonAssert.parse(flowwise.get(flowwise.p1, "juspay-jane-1").body())
                .get("name")
                .textValue())
        .isEqualTo("Jane A. Doe");
  }

  @Test
  void takesBackTheLongestNameItShows() {
    String first = "F".repeat(255);
    String last = "L".repeat(255);
    flowwise.juspay(
        "POST",
        "/customers",
        "object_reference_id=longest-name-1&mobile_number=1&first_name="
            + first
            + "&last_name="
            + last);
    JsonNode shown = JsonAssert.parse(flowwise.get(flowwise.p1, "longest-name-1").body());
    assertThat(shown.get("name").textValue()).hasSize(511);

    HttpResponse<String> back =
        flowwise.put(
            flowwise.p1,
            "longest-name-1",
            "{\"customer_id\":\"longest-name-1\",\"scope\":\"GLOBAL\",\"name\":\""
                + shown.get("name").textValue()
                + "\"}");

    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    assertThat(JsonAssert.parse(back.body()).get("name")).isEqualTo(shown.get("name"));
  }

  @Test
  void refusesANameOver511Characters() {
    FlowwiseServer.assertInvalid(
        flowwise.create(
            flowwise.p1,
            "{\"customer_id\":\"too-long-name\",\"scope\":\"GLOBAL\",\"name\":\""
                + "n".repeat(512)
                + "\"}"),
        "Invalid name: use 1 to 511 characters");
  }

  @Test
  void doesNotResolveFlowwisePathsByClientelesId() {
    JsonNode juspay =
        JsonAssert.parse(
            flowwise
                .juspay(
                    "POST", "/customers", "object_reference_id=by-reference-only&mobile_number=1")
                .body());

    assertError(
        flowwise.get(flowwise.p1, juspay.get("id").textValue()), 404, "customer-not-found.json");
  }
}
