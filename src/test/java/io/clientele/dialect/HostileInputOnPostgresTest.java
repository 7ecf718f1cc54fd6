package io.clientele.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text PostgreSQL refuses to store or compare (a NUL, an unpaired surrogate) must be answered as
 * bad input or as no match by every dialect, never reach the database as a 500.
 */
class HostileInputOnPostgresTest {
  static TestDatabase database;
  static TestServer server;
  static String juspayKey;
  static String clientId;
  static String clientSecret;

  @BeforeAll
  static void start() {
    database = TestDatabase.postgres();
    server = TestServer.startInTemporaryDir(database.config());
    server.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}");
    juspayKey =
        JsonAssert.parse(
                server
                    .adminCall(
                        "POST", "/admin/merchants/m1/credentials", "{\"dialect\":\"juspay\"}")
                    .body())
            .get("api_key")
            .textValue();
    var flowwise =
        JsonAssert.parse(
            server
                .adminCall(
                    "POST",
                    "/admin/merchants/m1/credentials",
                    "{\"dialect\":\"flowwise\",\"project_id\":\"p1\"}")
                .body());
    clientId = flowwise.get("client_id").textValue();
    clientSecret = flowwise.get("client_secret").textValue();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (database != null) {
      database.close();
    }
  }

  static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> juspayGet(String path, String authorization) {
    return server.send(
        HttpRequest.newBuilder(server.http(path)).header("Authorization", authorization).build());
  }

  HttpResponse<String> juspayJson(String json) {
    return server.send(
        HttpRequest.newBuilder(server.http("/customers"))
            .header("Authorization", basic(juspayKey))
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<String> flowwiseCreate(String json) {
    return server.send(
        HttpRequest.newBuilder(server.http("/router/customer"))
            .header("x-client-id", clientId)
            .header("x-client-secret", clientSecret)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json))
            .build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"%01customer", "customer%1F", "%7Fcustomer"})
  void findsNoCustomerForAPathIdWithAControlCharacter(String pathId) {
    HttpResponse<String> response = juspayGet("/customers/" + pathId, basic(juspayKey));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(JsonAssert.parse(response.body()).get("error_code").textValue())
        .isEqualTo("object_not_found");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%00customer", "customer%00", "%ED%A0%80customer", "%FFcustomer"})
  void refusesAPathJettyCannotDecodeInJsonBeforeRouting(String pathId) {
    HttpResponse<String> response = juspayGet("/customers/" + pathId, basic(juspayKey));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("x-request-id").orElseThrow())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    JsonAssert.assertJson(
        response.body(),
        "{\"error\":{\"code\":\"bad_request\",\"message\":\"Request refused before routing: Bad Request\"}}");
  }

  @Test
  void refusesAKeyWithANul() {
    HttpResponse<String> response =
        juspayGet("/customers", basic("\u0000" + juspayKey.substring(1) + ":"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
  }

  @Test
  void refusesAJuspayReferenceWithAnUnpairedSurrogate() {
    HttpResponse<String> response =
        juspayJson("{\"object_reference_id\":\"\\ud800reference\",\"mobile_number\":\"1\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(JsonAssert.parse(response.body()).get("error_message").textValue())
        .isEqualTo("Wrong value in object_reference_id");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"customer_id\":\"\\ud800x\",\"scope\":\"GLOBAL\"}",
        "{\"customer_id\":\"c1\",\"scope\":\"GLOBAL\",\"name\":\"A\\udc00\"}",
        "{\"customer_id\":\"c1\",\"scope\":\"GLOBAL\",\"address\":\"1 Road\\ud800\"}",
        "{\"customer_id\":\"c1\",\"scope\":\"GLOBAL\",\"name\":\"A\\u0000B\"}",
      })
  void refusesFlowwiseTextPostgresCannotStore(String json) {
    HttpResponse<String> response = flowwiseCreate(json);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(JsonAssert.parse(response.body()).get("code").textValue())
        .isEqualTo("invalid_customer_data");
  }

  @Test
  void refusesAFlowwiseClientIdWithNonAsciiBytes() {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.http("/router/customer/c1"))
                .header("x-client-id", "CF\u00e9")
                .header("x-client-secret", clientSecret)
                .build());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
  }
}
