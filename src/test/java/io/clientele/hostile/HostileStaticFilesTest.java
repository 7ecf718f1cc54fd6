package io.clientele.hostile;

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
}
