package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code serve --sandbox-keys FILE} refusing what it cannot seed: a file it cannot read or whose
 * content is wrong (exit 2, with the rest of the configuration), and keys the database holds
 * otherwise (exit 1). No line shows a secret.
 */
class SandboxKeysCliTest {
  static final Path EXAMPLE = Path.of("docs/sandbox-keys.example.json").toAbsolutePath();
  static final String JUSPAY =
      "{\"dialect\":\"juspay\",\"api_key\":\"0123456789ABCDEF0123456789ABCDEF\"}";
  static final String FLOWWISE =
      "{\"dialect\":\"flowwise\",\"project_id\":\"sandbox_project\",\"client_id\":\"CF0123456789ABCDEF0123\","
          + "\"client_secret\":\"cfsk_0123456789abcdef0123456789abcdef0123456789abcdef\"}";
  static final String AIRPAY =
      "{\"dialect\":\"airpay\",\"token\":\"SandboxAirpayToken0123456789abcdefghijkl\","
          + "\"secret_key\":\"SandboxAirpaySecretKey0123456789\"}";

  @TempDir Path dataDir;
  @TempDir Path keysDir;

  static String keys(String... credentials) {
    return "{\"merchant_id\":\"sandbox\",\"credentials\":[" + String.join(",", credentials) + "]}";
  }

  Path file(String content) throws Exception {
    Path file = keysDir.resolve("keys.json");
    Files.writeString(file, content);
    return file;
  }

  CliTest.Run serve(Path keys, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "serve",
                "--data-dir",
                dataDir.toString(),
                "--http-port",
                Integer.toString(TestServer.freePort()),
                "--https-port",
                "0",
                "--sandbox-keys",
                keys.toString()));
    args.addAll(List.of(more));
    return CliTest.run(args.toArray(String[]::new));
  }

  static Stream<Arguments> malformedFiles() {
    return Stream.of(
        Arguments.of("", List.of("is empty; it must hold {\"merchant_id\":…,\"credentials\":[…]}")),
        Arguments.of(
            "{\"merchant_id\":\"sandbox\",", List.of("is not valid JSON at line 1, column 26")),
        Arguments.of(
            "{\"merchant_id\":\"sandbox\",\"credentials\":[{\"dialect\":\"juspay\",\"api_key\":0123456789ABCDEF}]}",
            List.of("is not valid JSON at line 1, column 72")),
        Arguments.of(
            "[" + JUSPAY + "]",
            List.of("must hold a JSON object, {\"merchant_id\":…,\"credentials\":[…]}")),
        Arguments.of(
            "{\"merchant\":\"sandbox\",\"credentials\":[" + JUSPAY + "]}",
            List.of("unknown field 'merchant'", "merchant_id is missing")),
        Arguments.of(
            "{\"merchant_id\":7,\"credentials\":{}}",
            List.of("merchant_id must be a string", "credentials must be a list of credentials")),
        Arguments.of("{\"merchant_id\":\"sandbox\"}", List.of("credentials is missing")),
        Arguments.of(keys(), List.of("credentials must list at least one credential")),
        Arguments.of(
            keys("\"juspay\"", "{\"dialect\":\"juspay\",\"api_key\":123}", "{\"api_key\":\"A\"}"),
            List.of(
                "credentials[0] must be an object",
                "credentials[1]: api_key must be a string",
                "credentials[2]: dialect is missing")),
        Arguments.of(
            "{\"merchant_id\":\"sandbox\",\"credentials\":[{\"dialect\":\"juspay\",\n"
                + "\"api_key\":\"0123456789ABCDEF0123456789ABCDEF\",\"api_key\":\"0123456789ABCDEF0123456789ABCDEE\"}]}",
            List.of("credentials[0].api_key is given twice at line 2, column 55")),
        Arguments.of(
            "{\"merchant_id\":\"the sandbox\",\"credentials\":[" + JUSPAY + "]}",
            List.of(
                "merchant_id must be 1 to 64 letters, digits, '_', '-' or '.', starting with a"
                    + " letter or digit")),
        Arguments.of(
            keys("{\"dialect\":\"stripe\",\"api_key\":\"sk_test_0123\"}"),
            List.of("credentials[0]: dialect is not one of juspay, flowwise, airpay, canonical")),
        Arguments.of(
            keys("{\"dialect\":\"juspay\",\"api_key\":\"0123456789abcdef0123456789abcdef\"}"),
            List.of("credentials[0] (juspay): api_key must be 32 upper-case hex characters")),
        Arguments.of(
            keys(
                "{\"dialect\":\"juspay\",\"api_key\":\"0123456789ABCDEF0123456789ABCDEF\","
                    + "\"secret_key\":\"SandboxAirpaySecretKey0123456789\",\"project_id\":\"p1\"}"),
            List.of(
                "credentials[0] (juspay): unknown field 'secret_key'",
                "credentials[0] (juspay): project_id is only for the flowwise dialect")),
        Arguments.of(
            keys("{\"dialect\":\"flowwise\",\"client_id\":\"CF0123456789ABCDEF012\"}"),
            List.of(
                "credentials[0] (flowwise): client_id must be CF and 20 upper-case hex characters",
                "credentials[0] (flowwise): client_secret is missing",
                "credentials[0] (flowwise): project_id is missing")),
        Arguments.of(
            keys(FLOWWISE.replace("sandbox_project", "-p1")),
            List.of(
                "credentials[0] (flowwise): project_id must be 1 to 64 letters, digits, '_', '-'"
                    + " or '.', starting with a letter or digit")),
        Arguments.of(
            keys(
                "{\"dialect\":\"airpay\",\"token\":\"SandboxAirpayToken\","
                    + "\"secret_key\":\"SandboxAirpaySecretKey-123456789\"}"),
            List.of(
                "credentials[0] (airpay): token must be 40 ASCII letters or digits",
                "credentials[0] (airpay): secret_key must be 32 ASCII letters or digits")),
        Arguments.of(
            keys(JUSPAY, FLOWWISE, JUSPAY),
            List.of("credentials[2] (juspay) repeats the api_key of credentials[0]")),
        Arguments.of(
            keys(JUSPAY, JUSPAY.replace("CDEF\"", "CDEE\"")),
            List.of(
                "credentials[1] (juspay): its api_key starts with the same 10 characters as that"
                    + " of credentials[0], and those are what find a juspay credential")),
        Arguments.of(
            keys(FLOWWISE, FLOWWISE.replace("abcdef\"", "abcdee\"")),
            List.of("credentials[1] (flowwise) repeats the client_id of credentials[0]")));
  }

  @ParameterizedTest
  @MethodSource("malformedFiles")
  void refusesAMalformedFileNamingItAndWhatIsWrongButNoSecretAndExits2(
      String content, List<String> problems) throws Exception {
    Path file = file(content);

    CliTest.Run run = serve(file);

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .containsExactlyElementsOf(
            problems.stream().map(p -> "clientele: sandbox-keys: " + file + ": " + p).toList());
    assertThat(run.err())
        .doesNotContain("0123456789", "SandboxAirpay", "cfsk_", "sk_test", "ABCDEE");
  }

  @Test
  void reportsTheFileWithEveryOtherBadSettingAtOnce() throws Exception {
    Path file = file(keys("{\"dialect\":\"juspay\"}"));

    CliTest.Run run = serve(file, "--database-url", "jdbc:mysql://x/y");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "clientele: database-url: 'jdbc:mysql://x/y' is not supported (use jdbc:postgresql://…"
                + " or jdbc:h2:…)",
            "clientele: sandbox-keys: " + file + ": credentials[0] (juspay): api_key is missing");
  }

  @Test
  void refusesAFileThatDoesNotExist() {
    Path missing = keysDir.resolve("nowhere.json");

    CliTest.Run run = serve(missing);

    assertThat(run)
        .isEqualTo(
            new CliTest.Run(
                2, "", "clientele: sandbox-keys: cannot read " + missing + ": no such file\n"));
  }

  @Test
  void refusesADirectory() {
    CliTest.Run run = serve(keysDir);

    assertThat(run)
        .isEqualTo(
            new CliTest.Run(
                2, "", "clientele: sandbox-keys: cannot read " + keysDir + ": Is a directory\n"));
  }

  @Test
  void refusesAFileItMayNotRead() throws Exception {
    Path file = file(keys(JUSPAY));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    Assumptions.assumeFalse(
        Files.isReadable(file), "this user (root) reads files whatever their permissions");

    CliTest.Run run = serve(file);

    assertThat(run)
        .isEqualTo(
            new CliTest.Run(
                2, "", "clientele: sandbox-keys: cannot read " + file + ": permission denied\n"));
  }

  /** Seeds the example file through a server that then stops. */
  void seedTheExample() {
    try (TestServer server =
        TestServer.start(dataDir, null, Map.of("sandbox-keys", EXAMPLE.toString()))) {
      assertThat(server.startupOutput()).contains("(created)");
    }
  }

  static String storedAs(Path file, String problem) {
    return "clientele: cannot start: sandbox-keys: "
        + java.util.regex.Pattern.quote(file.toString())
        + ": "
        + problem;
  }

  @Test
  void refusesToStartWhenTheDatabaseHoldsAKeyWithAnotherSecretAndExits1() throws Exception {
    seedTheExample();
    Path changed = file(keys(JUSPAY.replace("CDEF\"", "CDEE\""), FLOWWISE, AIRPAY));

    CliTest.Run run = serve(changed);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .matches(
            storedAs(
                changed,
                "credentials\\[0\\] \\(juspay\\) is stored as crd_[0-9a-f]{16} with another secret"));
  }

  @Test
  void refusesToStartWhenAnAirpayTokenIsStoredWithAnotherSecretKey() throws Exception {
    seedTheExample();
    Path changed = file(keys(JUSPAY, FLOWWISE, AIRPAY.replace("6789\"}", "6780\"}")));

    CliTest.Run run = serve(changed);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.errLines())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .matches(
            storedAs(
                changed,
                "credentials\\[2\\] \\(airpay\\) is stored as crd_[0-9a-f]{16} with another secret"));
  }

  @Test
  void refusesToStartWhenAClientIsStoredForAnotherProject() throws Exception {
    seedTheExample();
    Path changed = file(keys(JUSPAY, FLOWWISE.replace("sandbox_project", "other_project"), AIRPAY));

    CliTest.Run run = serve(changed);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.errLines())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .matches(
            storedAs(
                changed,
                "credentials\\[1\\] \\(flowwise\\) is stored as crd_[0-9a-f]{16} for project"
                    + " 'sandbox_project', not 'other_project'"));
  }

  @Test
  void refusesToStartWhenTheKeysAreStoredForAnotherMerchantNamingEach() throws Exception {
    seedTheExample();
    Path other = file(keys(JUSPAY, FLOWWISE, AIRPAY).replace("\"sandbox\"", "\"acme\""));

    CliTest.Run run = serve(other);

    String of = " is stored as crd_[0-9a-f]{16} of merchant 'sandbox', not 'acme'";
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.errLines())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .matches(
            storedAs(
                other,
                "credentials\\[0\\] \\(juspay\\)"
                    + of
                    + "; credentials\\[1\\] \\(flowwise\\)"
                    + of
                    + "; credentials\\[2\\] \\(airpay\\)"
                    + of));
  }

  @Test
  void refusesToStartWhenASeededKeyWasRevokedAndRestoresNothing() throws Exception {
    String revoked;
    try (TestServer server =
        TestServer.start(dataDir, null, Map.of("sandbox-keys", EXAMPLE.toString()))) {
      java.util.regex.Matcher id =
          java.util.regex.Pattern.compile("juspay +credential_id=(crd_[0-9a-f]{16})")
              .matcher(server.startupOutput());
      assertThat(id.find()).isTrue();
      revoked = id.group(1);
      assertThat(
              server
                  .adminCall("DELETE", "/admin/merchants/sandbox/credentials/" + revoked, "")
                  .statusCode())
          .isEqualTo(204);
    }

    CliTest.Run run = serve(EXAMPLE);

    assertThat(run)
        .isEqualTo(
            new CliTest.Run(
                1,
                "",
                "clientele: cannot start: sandbox-keys: "
                    + EXAMPLE
                    + ": credentials[0] (juspay) is stored as "
                    + revoked
                    + ", revoked or rotated: it is never restored, so seed another key\n"));
  }

  @Test
  void writesNothingWhenOneKeyIsStoredOtherwise() throws Exception {
    seedTheExample();
    String newKey = "{\"dialect\":\"juspay\",\"api_key\":\"FEDCBA9876543210FEDCBA9876543210\"}";
    Path changed = file(keys(newKey, JUSPAY.replace("CDEF\"", "CDEE\"")));

    assertThat(serve(changed).code()).isEqualTo(1);

    try (TestServer server =
        TestServer.start(dataDir, null, Map.of("sandbox-keys", EXAMPLE.toString()))) {
      assertThat(
              io.clientele.testing.JsonAssert.parse(
                      server.adminCall("GET", "/admin/merchants/sandbox/credentials", "").body())
                  .findValuesAsText("credential_id"))
          .hasSize(3);
    }
  }
}
