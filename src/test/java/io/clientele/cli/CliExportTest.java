package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.io.IOException;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code customers export}: every live customer of a merchant into a file that appears whole or not
 * at all, resumed after an interruption; and back again through {@code customers import}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliExportTest {
  static final AdminClient.Retry QUICKLY =
      new AdminClient.Retry(4, java.time.Duration.ofMillis(1), java.time.Duration.ofSeconds(60));

  TestServer server;
  @TempDir Path dir;

  @BeforeAll
  void startAndWriteCustomersThroughEveryDialect() throws IOException {
    server = TestServer.startInTemporaryDir(null);
    writeThroughEveryDialect(server);
    createMerchant(server, "big");
    List<String> rows = new ArrayList<>();
    for (int i = 1; i <= 2500; i++) {
      rows.add(
          String.format(
              "{\"reference\":\"big-%04d\",\"name\":\"Customer %d\",\"email\":\"c%d@example.com\"}",
              i, i, i));
      if (rows.size() == 1000 || i == 2500) {
        HttpResponse<String> imported =
            server.adminCall(
                "POST",
                "/admin/merchants/big/customers/import",
                "{\"customers\":[" + String.join(",", rows) + "]}");
        assertThat(imported.body()).startsWith("{\"created\":" + rows.size() + ",");
        rows.clear();
      }
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /**
   * Three customers of the sandbox merchant: one written the Juspay way, one the Flowwise way in a
   * project with quotes in its name and a comma in its address, one created by Juspay and given an
   * address by Airpay; a fourth erased, which no export shows.
   */
  static void writeThroughEveryDialect(TestServer server) {
    juspay(
        server,
        "object_reference_id=juspay-0001&first_name=Asha&last_name=Rao"
            + "&email_address=asha%40example.com&mobile_country_code=65&mobile_number=99887766");
    HttpResponse<String> flowwise =
        server.send(
            HttpRequest.newBuilder(server.http("/router/customer"))
                .header("x-client-id", server.sandbox("client_id"))
                .header("x-client-secret", server.sandbox("client_secret"))
                .header("Content-Type", "application/json")
                .POST(
                    BodyPublishers.ofString(
                        "{\"customer_id\":\"flowwise-0001\",\"scope\":\"PROJECT\",\"name\":\"Ravi \\\"RK\\\" Kumar\","
                            + "\"phone\":\"+919876543210\",\"address\":\"1 Beach Road, Kochi\"}"))
                .build());
    assertThat(flowwise.statusCode()).as(flowwise.body()).isEqualTo(200);
    juspay(server, "object_reference_id=airpay-0001&first_name=Meera&mobile_number=9000000003");
    HttpResponse<String> airpay =
        server.send(
            HttpRequest.newBuilder(server.http("/airpay/ms/cards/api/update-customer"))
                .header("token", server.sandbox("token"))
                .header(
                    "checksum",
                    io.clientele.dialect.airpay.Checksum.of(
                        List.of("airpay-0001", "Flat 4", "Kochi", "Kerala", "India", "682001"),
                        server.sandbox("secret_key")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    BodyPublishers.ofString(
                        "entity_id=airpay-0001&address=Flat%204&city=Kochi&state=Kerala"
                            + "&country=India&pincode=682001"))
                .build());
    assertThat(airpay.statusCode()).as(airpay.body()).isEqualTo(200);
    juspay(server, "object_reference_id=erased-0001&mobile_number=9000000009");
    HttpResponse<String> erased =
        server.send(
            HttpRequest.newBuilder(server.http("/router/customer/erased-0001"))
                .header("x-client-id", server.sandbox("client_id"))
                .header("x-client-secret", server.sandbox("client_secret"))
                .DELETE()
                .build());
    assertThat(erased.statusCode()).isEqualTo(204);
  }

  static void juspay(TestServer server, String form) {
    String key = server.sandbox("api_key");
    HttpResponse<String> created =
        server.send(
            HttpRequest.newBuilder(server.http("/customers"))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form))
                .build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
  }

  static void createMerchant(TestServer server, String merchant) {
    assertThat(
            server
                .adminCall(
                    "POST",
                    "/admin/merchants",
                    "{\"merchant_id\":\"" + merchant + "\",\"name\":\"" + merchant + "\"}")
                .statusCode())
        .isEqualTo(201);
  }

  CliRun admin(String... args) {
    return through(server.http("").toString(), args);
  }

  /** A command sent to the server at {@code serverUrl}, such as a proxy in front of it. */
  CliRun through(String serverUrl, String... args) {
    return CliRun.run(
        Map.of(),
        QUICKLY,
        CliRun.with(args, "--server", serverUrl, "--admin-token", TestServer.ADMIN_TOKEN));
  }

  /** Every live customer of the merchant as the API answers them, in id order. */
  List<JsonNode> customers(String merchant) {
    List<JsonNode> all = new ArrayList<>();
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
      page.get("customers").forEach(all::add);
      cursor = page.get("next_cursor").textValue();
    } while (cursor != null);
    return all;
  }

  /** The JSON Lines an export of the merchant must write: the API's objects, one a line. */
  String jsonLines(String merchant) {
    StringBuilder lines = new StringBuilder();
    customers(merchant).forEach(customer -> lines.append(customer).append('\n'));
    return lines.toString();
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** The summary with this run's time and rate, which no test can know, as placeholders. */
  static String timeless(String summary) {
    return summary
        .replaceAll(" in [0-9]+\\.[0-9]{2} s, [0-9]+ rows/s", " in <s> s, <r> rows/s")
        .replaceAll("\"seconds\":[0-9.E-]+,\"rows_per_second\":[0-9]+", "\"seconds\":<s>,<r>");
  }

  @Test
  void exportsEveryLiveCustomerAsTheApisJsonOneALine() throws IOException {
    Path file = dir.resolve("sandbox.jsonl");

    CliRun run = admin("customers", "export", "sandbox", "--output", file.toString());

    assertThat(run.code()).isZero();
    assertThat(timeless(run.out()))
        .isEqualTo(
            "Exported 3 customers of sandbox to " + file + " (jsonl) in <s> s, <r> rows/s.\n");
    assertThat(run.err()).isEmpty();
    assertThat(read(file)).isEqualTo(jsonLines("sandbox"));
    assertThat(read(file).lines().map(line -> JsonAssert.parse(line).get("reference").textValue()))
        .containsExactlyInAnyOrder("juspay-0001", "flowwise-0001", "airpay-0001");
    assertThat(Files.list(dir).map(Path::getFileName).map(Path::toString))
        .containsExactly("sandbox.jsonl");
  }

  @Test
  void exportsEveryLiveCustomerAsCsvWithTheNeutralFieldsAsHeader() throws IOException {
    Path file = dir.resolve("sandbox.csv");

    CliRun run = admin("customers", "export", "sandbox", "--output", file.toString());

    assertThat(timeless(run.out()))
        .isEqualTo("Exported 3 customers of sandbox to " + file + " (csv) in <s> s, <r> rows/s.\n");
    StringBuilder expected =
        new StringBuilder(
            "customer_id,reference,project_id,scope,first_name,last_name,name,email,"
                + "mobile_country_code,mobile_number,address,city,state,country,pincode,metadata,"
                + "created_at,updated_at,version\r\n");
    for (JsonNode customer : customers("sandbox")) {
      String id = customer.get("customer_id").textValue();
      String times =
          customer.get("created_at").textValue() + "," + customer.get("updated_at").textValue();
      expected.append(
          switch (customer.get("reference").textValue()) {
            case "juspay-0001" ->
                id
                    + ",juspay-0001,,GLOBAL,Asha,Rao,,asha@example.com,65,99887766,"
                    + ",,,,,,"
                    + times
                    + ",1\r\n";
            case "flowwise-0001" ->
                id
                    + ",flowwise-0001,"
                    + customer.get("project_id").textValue()
                    + ",PROJECT,,,\"Ravi \"\"RK\"\" Kumar\",,91,9876543210,\"1 Beach Road, Kochi\",,,,,,"
                    + times
                    + ",1\r\n";
            default ->
                id
                    + ",airpay-0001,,GLOBAL,Meera,,,,91,9000000003,Flat 4,Kochi,Kerala,India,682001,,"
                    + times
                    + ",2\r\n";
          });
    }
    assertThat(read(file)).isEqualTo(expected.toString());
  }

  @Test
  void writesTheHeaderAloneForAMerchantWithoutCustomers() throws IOException {
    createMerchant(server, "empty");
    Path csv = dir.resolve("empty.csv");
    Path jsonl = dir.resolve("empty.jsonl");

    assertThat(admin("customers", "export", "empty", "--output", csv.toString()).code()).isZero();
    assertThat(admin("customers", "export", "empty", "--output", jsonl.toString()).code()).isZero();

    assertThat(read(csv))
        .isEqualTo(
            "customer_id,reference,project_id,scope,first_name,last_name,name,email,"
                + "mobile_country_code,mobile_number,address,city,state,country,pincode,metadata,"
                + "created_at,updated_at,version\r\n");
    assertThat(read(jsonl)).isEmpty();
  }

  @Test
  void summarisesAsOneJsonObjectWithJson() throws IOException {
    Path file = dir.resolve("big.jsonl");

    CliRun run = admin("customers", "export", "big", "--output", file.toString(), "--json");

    assertThat(run.code()).isZero();
    assertThat(timeless(run.out()))
        .isEqualTo(
            "{\"merchant\":\"big\",\"file\":\""
                + file
                + "\",\"format\":\"jsonl\",\"customers\":2500,\"resumed_at_row\":null,"
                + "\"rows\":2500,\"seconds\":<s>,<r>}\n");
    assertThat(read(file)).isEqualTo(jsonLines("big"));
  }

  @Test
  void refusesToReplaceAFileUnlessForced() throws IOException {
    Path file = Files.writeString(dir.resolve("kept.csv"), "mine\n");

    CliRun refused = admin("customers", "export", "sandbox", "--output", file.toString());

    assertThat(refused)
        .isEqualTo(
            new CliRun(
                2,
                "",
                "clientele: "
                    + file
                    + " exists; pass --force to replace it, or name another file\n"));
    assertThat(read(file)).isEqualTo("mine\n");

    CliRun forced = admin("customers", "export", "sandbox", "--output", file.toString(), "--force");

    assertThat(forced.code()).isZero();
    assertThat(read(file)).startsWith("customer_id,reference,");
  }

  @Test
  void refusesAFileNameThatSaysNoFormat() {
    assertThat(admin("customers", "export", "sandbox", "--output", "out.json"))
        .isEqualTo(
            new CliRun(
                2,
                "",
                "clientele: cannot tell the format of out.json from its name; name it .jsonl or"
                    + " .csv, or pass --format jsonl|csv\n"));
  }

  @Test
  void leavesNothingBehindWhenTheMerchantIsUnknown() throws IOException {
    Path file = dir.resolve("nobody.csv");

    assertThat(admin("customers", "export", "nobody", "--output", file.toString()))
        .isEqualTo(CliRun.failure("clientele: merchant_not_found: No merchant with id nobody\n"));
    assertThat(Files.list(dir)).isEmpty();
  }

  @Test
  void resumesAnInterruptedExportWhereItsStateSays() throws IOException {
    Path file = dir.resolve("big.csv");
    try (FlakyProxy proxy = FlakyProxy.to(server.http(""))) {
      proxy.fail(n -> n == 1 ? FlakyProxy.Fate.PASS : FlakyProxy.Fate.REFUSE);

      CliRun cut =
          through(
              proxy.uri().toString(),
              "customers",
              "export",
              "big",
              "--output",
              file.toString(),
              "--progress",
              "none");

      String unavailable =
          proxy.uri() + " answered HTTP 503 unavailable: the proxy fails on purpose";
      assertThat(cut)
          .isEqualTo(
              CliRun.failure(
                  "clientele: "
                      + unavailable
                      + "; try 2 of 4 in 1 ms\n"
                      + "clientele: "
                      + unavailable
                      + "; try 3 of 4 in 2 ms\n"
                      + "clientele: "
                      + unavailable
                      + "; try 4 of 4 in 4 ms\n"
                      + "clientele: "
                      + unavailable
                      + " (4 tries)\n"
                      + "clientele: "
                      + file
                      + ".part holds the 1000 customers exported so far; run the same command"
                      + " again to go on from there\n"));
      assertThat(Files.exists(file)).isFalse();
      List<JsonNode> customers = customers("big");
      assertThat(read(file + ".part").lines()).hasSize(1001);
      assertThat(read(file + ".export-state"))
          .isEqualTo(
              "{\"merchant\":\"big\",\"format\":\"csv\",\"cursor\":\""
                  + customers.get(999).get("customer_id").textValue()
                  + "\",\"done\":false,\"bytes\":"
                  + Files.size(Path.of(file + ".part"))
                  + ",\"rows\":1000}");
      // A killed run may have written part of the next page after its last state.
      Files.writeString(
          Path.of(file + ".part"), "cst_half,written", java.nio.file.StandardOpenOption.APPEND);
      proxy.fail(n -> FlakyProxy.Fate.PASS);
      proxy.clearLog();

      CliRun resumed =
          through(
              proxy.uri().toString(),
              "customers",
              "export",
              "big",
              "--output",
              file.toString(),
              "--progress",
              "none");

      assertThat(timeless(resumed.out()))
          .isEqualTo(
              "Exported 2500 customers of big to "
                  + file
                  + " (csv, resumed at row 1000) in <s> s, <r> rows/s.\n");
      assertThat(resumed.err()).isEmpty();
      assertThat(proxy.log())
          .containsExactly(
              "PASS GET /admin/merchants/big/customers?limit=1000&cursor="
                  + customers.get(999).get("customer_id").textValue(),
              "PASS GET /admin/merchants/big/customers?limit=1000&cursor="
                  + customers.get(1999).get("customer_id").textValue());
    }
    Path clean = dir.resolve("clean.csv");
    assertThat(admin("customers", "export", "big", "--output", clean.toString()).code()).isZero();
    assertThat(read(file)).isEqualTo(read(clean));
    assertThat(Files.list(dir).map(Path::getFileName).map(Path::toString))
        .containsExactlyInAnyOrder("big.csv", "clean.csv");
  }

  private static String read(String file) throws IOException {
    return read(Path.of(file));
  }

  @Test
  void renamesThePartOfAnExportKilledAfterItsLastPageWithoutAskingAgain() throws IOException {
    Path file = dir.resolve("done.jsonl");
    String lines = jsonLines("sandbox");
    Files.writeString(Path.of(file + ".part"), lines + "{\"customer_id\":\"cst_half");
    Files.writeString(
        Path.of(file + ".export-state"),
        "{\"merchant\":\"sandbox\",\"format\":\"jsonl\",\"cursor\":null,\"done\":true,"
            + "\"bytes\":"
            + lines.getBytes(StandardCharsets.UTF_8).length
            + ",\"rows\":3}");
    try (FlakyProxy proxy = FlakyProxy.to(server.http(""))) {
      CliRun run =
          through(
              proxy.uri().toString(),
              "customers",
              "export",
              "sandbox",
              "--output",
              file.toString());

      assertThat(timeless(run.out()))
          .isEqualTo(
              "Exported 3 customers of sandbox to "
                  + file
                  + " (jsonl, resumed at row 3) in <s> s, <r> rows/s.\n");
      assertThat(proxy.log()).isEmpty();
    }
    assertThat(read(file)).isEqualTo(lines);
    assertThat(Files.list(dir).map(Path::getFileName).map(Path::toString))
        .containsExactly("done.jsonl");
  }

  @Test
  void refusesToResumeAnInterruptedExportAsAnotherFormatOrMerchant() throws IOException {
    Path file = dir.resolve("big.csv");
    Files.writeString(Path.of(file + ".part"), "customer_id\r\n");
    Files.writeString(
        Path.of(file + ".export-state"),
        "{\"merchant\":\"big\",\"format\":\"csv\",\"cursor\":null,\"done\":false,"
            + "\"bytes\":13,\"rows\":0}");
    String refusal =
        "clientele: "
            + file
            + ".part is an interrupted export of merchant big as csv; export big with --format"
            + " csv to finish it, or delete "
            + file
            + ".part and "
            + file
            + ".export-state to start over\n";

    assertThat(
            admin("customers", "export", "big", "--output", file.toString(), "--format", "jsonl"))
        .isEqualTo(new CliRun(2, "", refusal));
    assertThat(admin("customers", "export", "sandbox", "--output", file.toString()))
        .isEqualTo(new CliRun(2, "", refusal));
    assertThat(read(file + ".part")).isEqualTo("customer_id\r\n");
  }

  @Test
  void exportsAndImportsBackEveryDialectsCustomersExactlyAsCsvAndAsJsonLines() throws IOException {
    for (String format : List.of("csv", "jsonl")) {
      String copy = "copy-" + format;
      createMerchant(server, copy);
      Path exported = dir.resolve("sandbox." + format);
      Path again = dir.resolve(copy + "." + format);
      assertThat(admin("customers", "export", "sandbox", "--output", exported.toString()).code())
          .isZero();

      CliRun imported =
          admin("customers", "import", copy, exported.toString(), "--progress", "none");

      assertThat(timeless(imported.out()))
          .isEqualTo(
              "Imported "
                  + exported
                  + " into "
                  + copy
                  + ": 3 created, 0 unchanged, 0 rejected; 3 rows in <s> s, <r> rows/s.\n");
      assertThat(imported.err()).isEmpty();
      assertThat(admin("customers", "export", copy, "--output", again.toString()).code()).isZero();
      assertThat(withoutUpdates(read(again))).isEqualTo(withoutUpdates(read(exported)));
      assertThat(read(again)).isNotEqualTo(read(exported));
    }
  }

  /**
   * The file without what an import makes anew (the update time and version), in either format:
   * ids, values and creation times must come back as they were.
   */
  static String withoutUpdates(String file) {
    return file.replaceAll(
            "\"updated_at\":\"[^\"]+\",\"version\":[0-9]+", "\"updated_at\":…,\"version\":…")
        .replaceAll("(Z,)[0-9T:Z-]+,[0-9]+\r\n", "$1…,…\r\n");
  }
}
