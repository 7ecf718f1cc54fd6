package io.clientele.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.admin.AdminErrors;
import io.clientele.testing.TestServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs under the newest JDK on the machine (see the failsafe set-up in the pom): on 21 and later a
 * request must be handled on a virtual thread.
 */
class VirtualThreadsIT {

  @Test
  void handlesRequestsOnVirtualThreadsFromJdk21() throws Exception {
    Assumptions.assumeTrue(
        Runtime.version().feature() >= 21,
        "running on Java " + Runtime.version().feature() + "; virtual threads need 21 or later");
    ApiServer server =
        new ApiServer(
                TestServer.freePort(),
                0,
                null,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                routes ->
                    routes.get(
                        "/thread",
                        ctx ->
                            ctx.result(
                                Thread.class
                                    .getMethod("isVirtual")
                                    .invoke(Thread.currentThread())
                                    .toString())),
                List.of(),
                new AdminErrors())
            .start();
    try (server) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port("http") + "/thread"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.body()).isEqualTo("true");
    }
  }
}
