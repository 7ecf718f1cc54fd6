package io.clientele.dialect.flowwise;

import static io.clientele.dialect.flowwise.FlowwiseServer.assertError;
import static io.clientele.dialect.flowwise.FlowwiseServer.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Delete is an erasure: personal data gone in the same transaction, a tombstone left, 404 ever
 * after.
 */
class FlowwiseDeleteTest {
  static FlowwiseServer flowwise;

  @BeforeAll
  static void start() {
    flowwise = new FlowwiseServer();
  }

  @AfterAll
  static void stop() {
    flowwise.close();
  }

  String row(String id) {
    return flowwise
        .stored(
            "select reference_key, personal, email_key, phone_key, customer_key, key_version,"
                + " project_id, scope, status, version, created_at = updated_at from customers"
                + " where id = '"
                + id
                + "'")
        .get(0);
  }

  @Test
  void answers204WithNoBodyAndLeavesOnlyATombstone() {
    String customerId = uniqueId();
    JsonNode created = flowwise.created(flowwise.p1, customerId, "PROJECT");
    String id = created.get("id").textValue();

    HttpResponse<String> response = flowwise.delete(flowwise.p1, customerId);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(row(id))
        .isEqualTo(
            "null|null|null|null|null|null|" + FlowwiseServer.P1 + "|PROJECT|DELETED|2|FALSE");
  }

  @Test
  void answers404InEveryDialectAfterwardsAndOnASecondDelete() {
    String customerId = uniqueId();
    String id = flowwise.created(flowwise.p1, customerId, "GLOBAL").get("id").textValue();

    flowwise.delete(flowwise.p1, customerId);

    assertError(flowwise.get(flowwise.p1, customerId), 404, "customer-not-found.json");
    assertError(
        flowwise.put(
            flowwise.p1,
            customerId,
            "{\"customer_id\":\"" + customerId + "\",\"scope\":\"GLOBAL\"}"),
        404,
        "customer-not-found.json");
    assertError(flowwise.delete(flowwise.p1, customerId), 404, "customer-not-found.json");
    assertThat(flowwise.juspay("GET", "/customers/" + id, null).statusCode()).isEqualTo(404);
    assertThat(flowwise.juspay("GET", "/customers/" + customerId, null).statusCode())
        .isEqualTo(404);
    assertThat(flowwise.juspay("POST", "/customers/" + id, "first_name=Back").statusCode())
        .isEqualTo(404);
    assertThat(
            JsonAssert.parse(flowwise.juspay("GET", "/customers?count=100", null).body())
                .get("list")
                .toString())
        .doesNotContain(customerId);
  }

  @Test
  void freesTheReferenceForANewCustomer() {
    String customerId = uniqueId();
    String oldId = flowwise.created(flowwise.p1, customerId, "GLOBAL").get("id").textValue();
    flowwise.delete(flowwise.p1, customerId);

    JsonNode again = flowwise.created(flowwise.p2, customerId, "GLOBAL");

    assertThat(again.get("id").textValue()).isNotEqualTo(oldId);
    assertThat(JsonAssert.parse(flowwise.get(flowwise.p1, customerId).body()).get("id"))
        .isEqualTo(again.get("id"));
    assertThat(
            flowwise.query(
                "select status from customers where id in ('"
                    + oldId
                    + "', '"
                    + again.get("id").textValue()
                    + "') order by status"))
        .containsExactly("ACTIVE", "DELETED");
  }

  @Test
  void removesTheCustomersClientAuthTokens() {
    String customerId = uniqueId();
    String id = flowwise.created(flowwise.p1, customerId, "GLOBAL").get("id").textValue();
    flowwise.juspay("GET", "/customers/" + id + "?options.get_client_auth_token=true", null);
    assertThat(
            flowwise.query(
                "select count(*) from client_auth_tokens where customer_id = '" + id + "'"))
        .containsExactly("1");

    flowwise.delete(flowwise.p1, customerId);

    assertThat(
            flowwise.query(
                "select count(*) from client_auth_tokens where customer_id = '" + id + "'"))
        .containsExactly("0");
  }

  @Test
  void erasesACustomerMadeThroughJuspay() {
    JsonNode juspay =
        JsonAssert.parse(
            flowwise
                .juspay(
                    "POST",
                    "/customers",
                    "object_reference_id=erase-juspay-1&mobile_number=1&first_name=Ann")
                .body());

    assertThat(flowwise.delete(flowwise.p2, "erase-juspay-1").statusCode()).isEqualTo(204);

    assertThat(row(juspay.get("id").textValue()))
        .isEqualTo("null|null|null|null|null|null|null|GLOBAL|DELETED|2|FALSE");
  }
}
