package io.clientele.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --require-https}: a request of a named route family reaching the plain HTTP listener is
 * refused with a 403 in its family's error shape before its credentials are read, whatever it
 * claims in {@code X-Forwarded-Proto}; the same request over HTTPS is served, and so is every
 * family left out, and health and metrics stay on HTTP.
 */
class RequireHttpsTest {
  static TestServer all;
  static TestServer airpayOnly;

  @BeforeAll
  static void start() {
    all = TestServer.startInTemporaryDir(null, Map.of("require-https", "all"));
    airpayOnly = TestServer.startInTemporaryDir(null, Map.of("require-https", " Airpay "));
  }

  @AfterAll
  static void stop() {
    all.close();
    airpayOnly.close();
  }

  private static HttpResponse<String> juspayList(TestServer server, URI uri) {
    String key = server.sandbox("api_key");
    return server.send(
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(key.getBytes()))
            .build());
  }

  private static HttpResponse<String> flowwiseGet(TestServer server, URI uri) {
    return server.send(
        HttpRequest.newBuilder(uri)
            .header("x-client-id", server.sandbox("client_id"))
            .header("x-client-secret", server.sandbox("client_secret"))
            .build());
  }

  private static HttpResponse<String> airpayUpdate(TestServer server, URI uri) {
    return server.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("token", server.sandbox("token"))
            .header("checksum", "not checked before the listener")
            .POST(HttpRequest.BodyPublishers.ofString("entity_id=ENT00001&city=Kochi"))
            .build());
  }

  /** A canonical list with a key issued over HTTPS, where the admin API is served. */
  private static HttpResponse<String> canonicalList(TestServer server, URI uri) {
    HttpResponse<String> issued =
        server.send(
            HttpRequest.newBuilder(server.https("/admin/merchants/sandbox/credentials"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"dialect\":\"canonical\"}"))
                .build());
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    String key = JsonAssert.parse(issued.body()).get("api_key").textValue();
    return server.send(
        HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key).build());
  }

  private static HttpResponse<String> adminList(TestServer server, URI uri) {
    return server.send(
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
            .build());
  }

  private static void assertRefused(HttpResponse<String> response, String fixture) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    JsonAssert.assertJson(response.body(), JsonAssert.fixture(fixture));
  }

  @Test
  void refusesJuspayOverHttpInJuspaysShapeAndServesItOverHttps() {
    assertRefused(juspayList(all, all.http("/customers")), "juspay/https-required.json");
    assertThat(juspayList(all, all.https("/customers")).statusCode()).isEqualTo(200);
  }

  @Test
  void refusesFlowwiseOverHttpInFlowwisesShapeAndServesItOverHttps() {
    assertRefused(
        flowwiseGet(all, all.http("/router/customer/c404")), "flowwise/https-required.json");
    assertThat(flowwiseGet(all, all.https("/router/customer/c404")).statusCode()).isEqualTo(404);
  }

  @Test
  void refusesAirpayOverHttpInAirpaysShapeWithItsReasonAndServesItOverHttps() {
    HttpResponse<String> response =
        airpayUpdate(all, all.http("/airpay/ms/cards/api/update-customer"));

    assertRefused(response, "airpay/fail-403.json");
    assertThat(response.headers().firstValue("x-clientele-reason"))
        .hasValue("this server takes airpay requests over HTTPS only");
    HttpResponse<String> secure =
        airpayUpdate(all, all.https("/airpay/ms/cards/api/update-customer"));
    assertThat(secure.headers().firstValue("x-clientele-reason"))
        .hasValue("checksum does not match the body and the secret key");
  }

  @Test
  void refusesTheCanonicalApiOverHttpInItsShapeAndServesItOverHttps() {
    assertRefused(canonicalList(all, all.http("/v1/customers")), "canonical/https-required.json");
    assertThat(canonicalList(all, all.https("/v1/customers")).statusCode()).isEqualTo(200);
  }

  @Test
  void refusesTheAdminApiOverHttpAndServesItOverHttps() {
    assertRefused(adminList(all, all.http("/admin/merchants")), "admin/https-required.json");
    assertThat(adminList(all, all.https("/admin/merchants")).statusCode()).isEqualTo(200);
  }

  @Test
  void refusesOverHttpBeforeReadingTheCredentials() {
    HttpResponse<String> response =
        all.send(HttpRequest.newBuilder(all.http("/admin/merchants")).build());

    assertRefused(response, "admin/https-required.json");
  }

  @Test
  void doesNotTakeTheClientsWordForHttpsInXForwardedProto() {
    HttpResponse<String> response =
        all.send(
            HttpRequest.newBuilder(all.http("/admin/merchants"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .header("X-Forwarded-Proto", "https")
                .build());

    assertRefused(response, "admin/https-required.json");
  }

  @Test
  void servesHealthAndMetricsOverHttp() {
    assertThat(all.send(HttpRequest.newBuilder(all.http("/health/live")).build()).statusCode())
        .isEqualTo(200);
    assertThat(all.send(HttpRequest.newBuilder(all.http("/metrics")).build()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void servesOverHttpTheFamiliesLeftOut() {
    assertRefused(
        airpayUpdate(airpayOnly, airpayOnly.http("/airpay/ms/cards/api/update-customer")),
        "airpay/fail-403.json");
    assertThat(juspayList(airpayOnly, airpayOnly.http("/customers")).statusCode()).isEqualTo(200);
    assertThat(flowwiseGet(airpayOnly, airpayOnly.http("/router/customer/c404")).statusCode())
        .isEqualTo(404);
    assertThat(adminList(airpayOnly, airpayOnly.http("/admin/merchants")).statusCode())
        .isEqualTo(200);
    assertThat(canonicalList(airpayOnly, airpayOnly.http("/v1/customers")).statusCode())
        .isEqualTo(200);
  }
}
