package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.server.LogOutput;
import io.clientele.testing.LogCapture;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class CliTest {
  @TempDir Path dataDir;

  record Run(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Cli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void migratesTheEmbeddedDatabaseOnceAndExits() {
    Run first = run("migrate", "--data-dir", dataDir.toString());
    Run second = run("migrate", "--data-dir", dataDir.toString());

    String url =
        "jdbc:h2:file:"
            + dataDir.resolve("db/clientele")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    assertThat(first).isEqualTo(new Run(0, "Applied 15 migration(s) to " + url + "\n", ""));
    assertThat(second).isEqualTo(new Run(0, "Applied 0 migration(s) to " + url + "\n", ""));
  }

  @Test
  @SuppressWarnings("unchecked")
  void logsWhatMigrateDidAsAJsonLineWithLogFormatJson() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    OutputStreamAppender<ILoggingEvent> console =
        (OutputStreamAppender<ILoggingEvent>)
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
    Encoder<ILoggingEvent> configured = console.getEncoder();
    Run run;
    List<ILoggingEvent> logged;
    try (LogCapture startup = new LogCapture("clientele.startup")) {
      run = run("migrate", "--data-dir", dataDir.toString(), "--log-format", "json");
      logged = startup.events();
    } finally {
      console.stop();
      console.setEncoder(configured);
      console.start();
    }

    assertThat(run).as("nothing printed beside the log").isEqualTo(new Run(0, "", ""));
    assertThat(logged).hasSize(1);
    String line = new String(LogOutput.json(context).encode(logged.get(0)), StandardCharsets.UTF_8);
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.path("logger").asText()).isEqualTo("clientele.startup");
    assertThat(json.path("message").asText())
        .isEqualTo(
            "Applied 15 migration(s) to jdbc:h2:file:"
                + dataDir.resolve("db/clientele")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
  }

  @Test
  void migratesPostgres() {
    try (TestDatabase database = TestDatabase.postgres()) {
      Run run =
          run(
              "migrate",
              "--data-dir",
              dataDir.toString(),
              "--database-url",
              database.config().url(),
              "--database-user",
              database.config().user());

      assertThat(run)
          .isEqualTo(
              new Run(0, "Applied 15 migration(s) to " + database.config().url() + "\n", ""));
    }
  }

  @Test
  void reportsEveryBadFlagOnItsOwnLineAndExits2() {
    Run run =
        run(
            "serve",
            "--data-dir",
            dataDir.toString(),
            "--http-port",
            "abc",
            "--https-port",
            "99999");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly(
            "clientele: http-port: 'abc' is not a port number (0 to 65535, 0 turns it off)",
            "clientele: https-port: '99999' is not a port number (0 to 65535, 0 turns it off)");
  }

  @Test
  void refusesABadDeadlineFromAFlagOrAVariableNamingBothAndExits2() {
    CliRun run =
        CliRun.run(
            java.util.Map.of("CLIENTELE_SHUTDOWN_GRACE", "forever"),
            "serve",
            "--data-dir",
            dataDir.toString(),
            "--request-timeout",
            "500ms");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines())
        .containsExactly(
            "clientele: request-timeout (CLIENTELE_REQUEST_TIMEOUT): '500ms' is out of range (1s to"
                + " 10m)",
            "clientele: shutdown-grace (CLIENTELE_SHUTDOWN_GRACE): 'forever' is not a duration (a"
                + " whole number and ms, s or m, like 2500ms, 5s or 1m)");
  }

  @Test
  void reportsAnUnreachableDatabaseInOneLineAndExits1() {
    Run run =
        run(
            "serve",
            "--data-dir",
            dataDir.toString(),
            "--database-url",
            "jdbc:postgresql://127.0.0.1:1/clientele",
            "--database-user",
            "postgres");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactly(
            "clientele: database jdbc:postgresql://127.0.0.1:1/clientele is unavailable: Connection refused");
  }

  @Test
  void namesThePortInUseAndItsSettingInOneLineAndExits1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Run run =
          run(
              "serve",
              "--data-dir",
              dataDir.toString(),
              "--http-port",
              Integer.toString(taken.getLocalPort()),
              "--https-port",
              Integer.toString(TestServer.freePort()));

      assertThat(run.code()).isEqualTo(1);
      assertThat(run.errLines())
          .containsExactly(
              "clientele: cannot start: port "
                  + taken.getLocalPort()
                  + " is already in use (--http-port, CLIENTELE_HTTP_PORT)");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "migrate"})
  void describesEveryOptionWithItsEnvironmentVariable(String command) {
    Run run = run(command, "--help");

    assertThat(run.code()).isZero();
    java.util.Map<String, String> options = optionTexts(run.out());
    List<String> keys = new java.util.ArrayList<>(List.of("config"));
    keys.addAll(io.clientele.config.ConfigLoader.KEYS);
    if (!command.equals("serve")) {
      keys.removeAll(ServeOptions.KEYS);
    }
    for (String key : keys) {
      String variable = "CLIENTELE_" + key.replace('-', '_').toUpperCase(java.util.Locale.ROOT);
      assertThat(options.get("--" + key)).as(key).contains(variable);
    }
  }

  /** Each option of a picocli help text, by its long name, with its description's lines joined. */
  private static java.util.Map<String, String> optionTexts(String help) {
    java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
    String current = null;
    for (String line : help.lines().toList()) {
      java.util.regex.Matcher option =
          java.util.regex.Pattern.compile("^\\s+(?:-\\w, )?(--[a-z-]+)").matcher(line);
      if (option.find()) {
        current = option.group(1);
        options.put(current, line.strip());
      } else if (current != null && line.startsWith("  ")) {
        options.put(current, options.get(current) + " " + line.strip());
      }
    }
    return options;
  }

  @Test
  void reportsAnUnreachableDatabaseWithoutThePasswordInItsUrl() {
    Run run =
        run(
            "migrate",
            "--data-dir",
            dataDir.toString(),
            "--database-url",
            "jdbc:postgresql://127.0.0.1:1/clientele?password=s3cret");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly(
            "clientele: database jdbc:postgresql://127.0.0.1:1/clientele?password=*** is unavailable:"
                + " Connection refused");
  }

  @Test
  void refusesToServeWithAMasterKeyThatCannotOpenTheStoredKeysNamingTheOneItNeeds()
      throws Exception {
    startOnceWithASealedAirpaySecret();
    Path keyFile = dataDir.resolve("data-key");
    java.nio.file.Files.writeString(
        keyFile,
        java.util.Base64.getEncoder()
            .encodeToString(io.clientele.merchant.Secrets.randomBytes(32)));

    Run run = serveOnTheDataDirAgain();

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0))
        .matches(
            java.util.regex.Pattern.quote(
                    "clientele: cannot start: the database's keys are sealed under master key ")
                + "m[0-9a-f]{8}"
                + java.util.regex.Pattern.quote(", which this node does not hold: it holds ")
                + "m[0-9a-f]{8}"
                + java.util.regex.Pattern.quote(
                    " ("
                        + keyFile
                        + "); start with that key as --master-key-file, or as"
                        + " --previous-master-key-file to rotate to a new one"));
  }

  @Test
  void refusesToServeWhenAStoredKeyWasAlteredNamingItsRowNeverItsValue() throws Exception {
    startOnceWithASealedAirpaySecret();
    String url =
        "jdbc:h2:file:"
            + dataDir.resolve("db/clientele")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    String credential;
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url, "", "");
        java.sql.Statement statement = connection.createStatement()) {
      java.sql.ResultSet rows =
          statement.executeQuery(
              "select id, sealed_secret from credentials where sealed_secret is not null");
      rows.next();
      credential = rows.getString(1);
      String sealed = rows.getString(2);
      int at = sealed.indexOf(':') + 20;
      String altered =
          sealed.substring(0, at)
              + (sealed.charAt(at) == 'A' ? 'B' : 'A')
              + sealed.substring(at + 1);
      statement.execute(
          "update credentials set sealed_secret = '"
              + altered
              + "' where id = '"
              + credential
              + "'");
    }

    Run run = serveOnTheDataDirAgain();

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly(
            "clientele: cannot start: the master key ("
                + dataDir.resolve("data-key")
                + ") cannot open the keys stored in the database: the key stored in credentials"
                + " (id "
                + credential
                + ") does not open: a ciphertext does not open under its key: wrong key or"
                + " altered");
  }

  /** A first start: the sandbox gets an Airpay credential, whose secret is sealed. */
  private void startOnceWithASealedAirpaySecret() {
    try (TestServer first = TestServer.start(dataDir)) {
      assertThat(first.startupOutput()).contains("airpay");
    }
  }

  /** {@code serve} on the data directory a first start left, HTTP only. */
  private Run serveOnTheDataDirAgain() {
    return run(
        "serve",
        "--data-dir",
        dataDir.toString(),
        "--http-port",
        Integer.toString(TestServer.freePort()),
        "--https-port",
        "0");
  }

  @Test
  void asksForACommand() {
    Run run = run();

    assertThat(run)
        .isEqualTo(
            new Run(
                2,
                "",
                "clientele: name a command: serve, migrate, merchants, credentials, allowed-ips,"
                    + " customers, keys or webhooks (see --help)\n"));
  }

  @Test
  void rejectsAnUnknownFlag() {
    Run run = run("serve", "--htp-port", "1");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.errLines().get(0)).isEqualTo("Unknown options: '--htp-port', '1'");
  }

  @ParameterizedTest
  @CsvSource({
    "serve, 'Usage: clientele serve [-hV] [--airpay-replay-window=DURATION] [--config=FILE]'",
    "migrate, 'Usage: clientele migrate [-hV] [--config=FILE] [--data-dir=DIR]'"
  })
  void explainsEveryCommandWithHelpAndExits0(String command, String usage) {
    Run run = run(command, "--help");

    assertThat(run.code()).isZero();
    assertThat(run.out().lines().findFirst()).contains(usage);
    assertThat(run.out()).contains("  -h, --help                 Show this help message and exit.");
    assertThat(run.err()).isEmpty();
  }
}
