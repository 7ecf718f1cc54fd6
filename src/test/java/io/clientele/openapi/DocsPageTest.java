package io.clientele.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The page at {@code /docs}: Swagger UI and a small initializer, every file from the jar, no inline
 * script or style, nothing from another origin, and a policy that lets nothing else in.
 */
class DocsPageTest {
  static final String POLICY =
      "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
          + " form-action 'none'; frame-ancestors 'none'";
  static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]*)\"");

  static TestServer server;
  static Traffic traffic;

  @BeforeAll
  static void start() {
    server = TestServer.startInTemporaryDir(null);
    traffic = new Traffic(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void servesThePageWithAPolicyAllowingOnlyThisServer() {
    Exchange page = traffic.get("/docs", Map.of());

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.responseHeader("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(page.responseHeader("Content-Security-Policy")).hasValue(POLICY);
    assertThat(page.responseHeader("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(references(page.responseBody()))
        .containsExactly(
            "/docs/swagger-ui/swagger-ui.css",
            "/docs/docs.css",
            "/openapi",
            "/docs/swagger-ui/swagger-ui-bundle.js",
            "/docs/docs.js");
  }

  @Test
  void runsNoInlineScriptAndAppliesNoInlineStyle() {
    String page = traffic.get("/docs", Map.of()).responseBody();

    assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(page).find()).isFalse();
    assertThat(
            Pattern.compile("<style|\\sstyle=|\\son[a-z]+=", Pattern.CASE_INSENSITIVE)
                .matcher(page)
                .find())
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "/docs/docs.js, text/javascript;charset=utf-8",
    "/docs/docs.css, text/css;charset=utf-8",
    "/docs/swagger-ui/swagger-ui-bundle.js, text/javascript;charset=utf-8",
    "/docs/swagger-ui/swagger-ui.css, text/css;charset=utf-8"
  })
  void servesEveryFileThePageLoadsFromTheJar(String path, String type) throws Exception {
    Exchange file = traffic.get(path, Map.of());

    assertThat(file.status()).as(path).isEqualTo(200);
    assertThat(file.responseHeader("Content-Type")).hasValue(type);
    assertThat(file.responseHeader("Content-Security-Policy")).hasValue(POLICY);
    try (var shipped = DocsPageTest.class.getResourceAsStream(path)) {
      assertThat(shipped).as("%s in the jar", path).isNotNull();
    }
  }

  @Test
  void loadsNothingFromAnotherOrigin() {
    for (String path : List.of("/docs", "/docs/docs.js", "/docs/docs.css")) {
      String text = traffic.get(path, Map.of()).responseBody();
      assertThat(Pattern.compile("(?i)(https?:)?//[a-z0-9]").matcher(text).find())
          .as(path)
          .isFalse();
    }
    for (String reference : references(traffic.get("/docs", Map.of()).responseBody())) {
      assertThat(reference).startsWith("/").doesNotStartWith("//");
      assertThat(traffic.get(reference, Map.of()).status()).as(reference).isEqualTo(200);
    }
  }

  @Test
  void answersHeadOfThePageWithItsHeadersAndNoBody() {
    Exchange head = traffic.send("HEAD", "/docs", Map.of(), "");

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.responseHeader("Content-Security-Policy")).hasValue(POLICY);
    assertThat(head.responseBody()).isEmpty();
  }

  @Test
  void answersAFileTheJarDoesNotHoldWith404() {
    Exchange missing = traffic.get("/docs/swagger-ui/index.html", Map.of());

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.responseBody())
        .isEqualTo(
            "{\"error\":{\"code\":\"not_found\",\"message\":\"No route for GET /docs/swagger-ui/index.html\"}}");
  }

  private static List<String> references(String html) {
    List<String> found = new ArrayList<>();
    Matcher reference = REFERENCE.matcher(html);
    while (reference.find()) {
      found.add(reference.group(1));
    }
    return found;
  }
}
