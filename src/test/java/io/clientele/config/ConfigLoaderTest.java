package io.clientele.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  @TempDir Path dir;

  Config load(Map<String, String> flags, Map<String, String> environment) throws ConfigException {
    return ConfigLoader.load(flags, environment);
  }

  static List<String> problems(Map<String, String> flags, Map<String, String> environment) {
    try {
      ConfigLoader.load(flags, environment);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("configuration was accepted");
  }

  @Test
  void usesTheDocumentedDefaults() throws ConfigException {
    Config config = load(Map.of("data-dir", dir.toString()), Map.of());

    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.httpsPort()).isEqualTo(8443);
    assertThat(config.dataDir()).isEqualTo(dir.toAbsolutePath());
    assertThat(config.database().url())
        .isEqualTo(
            "jdbc:h2:file:"
                + dir.toAbsolutePath().resolve("db/clientele")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    assertThat(config.tlsKeystore()).isEmpty();
    assertThat(config.adminToken()).isEmpty();
    assertThat(config.dataKey()).isEmpty();
    assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
  }

  @ParameterizedTest
  @CsvSource({"json, JSON", "JSON, JSON", "text, TEXT", "' Json ', JSON"})
  void readsTheLogFormatFromTheEnvironment(String value, LogFormat format) throws Exception {
    Config config = load(Map.of("data-dir", dir.toString()), Map.of("CLIENTELE_LOG_FORMAT", value));

    assertThat(config.logFormat()).isEqualTo(format);
  }

  @Test
  void rejectsAnUnknownLogFormat() {
    assertThat(
            problems(
                Map.of("data-dir", dir.toString(), "log-format", "logfmt"),
                Map.of("CLIENTELE_LOG_FORMAT", "json")))
        .containsExactly(
            "log-format (CLIENTELE_LOG_FORMAT): 'logfmt' is not a log format (text or json)");
  }

  @Test
  void layersFileUnderEnvironmentUnderFlags() throws Exception {
    Path file = dir.resolve("clientele.properties");
    Files.writeString(file, "http-port=1001\nhttps-port=1002\ndatabase-user=from-file\n");

    Config config =
        load(
            Map.of("config", file.toString(), "data-dir", dir.toString(), "http-port", "3001"),
            Map.of("CLIENTELE_HTTP_PORT", "2001", "CLIENTELE_HTTPS_PORT", "2002"));

    assertThat(config.httpPort()).isEqualTo(3001);
    assertThat(config.httpsPort()).isEqualTo(2002);
    assertThat(config.database().user()).isEqualTo("from-file");
  }

  @Test
  void readsEveryKeyFromTheEnvironment() throws ConfigException {
    byte[] key = new byte[32];
    Config config =
        load(
            Map.of(),
            Map.of(
                "CLIENTELE_DATA_DIR", dir.toString(),
                "CLIENTELE_HTTPS_PORT", "0",
                "CLIENTELE_DATABASE_URL", "jdbc:postgresql://db.internal:5432/clientele",
                "CLIENTELE_DATABASE_USER", "app",
                "CLIENTELE_DATABASE_PASSWORD", "pw",
                "CLIENTELE_ADMIN_TOKEN", "a-long-enough-admin-token",
                "CLIENTELE_DATA_KEY", Base64.getEncoder().encodeToString(key)));

    assertThat(config.httpsPort()).isZero();
    assertThat(config.database())
        .isEqualTo(new DatabaseConfig("jdbc:postgresql://db.internal:5432/clientele", "app", "pw"));
    assertThat(config.database().isPostgres()).isTrue();
    assertThat(config.database().toString()).doesNotContain("pw");
    assertThat(config.adminToken()).hasValue("a-long-enough-admin-token");
    assertThat(config.dataKey()).get().isEqualTo(key);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http-port    | abc   | http-port: 'abc' is not a port number (0 to 65535, 0 turns it off)",
        "http-port    | 70000 | http-port: '70000' is not a port number (0 to 65535, 0 turns it off)",
        "https-port   | -1    | https-port: '-1' is not a port number (0 to 65535, 0 turns it off)",
        "database-url | jdbc:mysql://x/y | database-url: 'jdbc:mysql://x/y' is not supported (use jdbc:postgresql://… or jdbc:h2:…)",
      })
  void reportsABadFlag(String key, String value, String problem) {
    assertThat(problems(Map.of("data-dir", dir.toString(), key, value), Map.of()))
        .containsExactly(problem);
  }

  @Test
  void givesRequestsAFiveSecondDeadlineAndAStopEightSecondsOfGrace() throws ConfigException {
    Config config = load(Map.of("data-dir", dir.toString()), Map.of());

    assertThat(config.requestTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(config.shutdownGrace()).isEqualTo(java.time.Duration.ofSeconds(8));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "request-timeout | 1500ms | 1500",
        "request-timeout | 1s     | 1000",
        "request-timeout | 10m    | 600000",
        "request-timeout | ' 30s ' | 30000",
        "shutdown-grace  | 0s     | 0",
        "shutdown-grace  | 0      | 0",
        "shutdown-grace  | ' 0 '  | 0",
        "shutdown-grace  | 0000000000002s | 2000",
        "shutdown-grace  | 250ms  | 250",
        "shutdown-grace  | 2m     | 120000",
      })
  void readsADurationInMillisecondsSecondsOrMinutes(String key, String value, long millis)
      throws ConfigException {
    Config config = load(Map.of("data-dir", dir.toString(), key, value), Map.of());

    java.time.Duration read =
        key.equals("request-timeout") ? config.requestTimeout() : config.shutdownGrace();
    assertThat(read).isEqualTo(java.time.Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "request-timeout | 5      | request-timeout (CLIENTELE_REQUEST_TIMEOUT): '5' is not a duration (a whole number and ms, s or m, like 2500ms, 5s or 1m)",
        "request-timeout | 5 s    | request-timeout (CLIENTELE_REQUEST_TIMEOUT): '5 s' is not a duration (a whole number and ms, s or m, like 2500ms, 5s or 1m)",
        "request-timeout | 1.5s   | request-timeout (CLIENTELE_REQUEST_TIMEOUT): '1.5s' is not a duration (a whole number and ms, s or m, like 2500ms, 5s or 1m)",
        "request-timeout | 1h     | request-timeout (CLIENTELE_REQUEST_TIMEOUT): '1h' is not a duration (a whole number and ms, s or m, like 2500ms, 5s or 1m)",
        "request-timeout | -2s    | request-timeout (CLIENTELE_REQUEST_TIMEOUT): '-2s' is not a duration (a whole number and ms, s or m, like 2500ms, 5s or 1m)",
        "request-timeout | 99999999999s | request-timeout (CLIENTELE_REQUEST_TIMEOUT): '99999999999s' is out of range (1s to 10m)",
        "request-timeout | 99999999999999999999s | request-timeout (CLIENTELE_REQUEST_TIMEOUT): '99999999999999999999s' is out of range (1s to 10m)",
        "request-timeout | 0      | request-timeout (CLIENTELE_REQUEST_TIMEOUT): '0' is out of range (1s to 10m)",
        "shutdown-grace  | 00     | shutdown-grace (CLIENTELE_SHUTDOWN_GRACE): '00' is not a duration (a whole number and ms, s or m, like 2500ms, 5s or 1m)",
        "request-timeout | 500ms  | request-timeout (CLIENTELE_REQUEST_TIMEOUT): '500ms' is out of range (1s to 10m)",
        "request-timeout | 11m    | request-timeout (CLIENTELE_REQUEST_TIMEOUT): '11m' is out of range (1s to 10m)",
        "shutdown-grace  | soon   | shutdown-grace (CLIENTELE_SHUTDOWN_GRACE): 'soon' is not a duration (a whole number and ms, s or m, like 2500ms, 5s or 1m)",
        "shutdown-grace  | 601s   | shutdown-grace (CLIENTELE_SHUTDOWN_GRACE): '601s' is out of range (0s to 10m)",
      })
  void reportsABadDurationNamingItsFlagAndVariable(String key, String value, String problem) {
    assertThat(problems(Map.of("data-dir", dir.toString(), key, value), Map.of()))
        .containsExactly(problem);
  }

  @Test
  void turnsNoSafeguardOnByDefault() throws ConfigException {
    Config config = load(Map.of("data-dir", dir.toString()), Map.of());

    assertThat(config.safeguards()).isEqualTo(Config.Safeguards.NONE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "none                 | ''",
        "''                   | ''",
        "airpay               | airpay",
        "' Juspay , admin '   | juspay,admin",
        "admin,juspay,admin   | admin,juspay",
        "all                  | juspay,flowwise,airpay,canonical,admin",
        "airpay,all           | airpay,juspay,flowwise,canonical,admin",
      })
  void readsTheFamiliesToServeOverHttpsOnly(String value, String families) throws ConfigException {
    Config config =
        load(Map.of("data-dir", dir.toString()), Map.of("CLIENTELE_REQUIRE_HTTPS", value));

    assertThat(String.join(",", new java.util.TreeSet<>(config.safeguards().httpsOnly())))
        .isEqualTo(String.join(",", new java.util.TreeSet<>(List.of(families.split(",")))).strip());
  }

  @Test
  void reportsAFamilyToServeOverHttpsOnlyThatIsNotOne() {
    assertThat(problems(Map.of("data-dir", dir.toString(), "require-https", "airpay,v1"), Map.of()))
        .containsExactly(
            "require-https (CLIENTELE_REQUIRE_HTTPS): 'v1' is not a route family (a"
                + " comma-separated list of juspay, flowwise, airpay, canonical and admin, or all, or"
                + " none)");
  }

  @Test
  void reportsFamiliesToServeOverHttpsOnlyWithoutAnHttpsListener() {
    assertThat(
            problems(
                Map.of(
                    "data-dir", dir.toString(), "require-https", "juspay,admin", "https-port", "0"),
                Map.of()))
        .containsExactly(
            "require-https (CLIENTELE_REQUIRE_HTTPS): names juspay,admin but https-port is 0, so"
                + " their requests would reach no listener");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0s, 0", "500ms, 500", "10m, 600000", "1440m, 86400000"})
  void readsTheAirpayReplayWindow(String value, long millis) throws ConfigException {
    Config config =
        load(Map.of("data-dir", dir.toString()), Map.of("CLIENTELE_AIRPAY_REPLAY_WINDOW", value));

    assertThat(config.safeguards().airpayReplayWindow())
        .isEqualTo(java.time.Duration.ofMillis(millis));
  }

  @Test
  void reportsAnAirpayReplayWindowOverADay() {
    assertThat(
            problems(Map.of("data-dir", dir.toString(), "airpay-replay-window", "1441m"), Map.of()))
        .containsExactly(
            "airpay-replay-window (CLIENTELE_AIRPAY_REPLAY_WINDOW): '1441m' is out of range (0s to"
                + " 1440m)");
  }

  @Test
  void readsTheDurationsFromTheEnvironmentUnderTheFlags() throws ConfigException {
    Config config =
        load(
            Map.of("data-dir", dir.toString(), "shutdown-grace", "3s"),
            Map.of("CLIENTELE_REQUEST_TIMEOUT", "2s", "CLIENTELE_SHUTDOWN_GRACE", "20s"));

    assertThat(config.requestTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(config.shutdownGrace()).isEqualTo(java.time.Duration.ofSeconds(3));
  }

  @Test
  void reportsEveryProblemAtOnce() {
    List<String> problems =
        problems(
            Map.of(
                "data-dir",
                dir.toString(),
                "http-port",
                "x",
                "tls-keystore",
                dir.resolve("none.p12").toString()),
            Map.of("CLIENTELE_DATA_KEY", "short", "CLIENTELE_ADMIN_TOKEN", "tiny"));

    assertThat(problems)
        .containsExactly(
            "http-port: 'x' is not a port number (0 to 65535, 0 turns it off)",
            "tls-keystore: cannot read " + dir.toAbsolutePath().resolve("none.p12"),
            "CLIENTELE_ADMIN_TOKEN: must be at least 16 characters",
            "CLIENTELE_DATA_KEY: must be 32 bytes encoded in base64");
  }

  @Test
  void refusesToTurnBothListenersOff() {
    assertThat(
            problems(
                Map.of("data-dir", dir.toString(), "http-port", "0", "https-port", "0"), Map.of()))
        .containsExactly("http-port and https-port are both 0: at least one listener must be on");
  }

  @Test
  void reportsAKeystoreThatDoesNotOpen() throws Exception {
    Path keystore = dir.resolve("bad.p12");
    Files.writeString(keystore, "not a keystore");

    List<String> problems =
        problems(Map.of("data-dir", dir.toString(), "tls-keystore", keystore.toString()), Map.of());

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith(
            "tls-keystore: cannot open " + keystore + " as PKCS12 with the given password: ");
    assertThat(problems.get(0)).doesNotContain("\n");
  }

  @Test
  void reportsADataDirThatCannotBeMade() throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");

    assertThat(problems(Map.of("data-dir", file.resolve("sub").toString()), Map.of()))
        .containsExactly("data-dir: cannot create " + file.resolve("sub") + ": Not a directory");
  }

  @Test
  void reportsADataDirThatIsAFile() throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");

    assertThat(problems(Map.of("data-dir", file.toString()), Map.of()))
        .containsExactly(
            "data-dir: cannot create " + file + ": a file that is not a directory is in the way");
  }

  @Test
  void reportsUnknownKeysInTheFile() throws Exception {
    Path file = dir.resolve("clientele.properties");
    Files.writeString(file, "http-prot=1\n");

    assertThat(problems(Map.of("config", file.toString(), "data-dir", dir.toString()), Map.of()))
        .containsExactly("config: unknown key 'http-prot' in " + file);
  }

  @Test
  void reportsAMissingFile() {
    Path file = dir.resolve("missing.properties");

    assertThat(problems(Map.of("config", file.toString(), "data-dir", dir.toString()), Map.of()))
        .containsExactly("config: cannot read " + file + ": no such file");
  }

  @Test
  void namesEnvironmentVariablesAfterTheirKeys() {
    assertThat(ConfigLoader.variable("tls-keystore-password"))
        .isEqualTo("CLIENTELE_TLS_KEYSTORE_PASSWORD");
  }

  @Test
  void refusesAConfigThatCannotLoad() {
    assertThatThrownBy(() -> load(Map.of("data-dir", dir.toString(), "http-port", "x"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("http-port: 'x' is not a port number (0 to 65535, 0 turns it off)");
  }

  @Test
  void warnsOfAMistypedVariableAndNamesTheOneMeantWithoutItsValue() {
    assertThat(
            ConfigLoader.unknownVariables(
                Map.of(
                    "CLIENTELE_HTTP_PROT", "9090",
                    "CLIENTELE_DATABSE_PASSWORD", "s3cret",
                    "CLIENTELE_HTTP_PORT", "8080",
                    "PATH", "/usr/bin")))
        .containsExactly(
            "warning: CLIENTELE_DATABSE_PASSWORD is not a variable Clientele reads, so it is ignored;"
                + " did you mean CLIENTELE_DATABASE_PASSWORD?",
            "warning: CLIENTELE_HTTP_PROT is not a variable Clientele reads, so it is ignored;"
                + " did you mean CLIENTELE_HTTP_PORT?");
  }

  @Test
  void warnsOfAnUnknownVariableWithoutGuessingWhenNoneIsClose() {
    assertThat(ConfigLoader.unknownVariables(Map.of("CLIENTELE_FLUX_CAPACITOR", "1")))
        .containsExactly(
            "warning: CLIENTELE_FLUX_CAPACITOR is not a variable Clientele reads, so it is ignored");
  }

  @Test
  void raisesNoWarningForTheVariablesClienteleAndItsTestSuiteRead() {
    assertThat(
            ConfigLoader.unknownVariables(
                Map.of(
                    "CLIENTELE_CONFIG", "a",
                    "CLIENTELE_ADMIN_TOKEN", "b",
                    "CLIENTELE_DATA_KEY", "c",
                    "CLIENTELE_TLS_KEYSTORE_PASSWORD", "d",
                    "CLIENTELE_REQUIRE_POSTGRES", "1",
                    "CLIENTELE_REQUIRE_BROWSER", "1",
                    "CLIENTELE_REQUIRE_IMAGE", "1",
                    "CLIENTELE_TEST_POSTGRES_URL", "e")))
        .isEmpty();
  }

  static final String KEYS =
      """
      {"merchant_id":"sandbox","credentials":[
        {"dialect":"juspay","api_key":"0123456789ABCDEF0123456789ABCDEF"},
        {"dialect":"flowwise","project_id":"p1","client_id":"CF0123456789ABCDEF0123",
         "client_secret":"cfsk_0123456789abcdef0123456789abcdef0123456789abcdef"}]}""";

  @Test
  void readsTheSandboxKeysFileFromTheVariableInTheFilesOrder() throws Exception {
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, KEYS);

    Config config =
        load(Map.of("data-dir", dir.toString()), Map.of("CLIENTELE_SANDBOX_KEYS", keys.toString()));

    SandboxKeys read = config.sandboxKeys().orElseThrow();
    assertThat(read.file()).isEqualTo(keys.toAbsolutePath());
    assertThat(read.merchantId()).isEqualTo("sandbox");
    assertThat(read.credentials())
        .containsExactly(
            new SandboxKeys.Entry(
                0, "juspay", Map.of("api_key", "0123456789ABCDEF0123456789ABCDEF")),
            new SandboxKeys.Entry(
                1,
                "flowwise",
                Map.of(
                    "project_id",
                    "p1",
                    "client_id",
                    "CF0123456789ABCDEF0123",
                    "client_secret",
                    "cfsk_0123456789abcdef0123456789abcdef0123456789abcdef")));
    assertThat(read.credentials().get(1).values().keySet())
        .containsExactly("project_id", "client_id", "client_secret");
  }

  @Test
  void readsTheSandboxKeysFileNamedInTheConfigFile() throws Exception {
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, KEYS);
    Path file = dir.resolve("clientele.properties");
    Files.writeString(file, "sandbox-keys=" + keys + "\n");

    Config config = load(Map.of("config", file.toString(), "data-dir", dir.toString()), Map.of());

    assertThat(config.sandboxKeys()).hasValueSatisfying(k -> assertThat(k.file()).isEqualTo(keys));
  }

  @Test
  void seedsNoKeysWithoutAFileOrWhenAnEmptyFlagTurnsTheVariableOff() throws Exception {
    assertThat(load(Map.of("data-dir", dir.toString()), Map.of()).sandboxKeys()).isEmpty();
    assertThat(
            load(
                    Map.of("data-dir", dir.toString(), "sandbox-keys", ""),
                    Map.of("CLIENTELE_SANDBOX_KEYS", dir.resolve("missing.json").toString()))
                .sandboxKeys())
        .isEmpty();
  }

  @Test
  void reportsWhatTheRulesFindInTheFilesValuesNamingTheFile() throws Exception {
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, KEYS);

    List<String> problems = new java.util.ArrayList<>();
    try {
      ConfigLoader.load(
          Map.of("data-dir", dir.toString(), "sandbox-keys", keys.toString()),
          Map.of(),
          read -> List.of("credentials[1] (flowwise): a rule " + read.credentials().size()));
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }

    assertThat(problems)
        .containsExactly("sandbox-keys: " + keys + ": credentials[1] (flowwise): a rule 2");
  }

  @Test
  void namesNoSecretWhenSandboxKeysArePrinted() throws Exception {
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, KEYS);

    SandboxKeys read =
        load(Map.of("data-dir", dir.toString(), "sandbox-keys", keys.toString()), Map.of())
            .sandboxKeys()
            .orElseThrow();

    assertThat(read.toString())
        .isEqualTo(
            "SandboxKeys[file="
                + keys
                + ", merchantId=sandbox, credentials=[Entry[credentials[0] (juspay), fields=[api_key]],"
                + " Entry[credentials[1] (flowwise), fields=[project_id, client_id, client_secret]]]]");
  }

  @Test
  void raisesNoWarningForTheVariablesOfTheAdminCommands() {
    assertThat(
            ConfigLoader.unknownVariables(
                Map.of(
                    "CLIENTELE_SERVER", "https://localhost:8443",
                    "CLIENTELE_CACERT", "clientele-data/tls/clientele.pem")))
        .isEmpty();
  }

  @Test
  void suggestsTheAdminCommandsVariablesForTheirTypos() {
    assertThat(ConfigLoader.unknownVariables(Map.of("CLIENTELE_SEVRER", "x")))
        .containsExactly(
            "warning: CLIENTELE_SEVRER is not a variable Clientele reads, so it is ignored;"
                + " did you mean CLIENTELE_SERVER?");
  }

  // ---- master keys

  static final String KEY_A = Base64.getEncoder().encodeToString(filled(0xA));
  static final String KEY_B = Base64.getEncoder().encodeToString(filled(0xB));

  static byte[] filled(int value) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) value);
    return key;
  }

  Path keyFile(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void readsTheMasterKeyAndThePreviousOneFromTheirFiles() throws Exception {
    Path current = keyFile("b.key", KEY_B + "\n");
    Path previous = keyFile("a.key", KEY_A);

    Config config =
        load(
            Map.of(
                "data-dir",
                dir.toString(),
                "master-key-file",
                current.toString(),
                "previous-master-key-file",
                previous.toString()),
            Map.of());

    assertThat(config.dataKey()).get().isEqualTo(filled(0xB));
    assertThat(config.masterKeys().masterSource()).hasValue(current.toString());
    assertThat(config.masterKeys().previous()).get().isEqualTo(filled(0xA));
    assertThat(config.masterKeys().previousSource()).hasValue(previous.toString());
  }

  @Test
  void readsTheMasterKeyFileNamedByItsVariable() throws Exception {
    Path current = keyFile("b.key", KEY_B);

    Config config =
        load(
            Map.of("data-dir", dir.toString()),
            Map.of("CLIENTELE_MASTER_KEY_FILE", current.toString()));

    assertThat(config.dataKey()).get().isEqualTo(filled(0xB));
    assertThat(config.masterKeys().masterSource()).hasValue(current.toString());
  }

  @Test
  void namesTheDataKeyVariableAsTheMasterKeysSource() throws Exception {
    Config config = load(Map.of("data-dir", dir.toString()), Map.of("CLIENTELE_DATA_KEY", KEY_A));

    assertThat(config.masterKeys().masterSource()).hasValue("CLIENTELE_DATA_KEY");
    assertThat(config.masterKeys().previous()).isEmpty();
  }

  @Test
  void reportsAMasterKeyFileThatCannotBeRead() {
    Path missing = dir.resolve("missing.key");

    assertThat(
            problems(
                Map.of("data-dir", dir.toString(), "master-key-file", missing.toString()),
                Map.of()))
        .containsExactly(
            "master-key-file (CLIENTELE_MASTER_KEY_FILE): cannot read "
                + missing
                + ": no such file");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sixteen bytes   | AAAAAAAAAAAAAAAAAAAAAA==",
        "not base64      | c2VjcmV0LWtleS1tYXRlcmlhbA!!",
        "thirty-three    | AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "empty           | ''",
      })
  void reportsAMasterKeyFileNotHolding32BytesInBase64WithoutItsContent(String what, String content)
      throws Exception {
    Path file = keyFile("bad.key", content);

    List<String> problems =
        problems(Map.of("data-dir", dir.toString(), "master-key-file", file.toString()), Map.of());

    assertThat(problems)
        .containsExactly(
            "master-key-file (CLIENTELE_MASTER_KEY_FILE): "
                + file
                + " must hold 32 bytes encoded in base64");
    if (!content.isEmpty()) {
      assertThat(String.join("\n", problems)).doesNotContain(content);
    }
  }

  @Test
  void reportsABadPreviousMasterKeyFileByItsOwnName() throws Exception {
    Path current = keyFile("b.key", KEY_B);
    Path previous = keyFile("a.key", "short");

    assertThat(
            problems(
                Map.of(
                    "data-dir",
                    dir.toString(),
                    "master-key-file",
                    current.toString(),
                    "previous-master-key-file",
                    previous.toString()),
                Map.of()))
        .containsExactly(
            "previous-master-key-file (CLIENTELE_PREVIOUS_MASTER_KEY_FILE): "
                + previous
                + " must hold 32 bytes encoded in base64");
  }

  @Test
  void refusesAMasterKeyGivenBothByFileAndByVariableWithoutNamingEither() throws Exception {
    Path current = keyFile("b.key", KEY_B);

    List<String> problems =
        problems(
            Map.of("data-dir", dir.toString(), "master-key-file", current.toString()),
            Map.of("CLIENTELE_DATA_KEY", KEY_A));

    assertThat(problems)
        .containsExactly(
            "master-key-file (CLIENTELE_MASTER_KEY_FILE) and CLIENTELE_DATA_KEY are both set:"
                + " give the master key one way");
    assertThat(String.join("\n", problems)).doesNotContain(KEY_A).doesNotContain(KEY_B);
  }
}
