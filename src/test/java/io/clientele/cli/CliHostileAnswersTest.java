package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.clientele.testing.TestServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Servers that answer badly on purpose: the command line ends, in one line on stderr, whatever the
 * answer holds or withholds.
 */
class CliHostileAnswersTest {
  static final String TOKEN = "token-0123456789abcdef";

  /** Patient enough for a real answer, but a stalled one ends the test within seconds. */
  static final AdminClient.Retry SHORT =
      new AdminClient.Retry(1, Duration.ofMillis(1), Duration.ofSeconds(2));

  static String url(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void givesUpOnAServerThatSendsItsHeadersAndStallsMidBody() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 1000);
          exchange.getResponseBody().write('{');
          exchange.getResponseBody().flush();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    try {
      long started = System.nanoTime();
      CliRun run =
          CliRun.run(
              Map.of(),
              SHORT,
              "merchants",
              "list",
              "--server",
              url(server),
              "--admin-token",
              TOKEN);

      assertThat(run)
          .isEqualTo(
              new CliRun(1, "", "clientele: no answer from " + url(server) + " within 2 s\n"));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    } finally {
      release.countDown();
      server.stop(0);
    }
  }

  @Test
  void stopsFollowingPagesWhenAServerHandsOutCursorsWithEmptyPages() throws Exception {
    AtomicInteger pages = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] bytes =
              ("{\"customers\":[],\"next_cursor\":\"cst_"
                      + String.format("%016d", pages.incrementAndGet())
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    try {
      CliRun run =
          CliRun.run(
              Map.of(),
              SHORT,
              "customers",
              "search",
              "m1",
              "--all",
              "--server",
              url(server),
              "--admin-token",
              TOKEN);

      assertThat(run)
          .isEqualTo(
              new CliRun(
                  1,
                  "",
                  "clientele: the server answered an empty page with a next_cursor,"
                      + " cst_0000000000000001; stopped\n"));
      assertThat(pages).hasValue(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void printsAnErrorEchoingLineBreaksAndTerminalEscapesOnOneLine() {
    try (TestServer server = TestServer.startInTemporaryDir(null)) {
      CliRun run =
          CliRun.run(
              Map.of(),
              "customers",
              "show",
              "sandbox",
              "x\ny\u001b]0;pwned\u0007",
              "--server",
              server.http("").toString(),
              "--admin-token",
              TestServer.ADMIN_TOKEN);

      assertThat(run)
          .isEqualTo(
              new CliRun(
                  1,
                  "",
                  "clientele: customer_not_found: Merchant sandbox has no customer"
                      + " x\\ny\\u001b]0;pwned\\u0007\n"));
    }
  }
}
