package io.clientele.dialect;

import static io.clientele.testing.JsonAssert.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.dialect.canonical.CanonicalServer;
import io.clientele.testing.JsonAssert;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key} on Juspay's and Flowwise's creates: a retry gets the first answer again
 * and creates nothing; the key with another body is refused in the gateway's own error frame.
 */
class GatewayIdempotencyTest {
  static final String JUSPAY_FORM =
      "object_reference_id=idemcustomer01&mobile_number=9876543210"
          + "&options.get_client_auth_token=true";
  static final String FLOWWISE_JSON =
      "{\"customer_id\":\"idem-flow-1\",\"scope\":\"GLOBAL\",\"name\":\"Priya Sharma\","
          + "\"phone\":\"+919876543210\"}";

  static CanonicalServer server;

  @BeforeAll
  static void start() {
    server = new CanonicalServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> juspay(String path, String form, String key) {
    return server.server.send(
        HttpRequest.newBuilder(server.server.http(path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((server.juspayKey + ":").getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Idempotency-Key", key)
            .POST(BodyPublishers.ofString(form))
            .build());
  }

  static HttpResponse<String> flowwise(String json, String key) {
    return server.server.send(
        HttpRequest.newBuilder(server.server.http("/router/customer"))
            .header("x-client-id", server.flowwiseId)
            .header("x-client-secret", server.flowwiseSecret)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(BodyPublishers.ofString(json))
            .build());
  }

  static String customerCount() {
    return server.database.query("select count(*) from customers").get(0);
  }

  @Test
  void replaysAJuspayCreateWithItsClientAuthToken() {
    HttpResponse<String> first = juspay("/customers", JUSPAY_FORM, "juspay-create-1");
    String stored = customerCount();
    HttpResponse<String> retry = juspay("/customers", JUSPAY_FORM, "juspay-create-1");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(JsonAssert.parse(retry.body()).get("juspay").get("client_auth_token").textValue())
        .startsWith("tkn_");
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(customerCount()).isEqualTo(stored);
  }

  @Test
  void refusesAJuspayCreateWithTheKeyAndAnotherBody() {
    juspay("/customers", JUSPAY_FORM.replace("01", "02"), "juspay-create-2");

    HttpResponse<String> other =
        juspay("/customers", JUSPAY_FORM.replace("01", "03"), "juspay-create-2");

    assertThat(other.statusCode()).isEqualTo(422);
    assertJson(
        other.body(),
        """
        {"error_message":"Idempotency-Key already used","status":"invalid_request_error",\
        "error_code":"idempotency_key_reused","error_info":{"user_message":\
        "Invalid request params. Please verify your input.","request_id":"<uuid>","href":"NA",\
        "developer_message":"This Idempotency-Key came first with another request; send a new\
         key for a new request","code":"IDEMPOTENCY_KEY_REUSED","category":"USER_ERROR"}}""");
    assertThat(JsonAssert.parse(other.body()).get("error_info").get("request_id").textValue())
        .isEqualTo(other.headers().firstValue("x-request-id").orElseThrow());
  }

  @Test
  void refusesAMalformedKeyOnAJuspayCreate() {
    HttpResponse<String> response = juspay("/customers", JUSPAY_FORM, "x".repeat(256));

    assertThat(response.statusCode()).isEqualTo(400);
    assertJson(
        response.body(),
        """
        {"error_message":"Invalid Idempotency-Key","status":"invalid_request_error",\
        "error_code":"idempotency_key_invalid","error_info":{"user_message":\
        "Invalid request params. Please verify your input.","request_id":"<uuid>","href":"NA",\
        "developer_message":"Idempotency-Key must be 1 to 255 visible ASCII characters or\
         spaces","code":"IDEMPOTENCY_KEY_INVALID","category":"USER_ERROR"}}""");
  }

  @Test
  void leavesAJuspayUpdateAsItWasAKeyChangesNothingThere() {
    String id =
        JsonAssert.parse(juspay("/customers", JUSPAY_FORM.replace("01", "04"), "create-4").body())
            .get("id")
            .textValue();

    HttpResponse<String> first = juspay("/customers/" + id, "first_name=Ann", "update-4");
    HttpResponse<String> again = juspay("/customers/" + id, "first_name=Bea", "update-4");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).as("the key is for creates only").isEqualTo(200);
    assertThat(JsonAssert.parse(again.body()).get("first_name").textValue()).isEqualTo("Bea");
  }

  @Test
  void replaysAFlowwiseCreate() {
    HttpResponse<String> first = flowwise(FLOWWISE_JSON, "flowwise-create-1");
    String stored = customerCount();
    HttpResponse<String> retry = flowwise(FLOWWISE_JSON, "flowwise-create-1");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(customerCount()).isEqualTo(stored);
  }

  @Test
  void refusesAFlowwiseCreateWithTheKeyAndAnotherBody() {
    flowwise(FLOWWISE_JSON.replace("idem-flow-1", "idem-flow-2"), "flowwise-create-2");

    HttpResponse<String> other =
        flowwise(FLOWWISE_JSON.replace("idem-flow-1", "idem-flow-3"), "flowwise-create-2");

    assertThat(other.statusCode()).isEqualTo(422);
    assertJson(
        other.body(),
        """
        {"message":"This Idempotency-Key came first with another request; send a new key for a\
         new request","code":"idempotency_key_reused","type":"validation_error"}""");
  }

  @Test
  void refusesAMalformedKeyOnAFlowwiseCreate() {
    HttpResponse<String> response = flowwise(FLOWWISE_JSON, "y".repeat(256));

    assertThat(response.statusCode()).isEqualTo(400);
    assertJson(
        response.body(),
        """
        {"message":"Idempotency-Key must be 1 to 255 visible ASCII characters or spaces",\
        "code":"idempotency_key_invalid","type":"validation_error"}""");
  }
}
