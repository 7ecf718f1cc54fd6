package io.clientele.admin;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.storage.JdbcMerchantStore;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes serving from one PostgreSQL database: what the admin API changes on one, the other
 * enforces within a second, though each node serves the credentials it read from memory for up to
 * {@link JdbcMerchantStore#KEY_OWNER_MAX_AGE}.
 */
class CredentialsAcrossNodesTest {
  @TempDir Path nodeADir;
  @TempDir Path nodeBDir;

  static HttpResponse<String> listCustomers(TestServer node, String apiKey) {
    return node.send(
        HttpRequest.newBuilder(node.http("/customers"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder().encodeToString(apiKey.getBytes(StandardCharsets.UTF_8)))
            .GET()
            .build());
  }

  /** A node on the same database with node A's data key, as every node sharing one must have. */
  private TestServer secondNode(TestDatabase database) throws java.io.IOException {
    return secondNode(database, System::nanoTime);
  }

  private TestServer secondNode(TestDatabase database, LongSupplier rateLimitClock)
      throws java.io.IOException {
    java.nio.file.Files.copy(
        nodeADir.resolve("data-key"),
        nodeBDir.resolve("data-key"),
        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    return TestServer.start(nodeBDir, database.config(), Map.of(), rateLimitClock);
  }

  /**
   * Asks {@code node} every 10 ms until it refuses {@code apiKey}, then checks it keeps refusing;
   * answers how long refusal took.
   */
  static Duration untilRefused(TestServer node, String apiKey) {
    long start = System.nanoTime();
    HttpResponse<String> response = listCustomers(node, apiKey);
    while (response.statusCode() == 200
        && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
      sleep(10);
      response = listCustomers(node, apiKey);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(response.statusCode()).isEqualTo(401);
    assertJson(response.body(), fixture("juspay/unauthorized.json"));
    for (int i = 0; i < 5; i++) {
      sleep(100);
      assertThat(listCustomers(node, apiKey).statusCode()).isEqualTo(401);
    }
    return took;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void refusesOnOneNodeWithinASecondAKeyRevokedThroughTheOther() throws Exception {
    try (TestDatabase database = TestDatabase.postgres();
        TestServer nodeA = TestServer.start(nodeADir, database.config(), Map.of());
        TestServer nodeB = secondNode(database)) {
      nodeA.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}");
      JsonNode key =
          JsonAssert.parse(
              nodeA
                  .adminCall("POST", "/admin/merchants/m1/credentials", "{\"dialect\":\"juspay\"}")
                  .body());
      String apiKey = key.get("api_key").textValue();
      assertThat(listCustomers(nodeB, apiKey).statusCode()).isEqualTo(200);

      assertThat(
              nodeA
                  .adminCall(
                      "DELETE",
                      "/admin/merchants/m1/credentials/" + key.get("credential_id").textValue(),
                      "")
                  .statusCode())
          .isEqualTo(204);

      assertThat(listCustomers(nodeA, apiKey).statusCode()).isEqualTo(401);
      assertThat(untilRefused(nodeB, apiKey)).isLessThan(Duration.ofSeconds(1));
    }
  }

  @Test
  void servesOnOneNodeOnlyTheSuccessorOfAKeyRotatedThroughTheOtherWithinASecond() throws Exception {
    try (TestDatabase database = TestDatabase.postgres();
        TestServer nodeA = TestServer.start(nodeADir, database.config(), Map.of());
        TestServer nodeB = secondNode(database)) {
      nodeA.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}");
      JsonNode old =
          JsonAssert.parse(
              nodeA
                  .adminCall("POST", "/admin/merchants/m1/credentials", "{\"dialect\":\"juspay\"}")
                  .body());
      assertThat(listCustomers(nodeB, old.get("api_key").textValue()).statusCode()).isEqualTo(200);

      JsonNode successor =
          JsonAssert.parse(
              nodeA
                  .adminCall(
                      "POST",
                      "/admin/merchants/m1/credentials/"
                          + old.get("credential_id").textValue()
                          + "/rotate",
                      "{\"overlap_seconds\":0}")
                  .body());

      assertThat(untilRefused(nodeB, old.get("api_key").textValue()))
          .isLessThan(Duration.ofSeconds(1));
      assertThat(listCustomers(nodeB, successor.get("api_key").textValue()).statusCode())
          .isEqualTo(200);
    }
  }

  /**
   * Asks {@code node} every 10 ms until it answers {@code apiKey} 429, then checks it keeps doing
   * so (its rate clock stands still); answers how long that took.
   */
  static Duration untilLimited(TestServer node, String apiKey) {
    long start = System.nanoTime();
    HttpResponse<String> response = listCustomers(node, apiKey);
    while (response.statusCode() == 200
        && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
      sleep(10);
      response = listCustomers(node, apiKey);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(response.statusCode()).isEqualTo(429);
    assertJson(response.body(), fixture("juspay/too-many-requests.json"));
    for (int i = 0; i < 5; i++) {
      assertThat(listCustomers(node, apiKey).statusCode()).isEqualTo(429);
    }
    return took;
  }

  @Test
  void limitsOnOneNodeWithinASecondACredentialWhoseMerchantWasLimitedThroughTheOther()
      throws Exception {
    // Both nodes' rate clocks stand still: a bucket of one admits one request on each node.
    try (TestDatabase database = TestDatabase.postgres();
        TestServer nodeA = TestServer.start(nodeADir, database.config(), Map.of(), () -> 0L);
        TestServer nodeB = secondNode(database, () -> 0L)) {
      nodeA.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}");
      String apiKey =
          JsonAssert.parse(
                  nodeA
                      .adminCall(
                          "POST", "/admin/merchants/m1/credentials", "{\"dialect\":\"juspay\"}")
                      .body())
              .get("api_key")
              .textValue();
      for (int i = 0; i < 3; i++) {
        assertThat(listCustomers(nodeB, apiKey).statusCode()).isEqualTo(200);
      }

      assertThat(
              nodeA
                  .adminCall(
                      "PUT",
                      "/admin/merchants/m1/rate-limit",
                      "{\"requests_per_second\":1,\"burst\":1}")
                  .statusCode())
          .isEqualTo(200);

      assertThat(listCustomers(nodeA, apiKey).statusCode()).isEqualTo(200);
      assertThat(listCustomers(nodeA, apiKey).statusCode()).isEqualTo(429);
      assertThat(untilLimited(nodeB, apiKey)).isLessThan(Duration.ofSeconds(1));
    }
  }
}
