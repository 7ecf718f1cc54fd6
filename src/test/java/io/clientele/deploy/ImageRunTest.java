package io.clientele.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the image as a container runtime would, without one: its layers laid down in order into a
 * directory, its entrypoint started there as its user, in a mount and process namespace of its own
 * with /proc and the four devices a runtime provides, its environment and nothing of this one's.
 * Needs root (chroot, unshare, mknod), as in CI; elsewhere it is skipped saying so, unless {@code
 * CLIENTELE_REQUIRE_IMAGE=1}.
 */
class ImageRunTest {
  private static final Duration START_PATIENCE = Duration.ofSeconds(120);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path work;

  @Test
  void servesHealthAsTheImageUserAndItsProbeAnswersForReadiness() throws Exception {
    ImageTarball.assumeBuilt();
    assumeRoot();
    Path unpacked = Files.createDirectory(work.resolve("tarball"));
    ImageTarball image = ImageTarball.open(unpacked);
    Path root = Files.createDirectory(work.resolve("rootfs"));
    for (Path layer : image.layers) {
      run(List.of("tar", "--numeric-owner", "-xzf", layer.toString(), "-C", root.toString()));
    }
    provideWhatARuntimeProvides(root);
    int http = TestServer.freePort();
    int https = TestServer.freePort();
    List<String> command = inImage(root, image);
    image.config.get("config").get("Entrypoint").forEach(arg -> command.add(arg.asText()));
    image.config.get("config").get("Cmd").forEach(arg -> command.add(arg.asText()));
    ProcessBuilder builder = new ProcessBuilder(command);
    environment(builder, image).put("CLIENTELE_HTTP_PORT", Integer.toString(http));
    builder.environment().put("CLIENTELE_HTTPS_PORT", Integer.toString(https));
    Path log = work.resolve("server.log");
    Process server = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      String base = "http://127.0.0.1:" + http;
      HttpResponse<String> live = awaitAnswer(base + "/health/live", server, log);

      assertThat(live.statusCode()).as(Files.readString(log)).isEqualTo(200);
      JsonAssert.assertJsonText(live.body(), "{\"status\":\"UP\"}");
      HttpResponse<String> ready = get(base + "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      JsonAssert.assertJsonText(ready.body(), "{\"status\":\"UP\",\"database\":\"UP\"}");
      Path adminToken = root.resolve("var/lib/clientele/admin-token");
      assertThat(Files.getAttribute(adminToken, "unix:uid")).isEqualTo(65532);
      assertThat(probe(root, image, base + "/health/ready"))
          .isEqualTo("0 " + base + "/health/ready answered 200\n");
      assertThat(probe(root, image, base + "/health/absent"))
          .isEqualTo("1 " + base + "/health/absent answered 404\n");
    } finally {
      stop(server);
    }
    assertThat(Files.readString(log)).contains("Clientele is ready in");
  }

  /**
   * SIGTERM to the server itself, as a runtime's stop sends it, then waits for it to close its
   * database. Stopping unshare alone leaves it running: chroot's change of user clears the signal
   * unshare's {@code --kill-child} would have it sent.
   */
  private static void stop(Process server) throws Exception {
    List<ProcessHandle> inside = server.descendants().toList();
    inside.forEach(ProcessHandle::destroy);
    for (ProcessHandle process : inside) {
      try {
        process.onExit().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        process.destroyForcibly();
      }
    }
    if (!server.waitFor(30, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor();
    }
  }

  /** unshare and chroot as the image's user: what runs after this is the image's, nothing else. */
  private static List<String> inImage(Path root, ImageTarball image) {
    return new ArrayList<>(
        List.of(
            "/usr/bin/unshare",
            "--mount",
            "--pid",
            "--fork",
            "--mount-proc=" + root.resolve("proc"),
            "/usr/sbin/chroot",
            "--userspec=" + image.config.get("config").get("User").asText(),
            root.toString()));
  }

  private static Map<String, String> environment(ProcessBuilder builder, ImageTarball image) {
    Map<String, String> environment = builder.environment();
    environment.clear();
    image
        .config
        .get("config")
        .get("Env")
        .forEach(
            pair -> {
              String[] parts = pair.asText().split("=", 2);
              environment.put(parts[0], parts[1]);
            });
    return environment;
  }

  /** The image's health probe run inside it: its exit status and output. */
  private String probe(Path root, ImageTarball image, String url) throws Exception {
    List<String> command = inImage(root, image);
    command.addAll(
        List.of(
            "/opt/java/bin/java",
            "-XX:-UsePerfData",
            "-cp",
            "/opt/clientele/healthcheck",
            "HealthCheck",
            url));
    ProcessBuilder builder = new ProcessBuilder(command);
    environment(builder, image);
    Process process = builder.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue() + " " + output;
  }

  /**
   * /proc is mounted by unshare; the devices the JVM opens are made here, as a runtime makes them.
   */
  private static void provideWhatARuntimeProvides(Path root) throws Exception {
    Files.createDirectories(root.resolve("proc"));
    Path dev = Files.createDirectories(root.resolve("dev"));
    for (String[] device :
        List.of(
            new String[] {"null", "3"},
            new String[] {"zero", "5"},
            new String[] {"random", "8"},
            new String[] {"urandom", "9"})) {
      run(List.of("mknod", "-m", "666", dev.resolve(device[0]).toString(), "c", "1", device[1]));
    }
  }

  private static HttpResponse<String> awaitAnswer(String url, Process server, Path log)
      throws Exception {
    Instant deadline = Instant.now().plus(START_PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      if (!server.isAlive()) {
        Assertions.fail(
            "the image's entrypoint exited " + server.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        return get(url);
      } catch (IOException notYet) {
        Thread.sleep(250);
      }
    }
    return Assertions.fail(
        "nothing answered " + url + " in " + START_PATIENCE + ":\n" + Files.readString(log));
  }

  private static HttpResponse<String> get(String url) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
  }

  private static void assumeRoot() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    id.waitFor();
    if (uid.equals("0")) {
      return;
    }
    String reason = "running the image needs root (chroot, unshare, mknod); this is uid " + uid;
    if ("1".equals(System.getenv("CLIENTELE_REQUIRE_IMAGE"))) {
      Assertions.fail(reason + " and CLIENTELE_REQUIRE_IMAGE=1");
    }
    Assumptions.abort(reason + "; the image's run test skipped");
  }
}
