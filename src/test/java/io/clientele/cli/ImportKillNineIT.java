package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged jar's {@code customers import}, SIGKILLed twice while a batch is most likely in
 * flight and run again each time with the same command: every row ends up stored exactly once, and
 * the only rows sent twice are those of a batch whose answer the kill cut off, which the resumed
 * run finds unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportKillNineIT {
  static final int ROWS = 20_000;
  static final int BATCH = 500;

  /** Batches at the server at once, so a kill can cut off the answers of two. */
  static final int PARALLEL = 2;

  static final List<Integer> KILL_AT = List.of(4_000, 12_000);
  static final Duration RUN_WITHIN = Duration.ofSeconds(120);

  TestServer server;
  @TempDir Path dir;

  @BeforeAll
  void start() {
    server = TestServer.startInTemporaryDir(null);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(CustomerFile.Format.class)
  void storesEveryRowOnceWhenTheImportIsKilledAndResumed(CustomerFile.Format format)
      throws Exception {
    String merchant = "kill9-" + format.wireName();
    CliExportTest.createMerchant(server, merchant);
    Path input = write(format);
    Path state = Path.of(input + ".import-state");
    long replayed = 0;
    for (int killAt : KILL_AT) {
      Process run = importing(merchant, input, "killed-" + killAt);
      long acknowledged = awaitAcknowledged(state, killAt, run);
      long since = System.nanoTime();
      acknowledged = awaitAcknowledged(state, acknowledged + 1, run);
      // Half a batch's time after an acknowledgement, the next batch is most likely in flight.
      TimeUnit.NANOSECONDS.sleep((System.nanoTime() - since) / 2);
      run.destroyForcibly();
      assertThat(run.waitFor(10, TimeUnit.SECONDS)).as("dies on SIGKILL").isTrue();
      assertThat(run.exitValue()).as("exit status of a SIGKILLed process").isEqualTo(137);
      // The batch in flight at the kill may still be written; give the server time to finish it.
      Thread.sleep(1_000);
      long stateRows = rows(state);
      assertThat(stateRows).as("rows the state vouches for").isGreaterThanOrEqualTo(acknowledged);
      long stored = stored(merchant).size();
      assertThat(stored - stateRows)
          .as("rows stored beyond the last acknowledged batch: those of the batches in flight")
          .isBetween(0L, (long) PARALLEL * BATCH);
      replayed += stored - stateRows;
      System.out.printf(
          Locale.ROOT,
          "ImportKillNineIT %s: killed at %d acknowledged rows, %d stored%n",
          format.wireName(),
          stateRows,
          stored);
    }

    assertThat(replayed).as("rows of batches whose answer a kill cut off").isPositive();

    Process last = importing(merchant, input, "last");
    assertThat(last.waitFor(RUN_WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(dir.resolve("last.out"));
    assertThat(last.exitValue()).as(Files.readString(dir.resolve("last.err"))).isZero();

    JsonNode summary = JsonAssert.parse(out);
    assertThat(summary.get("rejected").asLong()).isZero();
    assertThat(summary.get("unchanged").asLong()).isEqualTo(replayed);
    assertThat(summary.get("created").asLong()).isEqualTo(ROWS - replayed);
    Map<String, JsonNode> stored = stored(merchant);
    assertThat(stored).hasSize(ROWS);
    for (int i = 1; i <= ROWS; i++) {
      JsonNode customer = stored.get(reference(i));
      assertThat(customer).as(reference(i)).isNotNull();
      assertThat(customer.get("name").textValue()).isEqualTo("Customer " + i);
      assertThat(customer.get("email").textValue()).isEqualTo("c" + i + "@example.com");
      assertThat(customer.get("version").asInt()).as(reference(i)).isEqualTo(1);
    }
    assertThat(Files.exists(state)).as("state left after the import ended").isFalse();
    assertThat(Files.exists(Path.of(state + ".tmp"))).isFalse();
  }

  static String reference(int i) {
    return String.format(Locale.ROOT, "k9-%05d", i);
  }

  private Path write(CustomerFile.Format format) throws IOException {
    StringBuilder content =
        new StringBuilder(format == CustomerFile.Format.CSV ? "reference,name,email,city\r\n" : "");
    for (int i = 1; i <= ROWS; i++) {
      if (format == CustomerFile.Format.CSV) {
        content.append(
            String.format(
                Locale.ROOT,
                "%s,Customer %d,c%d@example.com,\"Kochi, Kerala\"\r\n",
                reference(i),
                i,
                i));
      } else {
        content.append(
            String.format(
                Locale.ROOT,
                "{\"reference\":\"%s\",\"name\":\"Customer %d\",\"email\":\"c%d@example.com\"}\n",
                reference(i),
                i,
                i));
      }
    }
    return Files.writeString(
        dir.resolve("customers." + format.wireName()), content, StandardCharsets.UTF_8);
  }

  /** The jar's import of the whole file, its output in {@code <name>.out} and {@code .err}. */
  private Process importing(String merchant, Path input, String name) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                ServeJarIT.JAR.toString(),
                "customers",
                "import",
                merchant,
                input.toString(),
                "--batch-rows",
                Integer.toString(BATCH),
                "--parallel",
                Integer.toString(PARALLEL),
                "--progress",
                "lines",
                "--json",
                "--server",
                server.http("").toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("CLIENTELE_"));
    builder.environment().put("CLIENTELE_ADMIN_TOKEN", TestServer.ADMIN_TOKEN);
    return builder.start();
  }

  /** Waits until the state file vouches for at least {@code rows} rows, and answers how many. */
  private static long awaitAcknowledged(Path state, long rows, Process run) throws Exception {
    long deadline = System.nanoTime() + RUN_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      long acknowledged = Files.exists(state) ? rows(state) : 0;
      if (acknowledged >= rows) {
        return acknowledged;
      }
      assertThat(run.isAlive()).as("import still running").isTrue();
      Thread.sleep(2);
    }
    throw new AssertionError("the import did not reach " + rows + " rows");
  }

  /** The rows a state file vouches for; a state being replaced is read again. */
  private static long rows(Path state) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return JsonAssert.parse(Files.readString(state)).get("rows").asLong();
      } catch (IOException | AssertionError e) {
        if (attempt == 10) {
          throw e;
        }
        Thread.sleep(5);
      }
    }
  }

  /** Every live customer of the merchant, by reference. */
  private Map<String, JsonNode> stored(String merchant) {
    Map<String, JsonNode> stored = new HashMap<>();
    String cursor = null;
    do {
      JsonNode page =
          JsonAssert.parse(
              server
                  .adminCall(
                      "GET",
                      "/admin/merchants/"
                          + merchant
                          + "/customers?limit=1000"
                          + (cursor == null ? "" : "&cursor=" + cursor),
                      "")
                  .body());
      for (JsonNode customer : page.get("customers")) {
        JsonNode earlier = stored.put(customer.get("reference").textValue(), customer);
        assertThat(earlier).as("a reference listed twice").isNull();
      }
      cursor = page.get("next_cursor").textValue();
    } while (cursor != null);
    return stored;
  }
}
