package io.clientele.admin;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.dialect.airpay.Checksum;
import io.clientele.server.FormBody;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --sandbox-keys FILE} with the example file the repository ships: its hard-coded keys
 * work in every dialect, on every start, and on nodes starting at once.
 */
class SandboxKeysTest {
  /** The documented example, read where a test suite would find it. */
  static final Path EXAMPLE = Path.of("docs/sandbox-keys.example.json").toAbsolutePath();

  static final String API_KEY = "0123456789ABCDEF0123456789ABCDEF";
  static final String CLIENT_ID = "CF0123456789ABCDEF0123";
  static final String CLIENT_SECRET = "cfsk_0123456789abcdef0123456789abcdef0123456789abcdef";
  static final String TOKEN = "SandboxAirpayToken0123456789abcdefghijkl";
  static final String SECRET_KEY = "SandboxAirpaySecretKey0123456789";

  static final String JOHN =
      "object_reference_id=customer%40gmail.com&mobile_number=99887766"
          + "&email_address=customer%40gmail.com&first_name=John&last_name=Smith"
          + "&mobile_country_code=65";
  static final String PRIYA =
      """
      {"customer_id":"cust_priya_sharma_2024","scope":"PROJECT","name":"Priya Sharma","phone":"+919876543210",
       "email":"priya.sharma@gmail.com","address":"456 Defence Colony, New Delhi, Delhi 110024, India"}""";

  @TempDir Path dataDir;

  static TestServer start(Path dataDir, TestDatabase database) {
    return TestServer.start(
        dataDir,
        database == null ? null : database.config(),
        Map.of("sandbox-keys", EXAMPLE.toString()));
  }

  static HttpResponse<String> juspay(TestServer server, String method, String form) {
    return server.send(
        HttpRequest.newBuilder(server.http("/customers"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder().encodeToString(API_KEY.getBytes(StandardCharsets.UTF_8)))
            .header("x-merchantid", "sandbox")
            .method(method, form == null ? BodyPublishers.noBody() : BodyPublishers.ofString(form))
            .build());
  }

  static HttpResponse<String> flowwise(TestServer server, String json) {
    return server.send(
        HttpRequest.newBuilder(server.http("/router/customer"))
            .header("x-client-id", CLIENT_ID)
            .header("x-client-secret", CLIENT_SECRET)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json))
            .build());
  }

  /** An Airpay update signed with the file's secret key, as a test suite would sign it. */
  static HttpResponse<String> airpay(TestServer server, String form) {
    List<String> values = FormBody.parse(form).stream().map(FormBody.Pair::value).toList();
    return server.send(
        HttpRequest.newBuilder(server.http("/airpay/ms/cards/api/update-customer"))
            .header("token", TOKEN)
            .header("checksum", Checksum.of(values, SECRET_KEY))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form))
            .build());
  }

  /** The credential ids a start printed, by dialect. */
  static Map<String, String> printedIds(String output) {
    Matcher line =
        Pattern.compile("(?m)^  (\\w+) +credential_id=(crd_[0-9a-f]{16})").matcher(output);
    Map<String, String> ids = new java.util.LinkedHashMap<>();
    while (line.find()) {
      ids.put(line.group(1), line.group(2));
    }
    return ids;
  }

  @Test
  void answersEveryDialectWithTheExampleFilesHardCodedKeys() {
    try (TestServer server = start(dataDir, null)) {
      HttpResponse<String> juspay = juspay(server, "POST", JOHN);
      HttpResponse<String> flowwise = flowwise(server, PRIYA);
      HttpResponse<String> airpay = airpay(server, "entity_id=customer%40gmail.com&city=Pune");

      assertThat(juspay.statusCode()).isEqualTo(200);
      assertJson(juspay.body(), fixture("juspay/created-john.json"));
      assertThat(flowwise.statusCode()).isEqualTo(200);
      assertJson(flowwise.body(), fixture("flowwise/priya-created-in-sandbox.json"));
      assertThat(airpay.statusCode()).isEqualTo(200);
      assertJson(airpay.body(), fixture("airpay/success.json"));
    }
  }

  @Test
  void printsWhichKeysItSeededByDialectAndPublicIdentifierButNoSecret() {
    String output;
    try (TestServer server = start(dataDir, null)) {
      output = server.startupOutput();
    }

    assertThat(output.lines())
        .satisfiesExactly(
            line -> assertThat(line).isEmpty(),
            line ->
                assertThat(line)
                    .isEqualTo(
                        "Sandbox keys of merchant 'sandbox' from "
                            + EXAMPLE
                            + " (their secrets are in that file and not shown):"),
            line ->
                assertThat(line)
                    .matches("  juspay    credential_id=crd_[0-9a-f]{16} \\(created\\)"),
            line ->
                assertThat(line)
                    .matches(
                        "  flowwise  credential_id=crd_[0-9a-f]{16} client_id="
                            + CLIENT_ID
                            + " project_id=sandbox_project \\(created\\)"),
            line ->
                assertThat(line)
                    .matches("  airpay    credential_id=crd_[0-9a-f]{16} \\(created\\)"),
            line ->
                assertThat(line)
                    .isEqualTo(
                        "Warning: these are public test credentials, usable by anyone who has the"
                            + " file; never seed them into a production database."),
            line -> assertThat(line).isEmpty());
    assertThat(output).doesNotContain(API_KEY, CLIENT_SECRET, TOKEN, SECRET_KEY);
  }

  @Test
  void mintsNoRandomSandboxCredentialsBesideTheFilesKeys() {
    try (TestServer server = start(dataDir, null)) {
      HttpResponse<String> merchants = server.adminCall("GET", "/admin/merchants", "");
      HttpResponse<String> credentials =
          server.adminCall("GET", "/admin/merchants/sandbox/credentials", "");

      assertThat(JsonAssert.parse(merchants.body()).findValuesAsText("merchant_id"))
          .containsExactly("sandbox");
      assertThat(JsonAssert.parse(credentials.body()).findValuesAsText("credential_id"))
          .containsExactlyInAnyOrderElementsOf(printedIds(server.startupOutput()).values());
    }
  }

  @Test
  void keepsTheSeededKeysOnARestartWithTheSameFile() {
    Map<String, String> first;
    try (TestServer server = start(dataDir, null)) {
      first = printedIds(server.startupOutput());
      assertThat(juspay(server, "POST", JOHN).statusCode()).isEqualTo(200);
    }
    try (TestServer again = start(dataDir, null)) {
      assertThat(printedIds(again.startupOutput())).isEqualTo(first);
      assertThat(again.startupOutput().lines().filter(l -> l.startsWith("  ")))
          .hasSize(3)
          .allMatch(l -> l.endsWith(" (already stored)"));
      assertThat(juspay(again, "GET", null).statusCode()).isEqualTo(200);
      assertThat(flowwise(again, PRIYA).statusCode()).isEqualTo(200);
      assertThat(airpay(again, "entity_id=customer%40gmail.com&city=Pune").statusCode())
          .isEqualTo(200);
      assertThat(
              JsonAssert.parse(
                      again.adminCall("GET", "/admin/merchants/sandbox/credentials", "").body())
                  .findValuesAsText("credential_id"))
          .hasSize(3);
    }
  }

  @Test
  void addsTheFilesKeysBesideTheRandomSandboxOfAnEarlierStart() {
    try (TestServer first = TestServer.start(dataDir)) {
      assertThat(first.startupOutput()).contains("Sandbox merchant 'sandbox' created");
    }
    try (TestServer server = start(dataDir, null)) {
      assertThat(server.startupOutput()).contains("(created)").doesNotContain("(already stored)");
      assertThat(juspay(server, "POST", JOHN).statusCode()).isEqualTo(200);
      assertThat(
              JsonAssert.parse(
                      server.adminCall("GET", "/admin/merchants/sandbox/credentials", "").body())
                  .findValuesAsText("credential_id"))
          .hasSize(7);
    }
  }

  @Test
  void letsTwoNodesStartingAtOnceOnPostgresBothServeTheKeys(@TempDir Path otherDir)
      throws Exception {
    try (TestDatabase database = TestDatabase.postgres()) {
      String dataKey =
          Base64.getEncoder().encodeToString(io.clientele.merchant.Secrets.randomBytes(32));
      Files.writeString(dataDir.resolve("data-key"), dataKey);
      Files.writeString(otherDir.resolve("data-key"), dataKey);
      CyclicBarrier together = new CyclicBarrier(2);
      List<CompletableFuture<TestServer>> starting = new ArrayList<>();
      for (Path dir : List.of(dataDir, otherDir)) {
        starting.add(
            CompletableFuture.supplyAsync(
                () -> {
                  await(together);
                  return start(dir, database);
                }));
      }
      try (TestServer a = starting.get(0).join();
          TestServer b = starting.get(1).join()) {
        Map<String, String> idsA = printedIds(a.startupOutput());
        Map<String, String> idsB = printedIds(b.startupOutput());

        assertThat(idsA).containsOnlyKeys("juspay", "flowwise", "airpay").isEqualTo(idsB);
        for (String dialect : idsA.keySet()) {
          assertThat(
                  List.of(a.startupOutput(), b.startupOutput()).stream()
                      .filter(o -> o.contains("  " + dialect) && createdLine(o, dialect)))
              .as(dialect + " created by exactly one node")
              .hasSize(1);
        }
        assertThat(juspay(a, "POST", JOHN).statusCode()).isEqualTo(200);
        assertThat(juspay(b, "GET", null).statusCode()).isEqualTo(200);
        assertThat(airpay(b, "entity_id=customer%40gmail.com&city=Pune").statusCode())
            .isEqualTo(200);
        assertThat(database.query("select count(*) from credentials")).containsExactly("3");
        assertThat(database.query("select id from merchants")).containsExactly("sandbox");
      }
    }
  }

  private static boolean createdLine(String output, String dialect) {
    return output
        .lines()
        .anyMatch(l -> l.startsWith(String.format("  %-9s", dialect)) && l.endsWith(" (created)"));
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void seedsInTheJsonLogFormatWithOneWarningAndNothingOnStandardOutput() {
    try (io.clientele.testing.LogCapture startup =
            new io.clientele.testing.LogCapture("clientele.startup");
        TestServer server =
            TestServer.start(
                dataDir, null, Map.of("sandbox-keys", EXAMPLE.toString(), "log-format", "json"))) {
      assertThat(server.startupOutput()).isEmpty();
      assertThat(startup.linesAtLeast(ch.qos.logback.classic.Level.INFO))
          .containsExactly(
              "WARN clientele.startup sandbox keys of merchant 'sandbox' from "
                  + EXAMPLE
                  + " seeded (3 credentials): public test credentials, usable by anyone who has"
                  + " the file; never seed them into a production database");
      assertThat(juspay(server, "GET", null).statusCode()).isEqualTo(200);
    }
  }
}
