package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever umask the operator's shell has, what {@code serve} writes under the data directory is
 * for its owner's eyes only: the embedded database, its secrets and its certificate.
 */
class DataDirectoryPermissionsIT {
  static final Pattern JUSPAY_KEY = Pattern.compile("\\s*juspay\\s+api_key=(\\S+)");
  static final Pattern READY_ON_HTTP = Pattern.compile("Clientele is ready in .*");

  @TempDir Path parent;

  @Test
  void writesEveryFileAndDirectoryOwnerOnlyUnderAnOpenUmask() throws Exception {
    Path dataDir = parent.resolve("data");
    int http = TestServer.freePort();
    Process process = startUnderUmask000(dataDir, http, TestServer.freePort());
    ServeJarIT.Lines lines = new ServeJarIT.Lines(process);
    try {
      lines.awaitMatch(ServeJarIT.READY, ServeJarIT.READY_WITHIN);
      String apiKey =
          lines.seen().stream()
              .map(JUSPAY_KEY::matcher)
              .filter(Matcher::matches)
              .map(m -> m.group(1))
              .findFirst()
              .orElseThrow();
      HttpResponse<String> created = createCustomer(http, apiKey);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    } finally {
      process.destroy();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(lines.seen()).noneMatch(l -> l.contains("warning"));
    List<String> modes;
    try (Stream<Path> paths = Files.walk(dataDir)) {
      modes = paths.map(p -> modeLine(dataDir, p)).sorted().toList();
    }
    assertThat(modes)
        .containsExactly(
            ". rwx------",
            "admin-token rw-------",
            "data-key rw-------",
            "db rwx------",
            "db/clientele.mv.db rw-------",
            "tls rwx------",
            "tls/clientele.p12 rw-------",
            "tls/clientele.p12.password rw-------",
            "tls/clientele.pem rw-------");
  }

  @Test
  void warnsAtStartWhenOthersCanReadTheDataDirectory() throws Exception {
    Path dataDir = Files.createDirectory(parent.resolve("open"));
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Process process = startUnderUmask000(dataDir, TestServer.freePort(), 0);
    ServeJarIT.Lines lines = new ServeJarIT.Lines(process);
    try {
      lines.awaitMatch(READY_ON_HTTP, ServeJarIT.READY_WITHIN);
    } finally {
      process.destroy();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(lines.seen())
        .contains(
            "clientele: warning: data directory "
                + dataDir
                + " can be read by other users (mode rwxr-xr-x); run: chmod 700 "
                + dataDir);
  }

  private static String modeLine(Path root, Path path) {
    try {
      String name = root.equals(path) ? "." : root.relativize(path).toString();
      return name + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> createCustomer(int port, String apiKey) throws Exception {
    String basic =
        Base64.getEncoder().encodeToString((apiKey + ":").getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/customers"))
                .header("Authorization", "Basic " + basic)
                .header("x-merchantid", "sandbox")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "object_reference_id=customer0001&mobile_country_code=91&mobile_number=9876543210&first_name=Ann"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static Process startUnderUmask000(Path dataDir, int http, int https) throws IOException {
    return ServeJarIT.serve(
            List.of("sh", "-c", "umask 000 && exec \"$@\"", "sh"),
            ServeJarIT.javaOf(System.getProperty("java.home")),
            dataDir,
            http,
            https)
        .start();
  }
}
