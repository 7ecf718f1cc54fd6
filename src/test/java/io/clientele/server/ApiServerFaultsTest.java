package io.clientele.server;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.admin.AdminErrors;
import io.clientele.testing.LogCapture;
import io.clientele.testing.TestServer;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Faults the server renders itself: a database gone, an exception nobody expected. */
class ApiServerFaultsTest {

  static ApiServer serverWith(BooleanSupplier databaseUp) {
    Health health = new Health(databaseUp);
    return new ApiServer(
            TestServer.freePort(),
            0,
            null,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            routes -> {
              routes.get("/health/ready", health::ready);
              routes.get("/boom", ApiServerFaultsTest::explode);
            },
            List.of(),
            new AdminErrors())
        .start();
  }

  static void explode(Context ctx) {
    throw new IllegalStateException("secret detail jane@example.com");
  }

  static HttpResponse<String> get(ApiServer server, String path)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port("http") + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void reportsNotReadyWhenTheDatabaseDoesNotAnswer() throws Exception {
    try (ApiServer server = serverWith(() -> false)) {
      HttpResponse<String> response = get(server, "/health/ready");

      assertThat(response.statusCode()).isEqualTo(503);
      assertJson(response.body(), "{\"status\":\"DOWN\",\"database\":\"DOWN\"}");
    }
  }

  @Test
  void turnsAnUnexpectedExceptionIntoA500AndOneLogLineWithoutItsMessage() throws Exception {
    try (ApiServer server = serverWith(() -> true);
        LogCapture log = new LogCapture(ApiServer.class.getName())) {
      HttpResponse<String> response = get(server, "/boom");

      assertThat(response.statusCode()).isEqualTo(500);
      assertJson(response.body(), fixture("admin/internal-error.json"));
      String requestId = response.headers().firstValue("x-request-id").orElseThrow();
      assertThat(log.lines())
          .containsExactly(
              "request_id="
                  + requestId
                  + " route=/boom unexpected java.lang.IllegalStateException");
      assertThat(log.hasThrowable()).isFalse();
    }
  }
}
