package io.clientele.cli;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.storage.SealedRows;
import io.clientele.testing.RawHttp;
import io.clientele.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} in a process of its own, stopped by SIGTERM ({@link Process#destroy} on Linux)
 * while an upload is half sent: the listener closes at once, the upload completes and is stored,
 * and the process exits 0; an upload still unfinished when the grace runs out is cut, is not
 * stored, and the process exits 1.
 */
class GracefulShutdownTest {
  static final String JOHN =
      "object_reference_id=customer%40gmail.com&mobile_number=99887766"
          + "&email_address=customer%40gmail.com&first_name=John&last_name=Smith"
          + "&mobile_country_code=65";
  static final Duration STARTS_WITHIN = Duration.ofSeconds(60);
  static final Pattern READY = Pattern.compile("Clientele is ready in .*");
  static final Pattern API_KEY = Pattern.compile(" api_key=(\\w+)");

  @TempDir Path dataDir;
  @TempDir Path logs;
  private Process process;
  private List<String> out = List.of();
  private List<String> err = List.of();

  @AfterEach
  void killLeftovers() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Test
  void finishesAnUploadInFlightRefusesNewConnectionsAndExits0() throws Exception {
    int port = start("5s");
    try (Socket idle = keptAlive(port);
        Socket upload = halfSentUpload(port)) {
      long signalled = System.nanoTime();
      process.destroy();

      long refusedAfter = awaitRefused(port, signalled);
      assertThat(process.isAlive()).as("alive while the upload is unfinished").isTrue();
      upload.getOutputStream().write(secondHalf());
      upload.getOutputStream().flush();
      String answer = readAll(upload.getInputStream());

      assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited").isTrue();
      long exitedAfter = (System.nanoTime() - signalled) / 1_000_000;
      readOutput();
      System.out.printf(
          "GracefulShutdownTest: listener closed %d ms after SIGTERM; exit %d ms after it%n",
          refusedAfter, exitedAfter);
      assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 200 OK");
      assertJson(RawHttp.body(answer), fixture("juspay/created-john.json"));
      assertThat(process.exitValue()).isZero();
      assertThat(exitedAfter)
          .as("ms to exit; an idle connection does not hold the stop")
          .isLessThan(4_000);
      assertThat(readAll(idle.getInputStream())).as("idle connection closed unanswered").isEmpty();
      assertThat(out).contains("Clientele stopped");
      assertThat(err).isEmpty();
      assertThat(storedReferences()).containsExactly("customer@gmail.com");
    }
  }

  @Test
  void cutsAnUploadStillArrivingWhenTheGraceRunsOutAndExits1() throws Exception {
    int port = start("1s");
    try (Socket upload = halfSentUpload(port)) {
      long signalled = System.nanoTime();
      process.destroy();

      assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited").isTrue();
      long exitedAfter = (System.nanoTime() - signalled) / 1_000_000;
      readOutput();
      System.out.printf("GracefulShutdownTest: cut and exited %d ms after SIGTERM%n", exitedAfter);
      String answer = readAll(upload.getInputStream());
      // The stop fails the body's read: the route answers a body broken off, unless the
      // connection is closed first.
      if (!answer.isEmpty()) {
        assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 400 Bad Request");
        assertJson(RawHttp.body(answer), fixture("juspay/unreadable-broken-off.json"));
      }
      assertThat(process.exitValue()).isEqualTo(1);
      assertThat(exitedAfter).isGreaterThanOrEqualTo(1_000);
      assertThat(err)
          .containsExactly(
              "clientele: the shutdown grace ran out; requests still running were cut");
      assertThat(out).contains("Clientele stopped");
      assertThat(storedReferences()).isEmpty();
    }
  }

  @Test
  void writesOnlyJsonLinesToTheStopWithLogFormatJson() throws Exception {
    // The production logging, as the jar has it: the tests' own quiets the start-up logger.
    String production = "-Dlogback.configurationFile=" + getClass().getResource("/logback.xml");
    start("5s", List.of(production), "--log-format", "json");
    process.destroy();

    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited").isTrue();
    readOutput();
    assertThat(process.exitValue()).isZero();
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out) {
      lines.add(mapper.readTree(line));
    }
    assertThat(lines).isNotEmpty().allMatch(JsonNode::isObject, "a JSON object");
    JsonNode last = lines.get(lines.size() - 1);
    assertThat(last.path("message").asText()).isEqualTo("Clientele stopped");
    assertThat(last.path("logger").asText()).isEqualTo("clientele.startup");
    assertThat(err).isEmpty();
  }

  /** Starts {@code serve} on a free HTTP port, HTTPS off; answers the port once it is ready. */
  private int start(String grace) throws Exception {
    return start(grace, List.of());
  }

  /**
   * Starts {@code serve} with {@code jvm} options for its JVM and {@code more} options of its own;
   * answers the port once it is ready.
   */
  private int start(String grace, List<String> jvm, String... more) throws Exception {
    int port = TestServer.freePort();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(jvm);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.clientele.Main",
            "serve",
            "--http-port",
            Integer.toString(port),
            "--https-port",
            "0",
            "--data-dir",
            dataDir.toString(),
            "--shutdown-grace",
            grace));
    command.addAll(List.of(more));
    // Into files: Process.destroy closes the pipes it would otherwise write to.
    process =
        new ProcessBuilder(command)
            .redirectOutput(logs.resolve("out").toFile())
            .redirectError(logs.resolve("err").toFile())
            .start();
    long until = System.nanoTime() + STARTS_WITHIN.toNanos();
    while (readOutput().stream().noneMatch(line -> READY.matcher(line).find())) {
      assertThat(process.isAlive()).as("serve running; stderr %s", err).isTrue();
      assertThat(System.nanoTime()).as("started within " + STARTS_WITHIN).isLessThan(until);
      Thread.sleep(50);
    }
    return port;
  }

  /** What the process wrote so far, stdout's lines answered and both kept. */
  private List<String> readOutput() throws IOException {
    out = java.nio.file.Files.readAllLines(logs.resolve("out"));
    err = java.nio.file.Files.readAllLines(logs.resolve("err"));
    return out;
  }

  /** A connection that asked for liveness, read its answer and stays open, idle. */
  private static Socket keptAlive(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(30_000);
    socket
        .getOutputStream()
        .write(
            "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    byte[] answer = new byte[4096];
    String read = "";
    while (!read.endsWith("{\"status\":\"UP\"}")) {
      int n = socket.getInputStream().read(answer);
      assertThat(n).as("answer to GET /health/live").isPositive();
      read += new String(answer, 0, n, StandardCharsets.US_ASCII);
    }
    return socket;
  }

  /** A Juspay create whose headers and first half of body are sent, the rest held back. */
  private Socket halfSentUpload(int port) throws Exception {
    String apiKey =
        out.stream()
            .map(API_KEY::matcher)
            .filter(Matcher::find)
            .map(m -> m.group(1))
            .findFirst()
            .orElseThrow();
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(30_000);
    byte[] body = JOHN.getBytes(StandardCharsets.US_ASCII);
    String head =
        "POST /customers HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + "Authorization: Basic "
            + Base64.getEncoder().encodeToString(apiKey.getBytes(StandardCharsets.UTF_8))
            + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    OutputStream output = socket.getOutputStream();
    output.write(head.getBytes(StandardCharsets.US_ASCII));
    output.write(body, 0, body.length / 2);
    output.flush();
    // The server has the request once its headers are read; give it the time to read them.
    Thread.sleep(500);
    return socket;
  }

  private static byte[] secondHalf() {
    byte[] body = JOHN.getBytes(StandardCharsets.US_ASCII);
    return java.util.Arrays.copyOfRange(body, body.length / 2, body.length);
  }

  /** Waits until a new connection to {@code port} is refused; answers how long after the signal. */
  private static long awaitRefused(int port, long signalled) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < until) {
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        Thread.sleep(20);
      } catch (ConnectException refused) {
        return (System.nanoTime() - signalled) / 1_000_000;
      }
    }
    throw new AssertionError("new connections still accepted 3 s after SIGTERM");
  }

  /** Everything the server sends until it closes the connection; what came before a reset. */
  private static String readAll(InputStream in) {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    try {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        read.write(chunk, 0, n);
      }
    } catch (IOException reset) {
      // a cut connection ends the answer
    }
    return read.toString(StandardCharsets.UTF_8);
  }

  private List<String> storedReferences() throws Exception {
    String url =
        "jdbc:h2:file:"
            + dataDir.resolve("db/clientele")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    List<String> references = new ArrayList<>();
    SealedRows.customers(
            new io.clientele.config.DatabaseConfig(url, "", ""),
            SealedRows.masterOf(dataDir),
            "select * from customers where merchant_id = 'sandbox'")
        .forEach(row -> references.add(row.get("reference")));
    return references;
  }
}
