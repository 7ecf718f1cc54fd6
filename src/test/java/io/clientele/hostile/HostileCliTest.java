package io.clientele.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.clientele.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin command line against a server that answers garbage, stalls or echoes control codes. */
class HostileCliTest {
  @TempDir Path dir;

  record Run(int code, String out, String err, Throwable thrown) {}

  static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = -1;
    Throwable thrown = null;
    try {
      code =
          Cli.run(
              args,
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
    } catch (RuntimeException | Error e) {
      thrown = e;
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), thrown);
  }

  /** A server answering every request with {@code status} and {@code body}. */
  static HttpServer answering(int status, String body) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    return server;
  }

  static String url(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Answers of the right status but not the admin API's shape print what they can, and never end in
   * an exception or a stack trace. (They print a table of dashes and exit 0: lenient, not wrong.)
   */
  @Test
  void answersOfTheWrongShapeNeverEndInAStackTrace() throws Exception {
    List<String[]> cases =
        List.of(
            new String[] {"{\"merchants\":[1,null,\"x\"]}", "merchants", "list"},
            new String[] {"{\"merchants\":[{\"merchant_id\":5}]}", "merchants", "list"},
            new String[] {"{\"customers\":[7],\"next_cursor\":null}", "customers", "search", "m1"},
            new String[] {
              "{\"customers\":[],\"next_cursor\":5}", "customers", "search", "m1", "--all"
            },
            new String[] {"[]", "customers", "show", "m1", "cst_0000000000000001"},
            new String[] {
              "{\"changes\":[{\"fields\":3}],\"next_cursor\":null}",
              "customers",
              "history",
              "m1",
              "cst_0000000000000001"
            },
            new String[] {"{\"credentials\":{}}", "credentials", "list", "m1"},
            new String[] {"{\"error\":{\"code\":[],\"message\":{}}}", "merchants", "list"});
    for (String[] c : cases) {
      HttpServer server = answering(200, c[0]);
      try {
        String[] args = new String[c.length - 1 + 4];
        System.arraycopy(c, 1, args, 0, c.length - 1);
        args[c.length - 1] = "--server";
        args[c.length] = url(server);
        args[c.length + 1] = "--admin-token";
        args[c.length + 2] = "token-0123456789abcdef";

        Run run = cli(args);

        assertThat(run.thrown()).as(String.join(" ", args) + " <- " + c[0]).isNull();
        assertThat(run.code()).as(c[0]).isIn(0, 1);
        assertThat(run.err()).as(c[0]).doesNotContain("Exception", "\tat ");
      } finally {
        server.stop(0);
      }
    }
  }

  /**
   * Ids holding {@code /}, {@code ?}, {@code #}, {@code %} or dot segments reach the server as one
   * path segment each, exactly as typed, so none names another route or merchant; {@code .} and
   * {@code ..} are refused before any call.
   */
  @Test
  void idsHoldingPathSyntaxTravelAsOneSegmentAsTyped() {
    try (io.clientele.testing.TestServer server =
        io.clientele.testing.TestServer.startInTemporaryDir(null)) {
      String base = server.http("").toString();
      for (String id :
          List.of(
              "sandbox/credentials",
              "../sandbox",
              "sandbox?x=1",
              "sandbox#frag",
              "sandbox%2Fcredentials",
              "%2e%2e",
              "sand box",
              "sándbox")) {
        Run run =
            cli(
                "customers",
                "show",
                id,
                "cst_0000000000000001",
                "--server",
                base,
                "--admin-token",
                io.clientele.testing.TestServer.ADMIN_TOKEN);

        assertThat(run.code()).as(id).isEqualTo(1);
        assertThat(run.err())
            .as(id)
            .isEqualTo("clientele: merchant_not_found: No merchant with id " + id + "\n");
      }
      for (String id : List.of(".", "..")) {
        Run run =
            cli(
                "customers",
                "history",
                "sandbox",
                id,
                "--server",
                base,
                "--admin-token",
                io.clientele.testing.TestServer.ADMIN_TOKEN);
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
            .isEqualTo("clientele: '" + id + "' is not an id (empty, '.' or '..')\n");
      }
    }
  }
}
