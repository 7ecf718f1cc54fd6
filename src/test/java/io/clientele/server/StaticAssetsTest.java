package io.clientele.server;

import static io.clientele.testing.JsonAssert.assertJson;
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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticAssetsTest {
  static ApiServer server;

  @BeforeAll
  static void start() {
    StaticAssets assets =
        new StaticAssets(
            "/site",
            "static-assets-test",
            "index.html",
            Map.of("Content-Security-Policy", "default-src 'self'"));
    server =
        new ApiServer(
                TestServer.freePort(),
                0,
                null,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                assets::addRoutes,
                List.of(),
                new AdminErrors())
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> send(String method, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port("http") + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheIndexAtThePrefixWithItsHeaders() throws Exception {
    HttpResponse<String> response = send("GET", "/site");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("<!doctype html><title>t</title>\n");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(response.headers().firstValue("Content-Security-Policy"))
        .hasValue("default-src 'self'");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void servesAFileInASubfolderWithTheTypeOfItsExtension() throws Exception {
    HttpResponse<String> response = send("GET", "/site/sub/site.css");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("body{}\n");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/css;charset=utf-8");
  }

  @Test
  void servesABinaryFileWithItsTypeAndNoCharacterSet() throws Exception {
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port("http") + "/site/dot.png"))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(response.body()).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
  }

  @Test
  void answersHeadLikeGetWithoutABody() throws Exception {
    HttpResponse<String> response = send("HEAD", "/site/sub/site.css");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/css;charset=utf-8");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/site/missing.js",
        "/site/sub/../index.html",
        "/site/sub/%2e%2e%2fsite.css",
        "/site/.hidden"
      })
  void refusesAnythingButAShippedFileWithA404(String path) throws Exception {
    HttpResponse<String> response = send("GET", path);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Security-Policy")).isEmpty();
  }

  @Test
  void leavesAnEncodedParentSegmentToJettyWhichRefusesItWith400() throws Exception {
    HttpResponse<String> response = send("GET", "/site/%2e%2e/%2e%2e/pom.xml");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("<project");
  }

  @Test
  void answersAnotherMethodWith405NamingGetAndHead() throws Exception {
    HttpResponse<String> response = send("POST", "/site/sub/site.css");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertJson(
        response.body(),
        "{\"error\":{\"code\":\"method_not_allowed\","
            + "\"message\":\"POST is not served on /site/sub/site.css\"}}");
  }

  @Test
  void namesTheTypesOfTheFilesItShips() {
    assertThat(StaticAssets.typeOf("app.js")).isEqualTo("text/javascript;charset=utf-8");
    assertThat(StaticAssets.typeOf("openapi.YAML")).isEqualTo("application/yaml;charset=utf-8");
    assertThat(StaticAssets.typeOf("LICENSE")).isEqualTo("application/octet-stream");
  }
}
