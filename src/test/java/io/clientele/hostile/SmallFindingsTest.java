package io.clientele.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Small contracts a hostile tester found broken once: a checksum refusal is no use of the token, a
 * write of the stored values makes no version, and a DELETE refused before routing still answers
 * JSON with a request id.
 */
class SmallFindingsTest {

  /** A request refused 401 for its checksum is not a use of the token. */
  @Test
  void anAirpayRequestRefusedForItsChecksumRecordsNoUse() {
    try (Hostile h = Hostile.start(TestDatabase.Engine.H2)) {
      HostileCredentialLifecycleTest.merchants(h);
      JsonNode airpay = HostileCredentialLifecycleTest.issue(h, "m1", "{\"dialect\":\"airpay\"}");

      HttpResponse<String> refused =
          h.server()
              .send(
                  HttpRequest.newBuilder(h.server().http("/airpay/ms/cards/api/update-customer"))
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .header("token", airpay.get("token").textValue())
                      .header("checksum", "0000")
                      .POST(BodyPublishers.ofString("entity_id=someone-else&city=Pune"))
                      .build());

      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(
              h.query(
                  "select last_used_at from credentials where id = '"
                      + airpay.get("credential_id").textValue()
                      + "'"))
          .containsExactly("null");
    }
  }

  /** A write that sets every field to the value it has changes nothing and records nothing. */
  @Test
  void aWriteOfTheSameValuesMakesNoVersionAndNoHistoryRow() {
    try (Hostile h = Hostile.start(TestDatabase.Engine.H2)) {
      String id =
          JsonAssert.parse(
                  h.juspay(
                          "POST",
                          "/customers",
                          "object_reference_id=same-values&mobile_number=9876543210&first_name=John")
                      .body())
              .get("id")
              .textValue();

      assertThat(h.juspay("POST", "/customers/" + id, "first_name=John").statusCode())
          .isEqualTo(200);
      assertThat(
              h.flowwise(
                      "PUT",
                      "/router/customer/same-values",
                      "{\"customer_id\":\"same-values\",\"scope\":\"GLOBAL\"}")
                  .statusCode())
          .isEqualTo(200);

      assertThat(h.query("select version from customers where id = '" + id + "'"))
          .containsExactly("1");
      assertThat(
              h.query(
                  "select version, fields from customer_changes where customer_id = '" + id + "'"))
          .hasSize(1);
    }
  }

  /** A DELETE refused before routing answers in JSON with a request id, as GET and POST do. */
  @Test
  void aDeleteRefusedBeforeRoutingAnswersJsonWithARequestId() {
    try (Hostile h = Hostile.start(TestDatabase.Engine.H2)) {
      HttpResponse<String> refused =
          h.server()
              .send(h.server().admin("/admin/merchants/sandbox/credentials/%FF").DELETE().build());

      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.headers().firstValue("x-request-id")).isPresent();
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonAssert.assertJson(
          refused.body(),
          "{\"error\":{\"code\":\"bad_request\",\"message\":\"Request refused before routing: Bad Request\"}}");
    }
  }
}
