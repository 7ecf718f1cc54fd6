package io.clientele.dialect.flowwise;

import static io.clientele.dialect.flowwise.FlowwiseServer.assertError;
import static io.clientele.dialect.flowwise.FlowwiseServer.assertInvalid;
import static io.clientele.dialect.flowwise.FlowwiseServer.uniqueId;
import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlowwiseCustomerTest {
  static final String PRIYA =
      """
      {"customer_id":"cust_priya_sharma_2024","scope":"PROJECT","name":"Priya Sharma","phone":"+919876543210",
       "email":"priya.sharma@gmail.com","address":"456 Defence Colony, New Delhi, Delhi 110024, India"}""";

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
  void createsTheCustomerOfTheDocumentedExample() {
    HttpResponse<String> response = flowwise.create(flowwise.p1, PRIYA);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertJson(response.body(), fixture("flowwise/priya-created.json"));
    JsonNode body = JsonAssert.parse(response.body());
    assertThat(body.get("added_on")).isEqualTo(body.get("updated_on"));
    assertThat(JsonAssert.parse(flowwise.get(flowwise.p1, "cust_priya_sharma_2024").body()))
        .isEqualTo(body);
  }

  @Test
  void updatesOnlyTheFieldsSent() throws Exception {
    String id = uniqueId();
    JsonNode created = flowwise.created(flowwise.p1, id, "PROJECT");
    Thread.sleep(1000);

    HttpResponse<String> response =
        flowwise.put(
            flowwise.p1,
            id,
            "{\"customer_id\":\"" + id + "\",\"scope\":\"PROJECT\",\"name\":\"Priya S\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(
        response.body(),
        "{\"id\":\""
            + created.get("id").textValue()
            + "\",\"added_on\":\""
            + created.get("added_on").textValue()
            + "\",\"updated_on\":\"<timestamp>\",\"customer_id\":\""
            + id
            + "\",\"project_id\":\""
            + FlowwiseServer.P1
            + "\",\"scope\":\"PROJECT\",\"status\":\"ACTIVE\",\"name\":\"Priya S\","
            + "\"email\":\"priya.sharma@gmail.com\",\"phone\":\"+919876543210\","
            + "\"address\":\"456 Defence Colony, New Delhi\"}");
    assertThat(JsonAssert.parse(response.body()).get("updated_on"))
        .isNotEqualTo(created.get("updated_on"));
    assertThat(flowwise.query("select version from customers where reference = '" + id + "'"))
        .containsExactly("2");
  }

  @Test
  void answers409ForADuplicateCustomerId() {
    String id = uniqueId();
    flowwise.created(flowwise.p1, id, "GLOBAL");

    assertError(
        flowwise.create(flowwise.p2, "{\"customer_id\":\"" + id + "\",\"scope\":\"PROJECT\"}"),
        409,
        "customer-already-exists.json");
  }

  @Test
  void answers404ForAnUnknownCustomerOnEveryRoute() {
    assertError(flowwise.get(flowwise.p1, "cust_nobody"), 404, "customer-not-found.json");
    assertError(
        flowwise.put(
            flowwise.p1, "cust_nobody", "{\"customer_id\":\"cust_nobody\",\"scope\":\"GLOBAL\"}"),
        404,
        "customer-not-found.json");
    assertError(flowwise.delete(flowwise.p1, "cust_nobody"), 404, "customer-not-found.json");
  }

  @Test
  void answers400WhenThePathAndBodyIdsDiffer() {
    String id = uniqueId();
    flowwise.created(flowwise.p1, id, "GLOBAL");

    assertInvalid(
        flowwise.put(
            flowwise.p1,
            id,
            "{\"customer_id\":\"someone_else\",\"scope\":\"GLOBAL\",\"name\":\"X\"}"),
        "customer_id in the body does not match the customer ID in the path");
    assertThat(JsonAssert.parse(flowwise.get(flowwise.p1, id).body()).get("name").textValue())
        .isEqualTo("Priya Sharma");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`{\"scope\":\"GLOBAL\"}` | Missing required field: customer_id",
        "`{\"customer_id\":\"cust_new_1\"}` | Missing required field: scope",
        "`{}` | Missing required field: customer_id; Missing required field: scope",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"global\"}` | Invalid scope: must be PROJECT or GLOBAL",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"TEAM\"}` | Invalid scope: must be PROJECT or GLOBAL",
        "`{\"customer_id\":\"\",\"scope\":\"GLOBAL\"}` | Invalid customer_id: use 1 to 255 characters, without control characters",
        "`{\"customer_id\":42,\"scope\":\"GLOBAL\"}` | Invalid customer_id: must be a string",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":null}` | Invalid scope: must be a string",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"email\":\"priya.sharma\"}` | Invalid email format",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"email\":\"priya@sharma\"}` | Invalid email format",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"email\":\"pri ya@gmail.com\"}` | Invalid email format",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"email\":\"\"}` | Invalid email format",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"phone\":\"9876543210\"}` | Invalid phone number: use the international format, e.g. +919876543210",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"phone\":\"+91\"}` | Invalid phone number: use the international format, e.g. +919876543210",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"phone\":\"+91phone\"}` | Invalid phone number: use the international format, e.g. +919876543210",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"phone\":\"+999123456789\"}` | Invalid phone number: use the international format, e.g. +919876543210",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"phone\":\"+65 9988 7766 tel\"}` | Invalid phone number: use the international format, e.g. +919876543210",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"phone\":\"+1 800 FLOWERS\"}` | Invalid phone number: use the international format, e.g. +919876543210",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"phone\":\"+919876543210x\"}` | Invalid phone number: use the international format, e.g. +919876543210",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"phone\":\"++919876543210\"}` | Invalid phone number: use the international format, e.g. +919876543210",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"phone\":\"+９１9876543210\"}` | Invalid phone number: use the international format, e.g. +919876543210",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"phone\":\"+91987654321012345\"}` | Invalid phone number: use the international format, e.g. +919876543210",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"phone\":9876543210}` | Invalid phone: must be a string",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"name\":\"  \"}` | Invalid name: use 1 to 511 characters",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"address\":\"\"}` | Invalid address: use 1 to 1000 characters",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\",\"email\":\"x\",\"phone\":\"1\"}` | Invalid phone number: use the international format, e.g. +919876543210; Invalid email format",
        "`{\"customer_id\":` | Malformed JSON: the body must be a JSON object",
        "`[]` | Malformed JSON: the body must be a JSON object",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\"} garbage` | Malformed JSON: the body must be a JSON object",
        "`{\"customer_id\":\"cust_new_1\",\"scope\":\"GLOBAL\"}]` | Malformed JSON: the body must be a JSON object",
        "`` | Malformed JSON: the body must be a JSON object",
      })
  void rejectsInvalidCustomerData(String body, String message) {
    assertInvalid(flowwise.create(flowwise.p1, body), message);
    assertThat(flowwise.query("select count(*) from customers where reference = 'cust_new_1'"))
        .containsExactly("0");
  }

  @Test
  void rejectsInvalidDataOnUpdateAndChangesNothing() {
    String id = uniqueId();
    flowwise.created(flowwise.p1, id, "GLOBAL");

    assertInvalid(
        flowwise.put(
            flowwise.p1,
            id,
            "{\"customer_id\":\"" + id + "\",\"scope\":\"GLOBAL\",\"email\":\"bad\"}"),
        "Invalid email format");
    assertInvalid(
        flowwise.put(flowwise.p1, id, "{\"customer_id\":\"" + id + "\"}"),
        "Missing required field: scope");
    assertThat(JsonAssert.parse(flowwise.get(flowwise.p1, id).body()).get("email").textValue())
        .isEqualTo("priya.sharma@gmail.com");
  }

  @Test
  void rejectsABodyThatIsNotJson() {
    HttpResponse<String> response =
        flowwise.server.send(
            HttpRequest.newBuilder(flowwise.server.http("/router/customer"))
                .header("x-client-id", flowwise.p1.id())
                .header("x-client-secret", flowwise.p1.secret())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("customer_id=x&scope=GLOBAL"))
                .build());

    assertInvalid(response, "Content-Type must be application/json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%01control", "%7Fdelete"})
  void answersInvalidCustomerIdForAPathIdThatCannotBeOne(String pathId) {
    assertError(flowwise.get(flowwise.p1, pathId), 400, "invalid-customer-id.json");
    assertError(flowwise.delete(flowwise.p1, pathId), 400, "invalid-customer-id.json");
  }

  @Test
  void reachesACustomerIdHoldingASlashThroughPercent2F() {
    flowwise.juspay("POST", "/customers", "object_reference_id=orders%2F2024%2F42&mobile_number=1");

    assertThat(
            JsonAssert.parse(flowwise.get(flowwise.p1, "orders%2F2024%2F42").body())
                .get("customer_id")
                .textValue())
        .isEqualTo("orders/2024/42");
    assertThat(flowwise.delete(flowwise.p1, "orders%2F2024%2F42").statusCode()).isEqualTo(204);
    assertThat(flowwise.juspay("GET", "/customers/orders%2F2024%2F42", null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void answersInvalidCustomerIdForAnOverlongPathId() {
    assertError(flowwise.get(flowwise.p1, "c".repeat(256)), 400, "invalid-customer-id.json");
  }

  @Test
  void answers401WithoutOrWithWrongCredentials() {
    HttpResponse<String> none =
        flowwise.server.send(
            HttpRequest.newBuilder(flowwise.server.http("/router/customer/x")).build());
    HttpResponse<String> wrongSecret =
        flowwise.get(new FlowwiseServer.Client(flowwise.p1.id(), "cfsk_wrong"), "x");
    HttpResponse<String> unknownClient =
        flowwise.get(
            new FlowwiseServer.Client("CF00000000000000000000", flowwise.p1.secret()), "x");
    HttpResponse<String> secretOfAnother =
        flowwise.get(new FlowwiseServer.Client(flowwise.p1.id(), flowwise.p2.secret()), "x");

    for (HttpResponse<String> response :
        java.util.List.of(none, wrongSecret, unknownClient, secretOfAnother)) {
      assertError(response, 401, "unauthorized.json");
    }
  }

  @Test
  void refusesACallerOutsideTheAllowList() {
    flowwise.admin(
        "PUT", "/admin/merchants/m2/allowed-ips", "{\"allowed_ips\":[\"192.0.2.0/24\"]}");
    try {
      assertError(flowwise.get(flowwise.m2, "anything"), 403, "origin-not-allowed.json");
    } finally {
      flowwise.admin("PUT", "/admin/merchants/m2/allowed-ips", "{\"allowed_ips\":[]}");
    }
  }

  @Test
  void answers413InFlowwisesShape() {
    HttpResponse<String> response =
        flowwise.create(flowwise.p1, "{\"customer_id\":\"" + "x".repeat(1024 * 1024) + "\"}");

    assertThat(response.statusCode()).isEqualTo(413);
    assertJson(response.body(), fixture("flowwise/payload-too-large.json"));
  }

  @Test
  void answersAnUnknownRouteUnderRouterInFlowwisesShape() {
    HttpResponse<String> response = flowwise.send(flowwise.p1, "GET", "/router/customers", null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertJson(response.body(), fixture("flowwise/route-not-found.json"));
  }

  @Test
  void servesOverHttps() {
    String id = uniqueId();
    HttpResponse<String> response =
        flowwise.server.send(
            HttpRequest.newBuilder(flowwise.server.https("/router/customer"))
                .header("x-client-id", flowwise.p1.id())
                .header("x-client-secret", flowwise.p1.secret())
                .header("Content-Type", "application/json")
                .POST(
                    BodyPublishers.ofString(
                        "{\"customer_id\":\"" + id + "\",\"scope\":\"GLOBAL\"}"))
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(
        response.body(),
        "{\"id\":\"<customer-id>\",\"added_on\":\"<timestamp>\",\"updated_on\":\"<timestamp>\",\"customer_id\":\""
            + id
            + "\",\"project_id\":\""
            + FlowwiseServer.P1
            + "\",\"scope\":\"GLOBAL\",\"status\":\"ACTIVE\"}");
  }
}
