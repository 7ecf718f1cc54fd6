package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged jar, as an operator runs it: {@code java -jar target/clientele.jar serve} on a fresh
 * data directory, once on the JDK that built it and once on the newest JDK of the machine.
 */
class ServeJarIT {
  static final Path JAR = Path.of("target/clientele.jar");

  /**
   * How long a start may take before a test gives up: a bound for a loaded machine, not a target;
   * start time is measured in bench/, where it is a figure.
   */
  static final Duration READY_WITHIN = Duration.ofSeconds(60);

  static final Pattern READY =
      Pattern.compile(
          "Clientele is ready in (\\d+) ms on Java (\\d+) with (virtual|platform) threads: "
              + "http://localhost:(\\d+) https://localhost:(\\d+) \\(data in .*\\)");

  @TempDir Path dataDir;

  static Stream<String> javas() {
    Set<String> javas = new LinkedHashSet<>();
    javas.add(
        System.getProperty("clientele.it.baseline-java", javaOf(System.getProperty("java.home"))));
    javas.add(javaOf(System.getProperty("java.home")));
    return javas.stream();
  }

  static String javaOf(String home) {
    return Path.of(home, "bin", "java").toString();
  }

  @ParameterizedTest
  @MethodSource("javas")
  void startsFromTheJarWithinTenSecondsAndServesBothSchemes(String java) throws Exception {
    int http = TestServer.freePort();
    int https = TestServer.freePort();
    Process process = start(java, http, https);
    try {
      Lines lines = new Lines(process);
      String ready = lines.awaitMatch(READY, READY_WITHIN);
      Matcher matcher = READY.matcher(ready);
      assertThat(matcher.matches()).isTrue();
      int javaVersion = Integer.parseInt(matcher.group(2));
      System.out.printf(
          "ServeJarIT: %s ready in %s ms on Java %d%n", java, matcher.group(1), javaVersion);
      assertThat(matcher.group(3)).isEqualTo(javaVersion >= 21 ? "virtual" : "platform");
      assertThat(Integer.parseInt(matcher.group(4))).isEqualTo(http);
      assertThat(Integer.parseInt(matcher.group(5))).isEqualTo(https);
      assertThat(lines.seen()).anyMatch(l -> l.startsWith("Sandbox merchant 'sandbox' created"));
      lines.awaitMatch(
          Pattern.compile(
              Pattern.quote(
                      "Admin token (generated once, kept in "
                          + dataDir.resolve("admin-token")
                          + "): ")
                  + "adm_[0-9a-f]{48}"),
          Duration.ofSeconds(2));

      HttpResponse<String> plain =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/health/ready"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> secure =
          HttpClient.newBuilder()
              .sslContext(TestServer.trusting(dataDir.resolve("tls/clientele.pem")))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/health/ready"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(plain.statusCode()).isEqualTo(200);
      assertThat(plain.body()).isEqualTo("{\"status\":\"UP\",\"database\":\"UP\"}");
      assertThat(secure.statusCode()).isEqualTo(200);
      assertThat(secure.body()).isEqualTo("{\"status\":\"UP\",\"database\":\"UP\"}");
    } finally {
      process.destroy();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }
    assertThat(Files.exists(dataDir.resolve("db/clientele.mv.db"))).isTrue();
  }

  Process start(String java, int http, int https) throws IOException {
    return serve(List.of(), java, dataDir, http, https).start();
  }

  /**
   * {@code java -jar target/clientele.jar serve} on the given data dir and ports, run after {@code
   * prefix} (a shell setting a umask, say), with no {@code CLIENTELE_*} variable of the test's.
   */
  static ProcessBuilder serve(List<String> prefix, String java, Path dataDir, int http, int https) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(
        List.of(
            java,
            "-jar",
            JAR.toString(),
            "serve",
            "--data-dir",
            dataDir.toString(),
            "--http-port",
            Integer.toString(http),
            "--https-port",
            Integer.toString(https)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("CLIENTELE_"));
    return builder;
  }

  /** Reads a process's output on a thread of its own, so a silent process cannot hang the test. */
  static final class Lines {
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    Lines(Process process) {
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    queue.add(line);
                  }
                } catch (IOException e) {
                  queue.add("<output closed: " + e.getMessage() + ">");
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    String awaitMatch(Pattern pattern, Duration within) throws InterruptedException {
      long deadline = System.nanoTime() + within.toNanos();
      while (System.nanoTime() < deadline) {
        String line = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null) {
          break;
        }
        seen.add(line);
        if (pattern.matcher(line).matches()) {
          return line;
        }
      }
      throw new AssertionError("not ready within " + within + "; output so far: " + seen);
    }

    List<String> seen() {
      return seen;
    }
  }
}
