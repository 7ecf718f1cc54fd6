package io.clientele.server;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.RawHttp;
import io.clientele.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bodies broken on the wire: a 400 or 413 in each route family's shape, promptly, never a 500. */
class BrokenBodiesTest {
  @TempDir static Path dataDir;
  static TestServer server;
  static int port;

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
    port = server.http("/").getPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String post(String path, String headers, String body) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + headers
        + "\r\n"
        + body;
  }

  static final String JUSPAY_UNREADABLE = fixture("juspay/unreadable-broken-off.json");
  static final String FLOWWISE_UNREADABLE = fixture("flowwise/unreadable-body.json");
  static final String AIRPAY_UNREADABLE = fixture("airpay/fail-400.json");
  static final String ADMIN_UNREADABLE = fixture("admin/unreadable-body.json");

  static String credentials(String path) {
    return server.sandboxCredentialHeaders(path);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/customers | JUSPAY",
        "/customers/cst_aaaaaaaaaaaaaaaa | JUSPAY",
        "/router/customer | FLOWWISE",
        "/airpay/ms/cards/api/update-customer | AIRPAY",
        "/admin/merchants | ADMIN",
      })
  void answersABrokenChunkWith400(String path, String family) {
    String answer =
        RawHttp.exchange(
            port,
            post(
                path,
                credentials(path)
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
                "zz\r\nabc\r\n0\r\n\r\n"));

    assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 400 Bad Request");
    assertThat(answer).contains("\r\nContent-Type: application/json\r\n");
    assertJson(RawHttp.body(answer), expected(family));
  }

  @Test
  void answersABodyShorterThanDeclaredWith400() {
    String answer =
        RawHttp.exchange(
            port,
            post(
                "/admin/merchants",
                credentials("/admin") + "Content-Type: application/json\r\nContent-Length: 100\r\n",
                "{\"merchant_id\":\"short\""));

    assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 400 Bad Request");
    assertJson(RawHttp.body(answer), ADMIN_UNREADABLE);
  }

  @Test
  void refusesAnOversizeDeclaredLengthAtOnceWithoutReadingIt() {
    Instant started = Instant.now();
    String answer =
        RawHttp.exchange(
            port,
            post(
                "/admin/merchants",
                credentials("/admin")
                    + "Content-Type: application/json\r\nContent-Length: 99999999999\r\n",
                ""));

    assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 413 Payload Too Large");
    assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void refusesADeclaredOversizeBodyThatIsNotComingAtOnce() {
    Instant started = Instant.now();
    String answer =
        RawHttp.exchange(
            port,
            post(
                "/admin/merchants",
                credentials("/admin")
                    + "Content-Type: application/json\r\nContent-Length: 2097152\r\n",
                ""));

    assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 413 Payload Too Large");
    assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofMillis(1500));
  }

  @Test
  void releasesAClientThatStopsHalfwayThroughItsBodyAfterTheIdleTimeout() throws Exception {
    Instant started = Instant.now();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      socket
          .getOutputStream()
          .write(
              post(
                      "/admin/merchants",
                      credentials("/admin")
                          + "Content-Type: application/json\r\nContent-Length: 50\r\n",
                      "{\"merchant")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

      assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 400 Bad Request");
      assertJson(RawHttp.body(answer), ADMIN_UNREADABLE);
    }
    assertThat(Duration.between(started, Instant.now()))
        .isGreaterThanOrEqualTo(ApiServer.IDLE_TIMEOUT)
        .isLessThan(ApiServer.IDLE_TIMEOUT.plusSeconds(5));
  }

  @Test
  void neverInvitesAnOversizeUploadWith100Continue() {
    String answer =
        RawHttp.exchange(
            port,
            post(
                "/admin/merchants",
                credentials("/admin")
                    + "Content-Type: application/json\r\nContent-Length: 2097152\r\nExpect: 100-continue\r\n",
                ""));

    assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 413 Payload Too Large");
    assertThat(answer).doesNotContain("100 Continue");
  }

  static String contentType(String family) {
    return family.equals("JUSPAY") || family.equals("AIRPAY")
        ? "Content-Type: application/x-www-form-urlencoded\r\n"
        : "Content-Type: application/json\r\n";
  }

  static String expected(String family) {
    return switch (family) {
      case "JUSPAY" -> JUSPAY_UNREADABLE;
      case "FLOWWISE" -> FLOWWISE_UNREADABLE;
      case "AIRPAY" -> AIRPAY_UNREADABLE;
      default -> ADMIN_UNREADABLE;
    };
  }
}
