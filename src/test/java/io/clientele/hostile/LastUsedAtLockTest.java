package io.clientele.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Recording a credential's use never makes a request wait: while another transaction holds the
 * credential's row lock, requests are still answered at once and the pool is not exhausted.
 */
class LastUsedAtLockTest {

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void aHeldCredentialRowStallsAReadOnlyRequest(TestDatabase.Engine engine) throws Exception {
    try (Hostile h = Hostile.start(engine)) {
      HostileCredentialLifecycleTest.merchants(h);
      JsonNode credential =
          HostileCredentialLifecycleTest.issue(h, "m1", "{\"dialect\":\"juspay\"}");
      String id = credential.get("credential_id").textValue();
      String key = credential.get("api_key").textValue();
      try (Connection c =
              DriverManager.getConnection(
                  h.database().config().url(),
                  h.database().config().user(),
                  h.database().config().password());
          Statement s = c.createStatement()) {
        c.setAutoCommit(false);
        s.executeQuery("select id from credentials where id = '" + id + "' for update").close();
        long start = System.nanoTime();
        String outcome;
        try {
          HttpResponse<String> r =
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(h.server().http("/customers"))
                          .timeout(Duration.ofSeconds(8))
                          .header(
                              "Authorization",
                              "Basic "
                                  + Base64.getEncoder()
                                      .encodeToString(key.getBytes(StandardCharsets.UTF_8)))
                          .GET()
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
          outcome = "status " + r.statusCode();
        } catch (java.net.http.HttpTimeoutException e) {
          outcome = "no answer within 8 s";
        }
        System.out.println(
            "HOSTILE "
                + engine
                + " GET /customers with the credential row locked: "
                + outcome
                + " after "
                + (System.nanoTime() - start) / 1_000_000
                + " ms");
        // Many requests of the locked credential, then one of another merchant's credential.
        JsonNode other = HostileCredentialLifecycleTest.issue(h, "m2", "{\"dialect\":\"juspay\"}");
        java.util.List<java.util.concurrent.Callable<Integer>> stuck = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
          stuck.add(
              () -> {
                try {
                  return h.juspay(key, "GET", "/customers", null).statusCode();
                } catch (RuntimeException e) {
                  return -1;
                }
              });
        }
        java.util.concurrent.ExecutorService pool =
            java.util.concurrent.Executors.newFixedThreadPool(20);
        for (java.util.concurrent.Callable<Integer> call : stuck) {
          pool.submit(call);
        }
        Thread.sleep(1500);
        long t0 = System.nanoTime();
        HttpResponse<String> victim =
            h.juspay(other.get("api_key").textValue(), "GET", "/customers", null);
        System.out.println(
            "HOSTILE "
                + engine
                + " other merchant's GET while 20 requests wait on the lock: "
                + victim.statusCode()
                + " after "
                + (System.nanoTime() - t0) / 1_000_000
                + " ms: "
                + victim.body());
        c.rollback();
        pool.shutdown();
        pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        org.assertj.core.api.Assertions.assertThat(outcome).isEqualTo("status 200");
        org.assertj.core.api.Assertions.assertThat(victim.statusCode()).isEqualTo(200);
      }
    }
  }
}
