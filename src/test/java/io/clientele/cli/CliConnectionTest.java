package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.clientele.config.ClientConfig;
import io.clientele.config.ConfigLoader;
import io.clientele.server.TlsKeys;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** How the admin commands find the server, prove themselves to it, and say why they could not. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliConnectionTest {
  static final String TOKEN = TestServer.ADMIN_TOKEN;
  TestServer server;
  String table;

  @BeforeAll
  void start() {
    server = TestServer.startInTemporaryDir(null);
    table =
        "MERCHANT  NAME     ALLOWED IPS  RATE LIMIT  CREATED AT\n"
            + "sandbox   Sandbox  any          off         "
            + JsonAssert.parse(server.adminCall("GET", "/admin/merchants/sandbox", "").body())
                .get("created_at")
                .textValue()
            + "\n";
  }

  @AfterAll
  void stop() {
    server.close();
  }

  String http() {
    return server.http("").toString();
  }

  String https() {
    return server.https("").toString();
  }

  Path pem() {
    return server.dataDir().resolve("tls/clientele.pem");
  }

  static String closedPort() {
    return "http://127.0.0.1:" + TestServer.freePort();
  }

  @Test
  void takesTheServerAndTokenFromTheirVariables() {
    assertThat(
            CliRun.run(
                Map.of("CLIENTELE_SERVER", http(), "CLIENTELE_ADMIN_TOKEN", TOKEN),
                "merchants",
                "list"))
        .isEqualTo(CliRun.success(table));
  }

  @Test
  void prefersFlagsToVariables() {
    assertThat(
            CliRun.run(
                Map.of("CLIENTELE_SERVER", closedPort(), "CLIENTELE_ADMIN_TOKEN", "wrong-token"),
                "merchants",
                "list",
                "--server",
                http(),
                "--admin-token",
                TOKEN))
        .isEqualTo(CliRun.success(table));
  }

  @Test
  void readsTheTokenServeKeepsInTheDataDirectory(@TempDir Path dataDir) throws IOException {
    Files.writeString(dataDir.resolve("admin-token"), TOKEN + "\n");

    assertThat(
            CliRun.run(
                Map.of(),
                "merchants",
                "list",
                "--server",
                http(),
                "--data-dir",
                dataDir.toString()))
        .isEqualTo(CliRun.success(table));
    assertThat(
            CliRun.run(
                Map.of("CLIENTELE_DATA_DIR", dataDir.toString(), "CLIENTELE_SERVER", http()),
                "merchants",
                "list"))
        .isEqualTo(CliRun.success(table));
  }

  @Test
  void namesTheFlagWhoseTokenTheServerRefused() {
    assertThat(
            CliRun.run(
                Map.of(),
                "merchants",
                "list",
                "--server",
                http(),
                "--admin-token",
                "not-the-token"))
        .isEqualTo(
            CliRun.failure(
                "clientele: unauthorized: "
                    + http()
                    + " refused the admin token from --admin-token\n"));
  }

  @Test
  void namesTheVariableWhoseTokenTheServerRefused() {
    assertThat(
            CliRun.run(
                Map.of("CLIENTELE_ADMIN_TOKEN", "not-the-token"),
                "merchants",
                "list",
                "--server",
                http()))
        .isEqualTo(
            CliRun.failure(
                "clientele: unauthorized: "
                    + http()
                    + " refused the admin token from CLIENTELE_ADMIN_TOKEN\n"));
  }

  @Test
  void namesTheFileWhoseTokenTheServerRefused(@TempDir Path dataDir) throws IOException {
    Files.writeString(dataDir.resolve("admin-token"), "adm_from_another_server\n");

    assertThat(
            CliRun.run(
                Map.of(),
                "merchants",
                "list",
                "--server",
                http(),
                "--data-dir",
                dataDir.toString()))
        .isEqualTo(
            CliRun.failure(
                "clientele: unauthorized: "
                    + http()
                    + " refused the admin token from "
                    + dataDir.resolve("admin-token")
                    + "\n"));
  }

  @Test
  void namesTheUrlAndTheFlagOfAServerThatRefusesConnections() {
    String url = closedPort();

    assertThat(CliRun.run(Map.of(), "merchants", "list", "--server", url, "--admin-token", TOKEN))
        .isEqualTo(
            CliRun.failure(
                "clientele: cannot connect to " + url + " (from --server): connection refused\n"));
  }

  @Test
  void namesTheUrlAndTheVariableOfAServerThatRefusesConnections() {
    String url = closedPort();

    assertThat(
            CliRun.run(
                Map.of("CLIENTELE_SERVER", url + "/", "CLIENTELE_ADMIN_TOKEN", TOKEN),
                "merchants",
                "show",
                "m1"))
        .isEqualTo(
            CliRun.failure(
                "clientele: cannot connect to "
                    + url
                    + " (from CLIENTELE_SERVER): connection refused\n"));
  }

  @Test
  void saysTheDefaultServerCanBeChangedWhenItRefusesConnections() throws Exception {
    AdminClient client = new AdminClient(ClientConfig.load(Map.of("admin-token", TOKEN), Map.of()));

    assertThat(client.describe(new ConnectException()))
        .isEqualTo(
            "cannot connect to http://localhost:8080 (the default; set --server or"
                + " CLIENTELE_SERVER): connection refused");
  }

  @Test
  void saysToPassTheCertificateWhenHttpsCannotBeVerified() {
    assertThat(
            CliRun.run(Map.of(), "merchants", "list", "--server", https(), "--admin-token", TOKEN))
        .isEqualTo(
            CliRun.failure(
                "clientele: cannot verify the TLS certificate of "
                    + https()
                    + ": pass --cacert with the server's certificate (serve keeps the one it"
                    + " generates in <data-dir>/tls/clientele.pem)\n"));
  }

  @Test
  void trustsTheCertificateGivenForHttps() {
    assertThat(
            CliRun.run(
                Map.of(),
                "merchants",
                "list",
                "--server",
                https(),
                "--admin-token",
                TOKEN,
                "--cacert",
                pem().toString()))
        .isEqualTo(CliRun.success(table));
    assertThat(
            CliRun.run(
                Map.of("CLIENTELE_CACERT", pem().toString(), "CLIENTELE_ADMIN_TOKEN", TOKEN),
                "merchants",
                "list",
                "--server",
                https()))
        .isEqualTo(CliRun.success(table));
  }

  @Test
  void namesTheCertificateThatDoesNotVouchForTheServer(@TempDir Path otherDir) throws Exception {
    TlsKeys.load(ConfigLoader.load(Map.of("data-dir", otherDir.toString()), Map.of()));
    Path other = otherDir.resolve("tls/clientele.pem");

    assertThat(
            CliRun.run(
                Map.of(),
                "merchants",
                "list",
                "--server",
                https(),
                "--admin-token",
                TOKEN,
                "--cacert",
                other.toString()))
        .isEqualTo(
            CliRun.failure(
                "clientele: the TLS certificate of "
                    + https()
                    + " is not vouched for by "
                    + other
                    + " (--cacert); pass the server's own certificate\n"));
  }

  @Test
  void saysWhenTheCertificateDoesNotNameTheHost() throws Exception {
    AdminClient client =
        new AdminClient(
            ClientConfig.load(
                Map.of("admin-token", TOKEN, "server", "https://clientele.example:8443"),
                Map.of()));

    assertThat(
            client.describe(
                new SSLHandshakeException(
                    "No subject alternative DNS name matching clientele.example found.")))
        .isEqualTo(
            "the TLS certificate of https://clientele.example:8443 does not name the host"
                + " clientele.example; reach the server by a name the certificate holds");
  }

  @Test
  void saysAnHttpsUrlNamesAPlainHttpPort() {
    String url = "https://localhost:" + server.http("").getPort();

    assertThat(CliRun.run(Map.of(), "merchants", "list", "--server", url, "--admin-token", TOKEN))
        .isEqualTo(
            CliRun.failure(
                "clientele: "
                    + url
                    + " (from --server) does not speak TLS; is it an http:// port?\n"));
  }

  @Test
  void saysAnHttpUrlNamesAnHttpsPort() {
    String url = "http://localhost:" + server.https("").getPort();

    assertThat(CliRun.run(Map.of(), "merchants", "list", "--server", url, "--admin-token", TOKEN))
        .isEqualTo(
            CliRun.failure(
                "clientele: "
                    + url
                    + " (from --server) does not answer in HTTP; is it an https:// port?\n"));
  }

  @Test
  void saysWhenTheServerIsNotAClienteleServer() throws IOException {
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext(
        "/admin/merchants", exchange -> answer(exchange, 200, "<html>hello</html>"));
    other.createContext(
        "/admin/merchants/m1", exchange -> answer(exchange, 502, "<html>bad gateway</html>"));
    other.start();
    try {
      String url = "http://127.0.0.1:" + other.getAddress().getPort();

      assertThat(CliRun.run(Map.of(), "merchants", "list", "--server", url, "--admin-token", TOKEN))
          .isEqualTo(
              CliRun.failure(
                  "clientele: the answer of " + url + " is not JSON; is it a Clientele server?\n"));
      assertThat(
              CliRun.run(
                  Map.of(), "merchants", "show", "m1", "--server", url, "--admin-token", TOKEN))
          .isEqualTo(
              CliRun.failure(
                  "clientele: "
                      + url
                      + " answered HTTP 502 without an admin API error; is it a Clientele server?\n"));
    } finally {
      other.stop(0);
    }
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/html");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Test
  void reportsEveryBadSettingAtOnceAndExits2(@TempDir Path dir) throws IOException {
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");

    CliRun run =
        CliRun.run(
            Map.of("CLIENTELE_CACERT", notPem.toString()),
            "merchants",
            "list",
            "--server",
            "ftp://localhost",
            "--data-dir",
            dir.toString());

    assertThat(run)
        .isEqualTo(
            new CliRun(
                2,
                "",
                "clientele: --server: 'ftp://localhost' is not a server URL (http://HOST[:PORT] or"
                    + " https://HOST[:PORT])\n"
                    + "clientele: no admin token: give --admin-token or CLIENTELE_ADMIN_TOKEN, or"
                    + " --data-dir (or CLIENTELE_DATA_DIR) naming the server's data directory;"
                    + " there is no "
                    + dir.resolve("admin-token")
                    + "\n"
                    + "clientele: CLIENTELE_CACERT: "
                    + notPem
                    + " is not a PEM certificate\n"));
  }

  @Test
  void warnsOfAMistypedVariableBeforeWhatItCaused(@TempDir Path dir) {
    CliRun run =
        CliRun.run(
            Map.of("CLIENTELE_ADMIN_TOKN", TOKEN, "CLIENTELE_SERVER", http()),
            "merchants",
            "list",
            "--data-dir",
            dir.toString());

    assertThat(run)
        .isEqualTo(
            new CliRun(
                2,
                "",
                "clientele: warning: CLIENTELE_ADMIN_TOKN is not a variable Clientele reads, so it"
                    + " is ignored; did you mean CLIENTELE_ADMIN_TOKEN?\n"
                    + "clientele: no admin token: give --admin-token or CLIENTELE_ADMIN_TOKEN, or"
                    + " --data-dir (or CLIENTELE_DATA_DIR) naming the server's data directory;"
                    + " there is no "
                    + dir.resolve("admin-token")
                    + "\n"));
  }

  @Test
  void acceptsTheVariablesTheAdminCommandsReadWithoutWarning() {
    assertThat(
            CliRun.run(
                Map.of(
                    "CLIENTELE_SERVER",
                    https(),
                    "CLIENTELE_ADMIN_TOKEN",
                    TOKEN,
                    "CLIENTELE_CACERT",
                    pem().toString(),
                    "CLIENTELE_DATA_DIR",
                    "unused"),
                "merchants",
                "list"))
        .isEqualTo(CliRun.success(table));
  }
}
