package io.clientele.server;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 closes the embedded database under the running server, as it does after a fatal error such as
 * a full disk: the pool drops each connection that finds it closed and opens the file again, so the
 * service answers again within a few requests, without a restart and with what it stored before;
 * meanwhile every answer is a 200 or the dialect's own 500, and readiness says down.
 */
class EmbeddedDatabaseClosedTest {
  /**
   * Each of the pool's 16 connections may fail once; twice that leaves room for a loaded machine.
   */
  static final int RECOVERS_WITHIN_REQUESTS = 32;

  static final Duration RECOVERS_WITHIN = Duration.ofSeconds(5);
  static final String DOWN = "{\"status\":\"DOWN\",\"database\":\"DOWN\"}";
  static final String UP = "{\"status\":\"UP\",\"database\":\"UP\"}";

  @TempDir Path dataDir;

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Test
  void recoversWithoutARestartWhenH2ClosesTheDatabaseUnderThePool() throws Exception {
    try (TestServer server = TestServer.start(dataDir)) {
      HttpResponse<String> created = create(server, "before" + System.nanoTime());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      String id = JsonAssert.parse(created.body()).get("id").textValue();
      HttpResponse<String> readBefore = read(server, id);
      assertThat(readBefore.statusCode()).as(readBefore.body()).isEqualTo(200);

      closeDatabaseUnder(server);

      List<HttpResponse<String>> answers = new ArrayList<>();
      boolean sawDown = false;
      long until = System.nanoTime() + RECOVERS_WITHIN.toNanos();
      int readsOk = 0;
      int createsOk = 0;
      for (int n = 0;
          (readsOk == 0 || createsOk == 0)
              && n < RECOVERS_WITHIN_REQUESTS
              && System.nanoTime() < until;
          n++) {
        HttpResponse<String> answer =
            n % 2 == 0 ? read(server, id) : create(server, "after" + n + "x" + System.nanoTime());
        answers.add(answer);
        if (answer.statusCode() != 200) {
          assertInternalError(answer);
          if (!sawDown) {
            HttpResponse<String> ready = get(server, "/health/ready");
            assertThat(ready.statusCode()).as("readiness just after a 500").isEqualTo(503);
            assertJson(ready.body(), DOWN);
            sawDown = true;
          }
        } else if (n % 2 == 0) {
          readsOk++;
        } else {
          createsOk++;
        }
      }
      System.out.printf(
          "EmbeddedDatabaseClosedTest: statuses after the close %s%n",
          answers.stream().map(HttpResponse::statusCode).toList());
      assertThat(answers)
          .as("answers after the close")
          .extracting(HttpResponse::statusCode)
          .contains(500);
      assertThat(readsOk).as("reads answered 200 after the close").isPositive();
      assertThat(createsOk).as("creates answered 200 after the close").isPositive();

      HttpResponse<String> readAfter = read(server, id);
      assertThat(readAfter.statusCode()).isEqualTo(200);
      assertJson(readAfter.body(), readBefore.body());
      assertReadyWithinASecond(server);
    }
  }

  /**
   * Shuts the server's embedded database down through a connection of the test's own, in the same
   * process and so to the same open database, as H2 itself does after a fatal error.
   */
  private static void closeDatabaseUnder(TestServer server) throws Exception {
    String url =
        "jdbc:h2:file:clientele-durable:"
            + server.dataDir().resolve("db").resolve("clientele")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    try (Connection connection = DriverManager.getConnection(url, "", "");
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN IMMEDIATELY");
    }
  }

  private void assertReadyWithinASecond(TestServer server) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    HttpResponse<String> ready = get(server, "/health/ready");
    while (ready.statusCode() != 200 && System.nanoTime() < until) {
      Thread.sleep(50);
      ready = get(server, "/health/ready");
    }
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertJson(ready.body(), UP);
  }

  private static void assertInternalError(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
    String requestId = answer.headers().firstValue("x-request-id").orElse("");
    assertJson(answer.body(), fixture("juspay/internal-error.json").replace("<uuid>", requestId));
  }

  private HttpResponse<String> create(TestServer server, String reference) throws Exception {
    return send(
        server,
        HttpRequest.newBuilder(server.http("/customers"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                BodyPublishers.ofString(
                    "object_reference_id="
                        + reference
                        + "&mobile_country_code=91&mobile_number=9876543210&first_name=Ann")));
  }

  private HttpResponse<String> read(TestServer server, String id) throws Exception {
    return send(server, HttpRequest.newBuilder(server.http("/customers/" + id)).GET());
  }

  private HttpResponse<String> get(TestServer server, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.http(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(TestServer server, HttpRequest.Builder request)
      throws Exception {
    String key =
        Base64.getEncoder()
            .encodeToString(server.sandbox("api_key").getBytes(StandardCharsets.UTF_8));
    return client.send(
        request.header("Authorization", "Basic " + key).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
