package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.config.Config;
import io.clientele.config.ConfigLoader;
import io.clientele.config.DatabaseConfig;
import io.clientele.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartupTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void pointsToTheReadmeWhenTheHeapIsTheJvmsDefault() {
    assertThat(Startup.heap(6144 * MIB, List.of("-Duser.timezone=UTC")))
        .isEqualTo(
            "Heap: up to 6144 MiB, the JVM's default; README, \"Memory\", says how to bound it");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-Xmx160m",
        "-XX:MaxHeapSize=167772160",
        "-XX:MaxRAMPercentage=50",
        "-XX:MaxRAM=1g"
      })
  void statesTheBoundAloneWhenTheOperatorSetIt(String flag) {
    assertThat(Startup.heap(160 * MIB, List.of("-Duser.timezone=UTC", flag)))
        .isEqualTo("Heap: up to 160 MiB");
  }

  @Test
  void namesNoSafeguardWhenEveryOneIsOff() {
    assertThat(Startup.safeguards(Config.Safeguards.NONE)).isEmpty();
  }

  @Test
  void namesTheSafeguardsTurnedOnInOneLine() {
    Config.Safeguards on =
        new Config.Safeguards(
            java.util.Set.of("admin", "airpay"), java.time.Duration.ofMinutes(10));

    assertThat(Startup.safeguards(on))
        .hasValue(
            "Safeguards: HTTPS only for airpay,admin; Airpay checksums refused again for 600 s");
  }

  private static Config config(int httpPort, int httpsPort) {
    return new Config(
        httpPort,
        httpsPort,
        Path.of("data"),
        new DatabaseConfig("jdbc:h2:mem:x", "", ""),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        io.clientele.config.LogFormat.TEXT,
        java.time.Duration.ofSeconds(5),
        java.time.Duration.ofSeconds(8));
  }

  /** How Jetty reports a failed bind: its own message with the address, the JDK's cause. */
  private static Exception bindFailure(String address, String reason) {
    return new IllegalStateException(
        "failed to start",
        new IOException("Failed to bind to " + address, new BindException(reason)));
  }

  @Test
  void namesThePortInUseAndTheSettingThatChoseIt() {
    assertThat(
            Startup.describe(
                bindFailure("0.0.0.0/0.0.0.0:8443", "Address already in use"), config(8080, 8443)))
        .isEqualTo("port 8443 is already in use (--https-port, CLIENTELE_HTTPS_PORT)");
  }

  @Test
  void saysALowPortNeedsAPrivilegeRatherThanThatItIsInUse() {
    assertThat(
            Startup.describe(
                bindFailure("0.0.0.0/0.0.0.0:80", "Permission denied"), config(80, 443)))
        .isEqualTo(
            "port 80 needs a privilege this user lacks (--http-port, CLIENTELE_HTTP_PORT): choose a"
                + " port above 1023, or grant the JVM cap_net_bind_service");
  }

  @Test
  void fallsBackToTheBareCauseWhenNoMessageNamesAConfiguredPort() {
    assertThat(
            Startup.describe(
                new IllegalStateException(new BindException("Address already in use")),
                config(8080, 8443)))
        .isEqualTo("a port is already in use (Address already in use)");
  }

  @Test
  void logsTheAnnouncementWithoutSecretsInTheJsonFormat(@TempDir Path dir) throws Exception {
    Config config =
        ConfigLoader.load(
            Map.of(
                "data-dir",
                dir.toString(),
                "http-port",
                "0",
                "https-port",
                Integer.toString(io.clientele.testing.TestServer.freePort()),
                "log-format",
                "json"),
            Map.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
    try (LogCapture startup = new LogCapture("clientele.startup");
        Application app = Application.start(config, stdout)) {
      Startup.announce(config, app, 1234, stdout);

      assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
      String token = Files.readString(dir.resolve("admin-token")).strip();
      assertThat(startup.lines())
          .hasSize(4)
          .noneMatch(line -> line.contains(token))
          .contains(
              "sandbox merchant 'sandbox' created; its secrets are not shown with log-format"
                  + " json: issue a credential through the admin API",
              "Admin token: generated once, kept in " + dir.resolve("admin-token"));
      assertThat(startup.lines().get(1))
          .startsWith("Clientele is ready in 1234 ms on Java ")
          .endsWith(" https://localhost:" + app.httpsPort() + " (data in " + dir + ")");
    }
  }
}
