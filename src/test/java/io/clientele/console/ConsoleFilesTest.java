package io.clientele.console;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's files over HTTP: what the server sends, before any browser runs them. */
class ConsoleFilesTest {
  static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
          + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
          + "require-trusted-types-for 'script'; trusted-types 'none'";

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.startInTemporaryDir(null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> send(String method, String path) {
    return server.send(
        HttpRequest.newBuilder(server.http(path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build());
  }

  static String shipped(String file) {
    try (InputStream in = ConsoleFilesTest.class.getResourceAsStream("/console/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void servesThePageWithoutTheAdminTokenSinceItHoldsNoData() {
    HttpResponse<String> response = send("GET", "/console");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(response.body()).isEqualTo(shipped("index.html"));
  }

  @ParameterizedTest
  @CsvSource({
    "/console, text/html;charset=utf-8",
    "/console/console.js, text/javascript;charset=utf-8",
    "/console/console.css, text/css;charset=utf-8",
    "/console/icon.svg, image/svg+xml;charset=utf-8"
  })
  void sendsEveryFileWithTheStrictPolicyAndNoReferrerNorFraming(String path, String type) {
    HttpResponse<String> response = send("GET", path);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(type);
    assertThat(response.headers().map())
        .containsAllEntriesOf(
            Map.of(
                "content-security-policy", List.of(POLICY),
                "referrer-policy", List.of("no-referrer"),
                "x-frame-options", List.of("DENY"),
                "x-content-type-options", List.of("nosniff"),
                "cross-origin-opener-policy", List.of("same-origin"),
                "cross-origin-resource-policy", List.of("same-origin"),
                "cache-control", List.of("no-cache")));
  }

  @Test
  void answersHeadLikeGetWithoutABody() {
    HttpResponse<String> get = send("GET", "/console/console.js");
    HttpResponse<String> head = send("HEAD", "/console/console.js");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(withoutPerResponse(head.headers().map()))
        .isEqualTo(withoutPerResponse(get.headers().map()));
  }

  static Map<String, List<String>> withoutPerResponse(Map<String, List<String>> headers) {
    Map<String, List<String>> kept = new java.util.TreeMap<>(headers);
    kept.remove("date");
    kept.remove("x-request-id");
    return kept;
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE"})
  void answersAnyOtherMethodWith405NamingGetAndHead(String method) {
    HttpResponse<String> response = send(method, "/console");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertJson(response.body(), fixture("console/method-not-allowed.json").replace("POST", method));
  }

  @Test
  void answers404ForAFileItDoesNotShip() {
    HttpResponse<String> response = send("GET", "/console/admin.js");

    assertThat(response.statusCode()).isEqualTo(404);
    assertJson(response.body(), fixture("console/file-not-found.json"));
  }

  @Test
  void namesItsOwnFilesByAbsolutePathSinceTheBarePathHasNoTrailingSlash() {
    Matcher reference = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(shipped("index.html"));
    List<String> references = reference.results().map(match -> match.group(1)).toList();

    assertThat(references)
        .containsExactly(
            "/console/icon.svg", "/console/console.css", "/console/console.js", "#/merchants");
    for (String file : List.of("icon.svg", "console.css", "console.js")) {
      assertThat(send("GET", "/console/" + file).statusCode()).as(file).isEqualTo(200);
    }
  }

  @Test
  void writesNoValueAsMarkupNorRunsTextAsCode() {
    String script = shipped("console.js");

    for (String sink :
        List.of(
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            "localStorage",
            "setTimeout(")) {
      assertThat(script).as("console.js uses " + sink).doesNotContain(sink);
    }
  }
}
