package io.clientele.hostile;

import static io.clientele.testing.JsonAssert.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.RawHttp;
import io.clientele.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files of {@code /console}, {@code /docs} and {@code /openapi} attacked by their paths. */
class HostileStaticFilesTest {
  @TempDir static Path dataDir;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Sends the path exactly as written, without a client normalising it. */
  static String get(String path) {
    return RawHttp.exchange(
        server.http("/").getPort(),
        "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  }

  /**
   * A folder of the class path is no file: {@code /docs/swagger-ui} answered 200, with an empty
   * body from the jar and a listing of the folder's files from a class-path directory.
   */
  @Test
  void aFolderOfTheShippedFilesIsNoFileAnd404() {
    for (String path :
        List.of("/docs/swagger-ui", "/docs/swagger-ui/", "/openapi/../openapi", "/console/")) {
      String answer = get(path);
      if (path.equals("/console/")) {
        assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 200 OK");
        continue;
      }
      assertThat(RawHttp.statusLine(answer)).as(path).isEqualTo("HTTP/1.1 404 Not Found");
      assertThat(RawHttp.body(answer)).as(path).doesNotContain("swagger-ui-bundle.js");
    }
  }

  /**
   * No spelling of a path leaves the folder it is served from: dot segments raw or encoded, encoded
   * slashes and backslashes, NULs, other cases and doubled slashes reach no other file of the class
   * path (classes, migrations, the other families' files).
   */
  @Test
  void noSpellingOfAPathReachesAFileOutsideItsFolder() {
    for (String path :
        List.of(
            "/console/..%2Fopenapi%2Fadmin.json",
            "/console/%2e%2e/openapi/admin.json",
            "/console/%2e%2e%2fopenapi%2fadmin.json",
            "/console/.%2e/docs/docs.js",
            "/console/..%5Copenapi%5Cadmin.json",
            "/console/..\\openapi\\admin.json",
            "/docs/swagger-ui/..%2F..%2Fconsole%2Fconsole.js",
            "/docs/..%2Fdb%2Fmigration%2FV1__merchants_and_customers.sql",
            "/docs/%2E%2E/io/clientele/Main.class",
            "/openapi/..%2Flogback.xml",
            "/openapi/%2e%2e%2f%2e%2e%2fMETA-INF%2FMANIFEST.MF",
            "/console/console.js%00.png",
            "/console/console.js%2500",
            "/console/CONSOLE.JS",
            "/console//console.js",
            "/console/./console.js/",
            "/console/console.js;x=1",
            "/docs/docs.js%3F")) {
      String answer = get(path);
      String status = RawHttp.statusLine(answer);
      String body = RawHttp.body(answer);

      assertThat(status).as(path).matches("HTTP/1.1 (400|404) .*");
      assertThat(body)
          .as(path)
          .doesNotContain("create table", "\"openapi\"", "Manifest-Version", "use strict")
          .doesNotContain("<configuration");
    }
    assertJson(
        RawHttp.body(get("/console/..%2Fopenapi%2Fadmin.json")),
        "{\"error\":{\"code\":\"not_found\",\"message\":\"No route for GET /console/..%2Fopenapi%2Fadmin.json\"}}");
  }

  /** Served files name only this server: the pages load nothing from another host. */
  @Test
  void theShippedPagesNameNoOtherHost() {
    for (String path :
        List.of(
            "/console", "/console/console.js", "/console/console.css", "/docs", "/docs/docs.js")) {
      String body = RawHttp.body(get(path));
      assertThat(body).as(path).doesNotContainPattern("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/");
    }
  }
}
