package io.clientele.server;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.LogCapture;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every request gets from the server whatever its route: ids, logs, metrics, HTTPS, health.
 */
class ServerOperationsTest {
  static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  @TempDir Path dataDir;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dataDir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> get(String path) {
    return server.send(HttpRequest.newBuilder(server.http(path)).GET().build());
  }

  @Test
  void answersLiveness() {
    HttpResponse<String> response = get("/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(response.body(), "{\"status\":\"UP\"}");
  }

  @Test
  void answersReadinessWhenTheDatabaseAnswers() {
    HttpResponse<String> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(response.body(), "{\"status\":\"UP\",\"database\":\"UP\"}");
  }

  @Test
  void givesEveryResponseItsOwnRequestId() {
    List<HttpResponse<String>> responses = new ArrayList<>();
    responses.add(get("/health/live"));
    responses.add(get("/no/such/route"));
    responses.add(get("/admin/merchants"));
    responses.add(
        server.send(server.admin("/admin/merchants").POST(BodyPublishers.ofString("{")).build()));
    responses.add(server.send(server.admin("/admin/merchants/nobody").GET().build()));

    Set<String> ids = new HashSet<>();
    for (HttpResponse<String> response : responses) {
      String id = response.headers().firstValue("x-request-id").orElseThrow();
      assertThat(id).matches(UUID);
      ids.add(id);
    }
    assertThat(responses)
        .extracting(HttpResponse::statusCode)
        .containsExactly(200, 404, 401, 400, 404);
    assertThat(ids).hasSize(responses.size());
  }

  @Test
  void answersAnUnknownRouteWith404() {
    HttpResponse<String> response = get("/no/such/route");

    assertThat(response.statusCode()).isEqualTo(404);
    assertJson(response.body(), fixture("admin/no-such-route.json"));
  }

  @Test
  void answersARequestLineItCannotParseWithJson() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.http("/").getPort())) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write("GARBAGE\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

      assertThat(answer)
          .startsWith("HTTP/1.1 400 Bad Request\r\n")
          .contains("\r\nContent-Type: application/json\r\n");
      assertThat(answer).containsPattern("\r\nx-request-id: " + UUID + "\r\n");
      assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4))
          .isEqualTo(
              "{\"error\":{\"code\":\"bad_request\",\"message\":\"Request refused before routing: Bad Request\"}}");
    }
  }

  @Test
  void answersHeadersTooLargeWithJson() {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.http("/health/live"))
                .header("X-Big", "a".repeat(20_000))
                .build());

    assertThat(response.statusCode()).isEqualTo(431);
    assertJson(
        response.body(),
        "{\"error\":{\"code\":\"http_431\",\"message\":\"Request refused before routing: Request Header Fields Too Large\"}}");
  }

  @Test
  void servesTheSameRoutesOverHttps() {
    HttpResponse<String> live =
        server.send(HttpRequest.newBuilder(server.https("/health/live")).GET().build());
    HttpResponse<String> merchants =
        server.send(
            HttpRequest.newBuilder(server.https("/admin/merchants/sandbox"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .GET()
                .build());

    assertThat(live.statusCode()).isEqualTo(200);
    assertJson(live.body(), "{\"status\":\"UP\"}");
    assertThat(merchants.statusCode()).isEqualTo(200);
    assertJson(
        merchants.body(),
        "{\"merchant_id\":\"sandbox\",\"name\":\"Sandbox\",\"allowed_ips\":[],\"created_at\":\"<timestamp>\",\"rate_limit\":null}");
    assertThat(live.headers().firstValue("x-request-id").orElseThrow()).matches(UUID);
  }

  @Test
  void countsRequestsByRouteTemplateAndStatus() {
    get("/health/live");
    get("/health/live");
    server.send(server.admin("/admin/merchants/nobody").GET().build());
    get("/admin/merchants/sandbox");

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    Set<String> counts =
        response
            .body()
            .lines()
            .filter(l -> l.startsWith("http_server_requests_seconds_count"))
            .collect(Collectors.toSet());
    assertThat(counts)
        .containsExactlyInAnyOrder(
            "http_server_requests_seconds_count{dialect=\"none\",method=\"GET\",route=\"/health/live\",status=\"200\"} 2",
            "http_server_requests_seconds_count{dialect=\"admin\",method=\"GET\",route=\"/admin/merchants/{merchant_id}\",status=\"404\"} 1",
            "http_server_requests_seconds_count{dialect=\"admin\",method=\"GET\",route=\"/admin/merchants/{merchant_id}\",status=\"401\"} 1");
    assertThat(response.body())
        .contains("# TYPE http_server_requests_seconds histogram")
        .contains(
            "http_server_requests_seconds_sum{dialect=\"none\",method=\"GET\",route=\"/health/live\",status=\"200\"} ");
  }

  @Test
  void logsOneLinePerRequestWithoutBodiesOrSecrets() {
    try (LogCapture access = new LogCapture("clientele.access")) {
      String body = "{\"merchant_id\":\"shop.owner\",\"name\":\"owner@example.com +919876543210\"}";
      HttpResponse<String> created =
          server.send(server.admin("/admin/merchants").POST(BodyPublishers.ofString(body)).build());
      HttpResponse<String> credential =
          server.send(
              server
                  .admin("/admin/merchants/shop.owner/credentials")
                  .POST(BodyPublishers.ofString("{\"dialect\":\"juspay\"}"))
                  .build());
      get("/no/owner@example.com");

      List<String> lines = access.lines();
      assertThat(lines).hasSize(3);
      assertThat(lines.get(0))
          .matches(
              "POST /admin/merchants 201 \\d+\\.\\dms request_id="
                  + created.headers().firstValue("x-request-id").orElseThrow()
                  + " dialect=admin");
      assertThat(lines.get(1))
          .matches(
              "POST /admin/merchants/\\{merchant_id\\}/credentials 201 \\d+\\.\\dms request_id="
                  + credential.headers().firstValue("x-request-id").orElseThrow()
                  + " dialect=admin merchant_id=shop.owner");
      assertThat(lines.get(2))
          .matches("GET unmatched 404 \\d+\\.\\dms request_id=" + UUID + " dialect=none");
      String apiKey =
          io.clientele.testing.JsonAssert.parse(credential.body()).get("api_key").textValue();
      assertThat(String.join("\n", lines))
          .doesNotContain("example.com")
          .doesNotContain("9876543210")
          .doesNotContain(apiKey)
          .doesNotContain(TestServer.ADMIN_TOKEN);
    }
  }
}
