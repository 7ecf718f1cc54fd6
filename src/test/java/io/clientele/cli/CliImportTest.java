package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code customers import}: rows in batches, each rejected row reported with its physical line and
 * reasons, and a run cut off anywhere resumed after the last acknowledged batch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliImportTest {
  static final AtomicInteger MERCHANTS = new AtomicInteger();
  static final String BAD_EMAIL =
      "email invalid_format: email must be one address: text, @, text, without spaces";

  TestServer server;
  @TempDir Path dir;

  /** A merchant of the test's own. */
  String merchant;

  @BeforeAll
  void start() {
    server = TestServer.startInTemporaryDir(null);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @BeforeEach
  void newMerchant() {
    merchant = "imp" + MERCHANTS.incrementAndGet();
    CliExportTest.createMerchant(server, merchant);
  }

  CliRun admin(String... args) {
    return through(server.http("").toString(), args);
  }

  CliRun through(String serverUrl, String... args) {
    return CliRun.run(
        Map.of(),
        CliExportTest.QUICKLY,
        CliRun.with(args, "--server", serverUrl, "--admin-token", TestServer.ADMIN_TOKEN));
  }

  Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  /** The merchant's live customers as the API answers them, by reference. */
  Map<String, JsonNode> stored() {
    Map<String, JsonNode> stored = new java.util.TreeMap<>();
    JsonNode page =
        JsonAssert.parse(
            server
                .adminCall("GET", "/admin/merchants/" + merchant + "/customers?limit=1000", "")
                .body());
    page.get("customers").forEach(c -> stored.put(c.get("reference").textValue(), c));
    return stored;
  }

  static String summary(
      Path file, String merchant, int created, int unchanged, int rejected, String rest) {
    return "Imported "
        + file
        + " into "
        + merchant
        + ": "
        + created
        + " created, "
        + unchanged
        + " unchanged, "
        + rejected
        + " rejected"
        + rest
        + " in <s> s, <r> rows/s.\n";
  }

  static CliRun timeless(CliRun run) {
    return new CliRun(run.code(), CliExportTest.timeless(run.out()), run.err());
  }

  @Test
  void importsJsonLinesReportingEachRejectedRowByLineOnStderrAndInTheRejectsFile()
      throws IOException {
    Path input =
        file(
            "in.jsonl",
            """
            {"reference":"ref-1","first_name":"Asha","email":"asha@example.com"}
            {"reference":"ref-2","email":"not an email"}

            [1,2]
            {"reference":"ref-3","nickname":"R","city":""}
            {"reference":"ref-4","customer_id":"cst_0000000000000004","created_at":"2025-01-02T03:04:05Z"}
            """);
    Path rejects = dir.resolve("rejects.jsonl");

    CliRun run =
        admin(
            "customers",
            "import",
            merchant,
            input.toString(),
            "--rejects",
            rejects.toString(),
            "--progress",
            "none");

    assertThat(timeless(run))
        .isEqualTo(
            new CliRun(
                1,
                summary(
                    input,
                    merchant,
                    2,
                    0,
                    3,
                    " (reported above on stderr and in " + rejects + "); 5 rows"),
                "line 2: ref-2: "
                    + BAD_EMAIL
                    + "\n"
                    + "line 4: -: invalid_json: not a JSON object: the line holds an array\n"
                    + "line 5: ref-3: nickname unknown_field: unknown field nickname\n"
                    + "line 5: ref-3: city empty: city must not be empty or blank\n"));
    assertThat(Files.readString(rejects))
        .isEqualTo(
            """
            {"line":2,"reference":"ref-2","errors":[{"field":"email","code":"invalid_format","message":"email must be one address: text, @, text, without spaces"}]}
            {"line":4,"reference":null,"errors":[{"field":null,"code":"invalid_json","message":"not a JSON object: the line holds an array"}]}
            {"line":5,"reference":"ref-3","errors":[{"field":"nickname","code":"unknown_field","message":"unknown field nickname"},{"field":"city","code":"empty","message":"city must not be empty or blank"}]}
            """);
    Map<String, JsonNode> stored = stored();
    assertThat(stored.keySet()).containsExactly("ref-1", "ref-4");
    assertThat(stored.get("ref-4").get("customer_id").textValue())
        .isEqualTo("cst_0000000000000004");
    assertThat(stored.get("ref-4").get("created_at").textValue()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(Files.exists(Path.of(input + ".import-state"))).isFalse();
  }

  @Test
  void importsCsvReportingTheLineEachRecordStartsOnPastAMultiLineCell() throws IOException {
    Path input =
        file(
            "in.csv",
            "reference,first_name,city,email\r\n"
                + "csv-1,Asha,Kochi,asha@example.com\r\n"
                + "csv-2,Ravi,\"Ko\r\nchi\",ravi@example.com\r\n"
                + "csv-3,Meera,Kochi,meera.example.com\r\n"
                + "csv-4,,\"Flat 4, \"\"B\"\" block\",\r\n"
                + "csv-5,X\r\n");

    CliRun run = admin("customers", "import", merchant, input.toString(), "--progress", "none");

    assertThat(timeless(run))
        .isEqualTo(
            new CliRun(
                1,
                summary(input, merchant, 2, 0, 3, " (reported above on stderr); 5 rows"),
                "line 3: csv-2: city invalid_characters: city must not hold control characters or"
                    + " unpaired surrogates\n"
                    + "line 5: csv-3: "
                    + BAD_EMAIL
                    + "\n"
                    + "line 7: csv-5: invalid_record: the record has 2 cells; the header has 4\n"));
    Map<String, JsonNode> stored = stored();
    assertThat(stored.keySet()).containsExactly("csv-1", "csv-4");
    assertThat(stored.get("csv-4").get("city").textValue()).isEqualTo("Flat 4, \"B\" block");
    assertThat(stored.get("csv-4").get("first_name").isNull()).isTrue();
  }

  @Test
  void importsTheMetadataACsvCellHoldsAsJsonAndRejectsACellThatIsNotAnObject() throws IOException {
    Path input =
        file(
            "in.csv",
            "reference,metadata\r\n"
                + "meta-1,\"{\"\"tier\"\":\"\"gold\"\",\"\"note\"\":\"\"a, b\"\"}\"\r\n"
                + "meta-2,\r\n"
                + "meta-3,gold\r\n");

    CliRun run = admin("customers", "import", merchant, input.toString(), "--progress", "none");

    assertThat(timeless(run))
        .isEqualTo(
            new CliRun(
                1,
                summary(input, merchant, 2, 0, 1, " (reported above on stderr); 3 rows"),
                "line 4: meta-3: metadata invalid_format: metadata must be a JSON object, such as"
                    + " {\"tier\":\"gold\"}\n"));
    Map<String, JsonNode> stored = stored();
    assertThat(stored.get("meta-1").get("metadata"))
        .isEqualTo(JsonAssert.parse("{\"note\":\"a, b\",\"tier\":\"gold\"}"));
    assertThat(stored.get("meta-2").get("metadata")).isEqualTo(JsonAssert.parse("{}"));
  }

  @Test
  void findsEveryRowUnchangedWhenTheSameFileIsImportedAgain() throws IOException {
    Path input =
        file(
            "in.csv",
            "reference,name,email\r\nsame-1,Asha Rao,asha@example.com\r\nsame-2,Ravi,\r\n");
    assertThat(admin("customers", "import", merchant, input.toString()).code()).isZero();

    CliRun again = admin("customers", "import", merchant, input.toString());

    assertThat(timeless(again))
        .isEqualTo(CliRun.success(summary(input, merchant, 0, 2, 0, "; 2 rows")));
  }

  @Test
  void summarisesAsOneJsonObjectWithJson() throws IOException {
    Path input = file("in.jsonl", "{\"reference\":\"j-1\"}\n{\"reference\":\"\"}\n");

    CliRun run =
        admin("customers", "import", merchant, input.toString(), "--json", "--progress", "none");

    assertThat(timeless(run))
        .isEqualTo(
            new CliRun(
                1,
                "{\"merchant\":\""
                    + merchant
                    + "\",\"file\":\""
                    + input
                    + "\",\"format\":\"jsonl\",\"created\":1,\"unchanged\":0,\"rejected\":1,"
                    + "\"rejects_file\":null,\"resumed_at_line\":null,\"rows\":2,"
                    + "\"seconds\":<s>,<r>}\n",
                "line 2: -: reference empty: reference must not be empty or blank\n"));
  }

  @Test
  void refusesACsvHeaderWithAnUnknownColumnBeforeSendingAnything() throws IOException {
    Path input = file("in.csv", "reference,nickname\r\nref-1,Ash\r\n");

    CliRun run = admin("customers", "import", merchant, input.toString());

    assertThat(run)
        .isEqualTo(
            new CliRun(
                2,
                "",
                "clientele: "
                    + input
                    + ": the header names an unknown column 'nickname'; the columns are "
                    + String.join(",", CustomerFile.COLUMNS)
                    + "\n"));
    assertThat(stored()).isEmpty();
  }

  @Test
  void refusesACsvFileThatStopsBeingCsvBeforeSendingAnything() throws IOException {
    Path input = file("in.csv", "reference\r\nref-1\r\n\"ref-2\r\nref-3\r\n");

    CliRun run = admin("customers", "import", merchant, input.toString(), "--progress", "none");

    assertThat(run)
        .isEqualTo(
            new CliRun(
                2,
                "",
                "clientele: "
                    + input
                    + " is not CSV: line 3: the quoted cell opened here is never closed\n"));
    assertThat(stored()).isEmpty();
    assertThat(Files.list(dir).map(Path::getFileName).map(Path::toString))
        .containsExactly("in.csv");
  }

  @Test
  void refusesABatchSizeTheApiDoesNotTake() throws IOException {
    Path input = file("in.jsonl", "{\"reference\":\"ref-1\"}\n");

    assertThat(admin("customers", "import", merchant, input.toString(), "--batch-rows", "1001"))
        .isEqualTo(new CliRun(2, "", "clientele: --batch-rows must be 1 to 1000; got 1001\n"));
  }

  @Test
  void sendsBatchesOfAtMostTheRowsAskedFor() throws IOException {
    List<String> rows = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      rows.add("{\"reference\":\"b-" + i + "\"}");
    }
    Path input = file("in.jsonl", String.join("\n", rows) + "\n");
    try (FlakyProxy proxy = FlakyProxy.to(server.http(""))) {
      CliRun run =
          through(
              proxy.uri().toString(),
              "customers",
              "import",
              merchant,
              input.toString(),
              "--batch-rows",
              "2",
              "--progress",
              "none");

      assertThat(timeless(run))
          .isEqualTo(CliRun.success(summary(input, merchant, 5, 0, 0, "; 5 rows")));
      String post = "PASS POST /admin/merchants/" + merchant + "/customers/import";
      assertThat(proxy.log()).containsExactly(post, post, post);
    }
  }

  @Test
  void keepsEachRequestUnder768KibOfJson() throws IOException {
    StringBuilder content = new StringBuilder();
    for (int i = 1; i <= 300; i++) {
      content.append("{\"reference\":\"w-").append(i).append('"');
      for (String field : List.of("first_name", "last_name", "name", "address")) {
        content.append(",\"").append(field).append("\":\"").append("अ".repeat(250)).append('"');
      }
      for (String field : List.of("city", "state", "country")) {
        content.append(",\"").append(field).append("\":\"").append("अ".repeat(100)).append('"');
      }
      content.append("}\n");
    }
    Path input = file("wide.jsonl", content.toString());
    assertThat(Files.size(input)).isGreaterThan(1024 * 1024);
    try (FlakyProxy proxy = FlakyProxy.to(server.http(""))) {
      CliRun run =
          through(
              proxy.uri().toString(),
              "customers",
              "import",
              merchant,
              input.toString(),
              "--progress",
              "none");

      assertThat(run.err()).isEmpty();
      assertThat(CliExportTest.timeless(run.out()))
          .isEqualTo(summary(input, merchant, 300, 0, 0, "; 300 rows"));
      assertThat(proxy.bodySizes()).hasSize(2).allMatch(size -> size <= 768 * 1024);
    }
    assertThat(stored()).hasSize(300);
  }

  /** Eight rows of which the second and sixth have a bad email. */
  Path eightRows() throws IOException {
    StringBuilder rows = new StringBuilder();
    for (int i = 1; i <= 8; i++) {
      String email = i == 2 || i == 6 ? "bad" : "r" + i + "@example.com";
      rows.append("{\"reference\":\"r-" + i + "\",\"email\":\"" + email + "\"}\n");
    }
    return file("eight.jsonl", rows.toString());
  }

  String[] importEight(Path input, Path rejects) {
    return new String[] {
      "customers",
      "import",
      merchant,
      input.toString(),
      "--batch-rows",
      "2",
      "--parallel",
      "1",
      "--rejects",
      rejects.toString(),
      "--progress",
      "none"
    };
  }

  @Test
  void recordsNoBatchAfterOneTheServerNeverAnsweredThoughItAnsweredLaterOnes() throws IOException {
    Path input = eightRows();
    Path rejects = dir.resolve("rejects.jsonl");
    Path state = Path.of(input + ".import-state");
    try (FlakyProxy proxy = FlakyProxy.to(server.http(""))) {
      proxy.failBodies(
          body -> body.contains("\"r-3\"") ? FlakyProxy.Fate.REFUSE : FlakyProxy.Fate.PASS);
      String[] parallel = importEight(input, rejects);
      parallel[Arrays.asList(parallel).indexOf("--parallel") + 1] = "2";

      CliRun cut = through(proxy.uri().toString(), parallel);

      assertThat(cut.code()).isEqualTo(1);
      assertThat(cut.err())
          .endsWith(
              "clientele: "
                  + proxy.uri()
                  + " answered HTTP 503 unavailable: the proxy fails on purpose (4 tries)\n"
                  + "clientele: stopped at line 3 of "
                  + input
                  + ": every row before it is imported; run the same command again to resume"
                  + " there\n");
      assertThat(Files.readString(state)).contains("\"line\":3,\"rows\":2,\"created\":1,");
      assertThat(stored().keySet()).contains("r-1").doesNotContain("r-3", "r-4");
      proxy.failBodies(body -> FlakyProxy.Fate.PASS);

      CliRun resumed = through(proxy.uri().toString(), parallel);

      assertThat(resumed.code()).isEqualTo(1);
      assertThat(Files.exists(state)).isFalse();
      assertThat(stored().keySet()).containsExactly("r-1", "r-3", "r-4", "r-5", "r-7", "r-8");
    }
  }

  /** Two batches acknowledged, the third carried out but its answer lost, then no more. */
  CliRun cutOffAfterTwoBatches(FlakyProxy proxy, Path input, Path rejects) {
    proxy.fail(
        n ->
            n <= 2
                ? FlakyProxy.Fate.PASS
                : n == 3 ? FlakyProxy.Fate.LOSE_ANSWER : FlakyProxy.Fate.REFUSE);
    return through(proxy.uri().toString(), importEight(input, rejects));
  }

  static String retriedUntilGivenUp(String trouble) {
    return "clientele: "
        + trouble
        + "; try 2 of 4 in 1 ms\n"
        + "clientele: "
        + trouble
        + "; try 3 of 4 in 2 ms\n"
        + "clientele: "
        + trouble
        + "; try 4 of 4 in 4 ms\n"
        + "clientele: "
        + trouble
        + " (4 tries)\n";
  }

  @Test
  void resumesAfterTheLastAcknowledgedBatchAndFindsTheLostOnesRowsUnchanged() throws IOException {
    Path input = eightRows();
    Path rejects = dir.resolve("rejects.jsonl");
    Path state = Path.of(input + ".import-state");
    try (FlakyProxy proxy = FlakyProxy.to(server.http(""))) {
      CliRun cut = cutOffAfterTwoBatches(proxy, input, rejects);

      assertThat(cut)
          .isEqualTo(
              CliRun.failure(
                  "line 2: r-2: "
                      + BAD_EMAIL
                      + "\n"
                      + retriedUntilGivenUp(
                          proxy.uri()
                              + " answered HTTP 503 unavailable: the proxy fails on purpose")
                      + "clientele: stopped at line 5 of "
                      + input
                      + ": every row before it is imported; run the same command again to"
                      + " resume there\n"));
      String firstRejection =
          "{\"line\":2,\"reference\":\"r-2\",\"errors\":[{\"field\":\"email\","
              + "\"code\":\"invalid_format\",\"message\":\"email must be one address: text, @,"
              + " text, without spaces\"}]}\n";
      assertThat(Files.readString(rejects)).isEqualTo(firstRejection);
      long offset = Files.readString(input).lines().limit(4).mapToLong(l -> l.length() + 1).sum();
      assertThat(Files.readString(state))
          .isEqualTo(
              "{\"merchant\":\""
                  + merchant
                  + "\",\"format\":\"jsonl\",\"size\":"
                  + Files.size(input)
                  + ",\"modified\":\""
                  + Files.getLastModifiedTime(input)
                  + "\",\"offset\":"
                  + offset
                  + ",\"line\":5,\"rows\":4,\"created\":3,\"unchanged\":0,\"rejected\":1,"
                  + "\"rejects\":\""
                  + rejects
                  + "\",\"rejects_bytes\":"
                  + firstRejection.length()
                  + "}");
      assertThat(stored().keySet()).containsExactly("r-1", "r-3", "r-4", "r-5");
      // A run killed between its rejects file and its state leaves lines the state does not count.
      Files.writeString(rejects, "{\"line\":6,\"refer", StandardOpenOption.APPEND);
      proxy.fail(n -> FlakyProxy.Fate.PASS);
      proxy.clearLog();

      CliRun resumed = through(proxy.uri().toString(), importEight(input, rejects));

      assertThat(timeless(resumed))
          .isEqualTo(
              new CliRun(
                  1,
                  summary(
                      input,
                      merchant,
                      5,
                      1,
                      2,
                      " (reported above on stderr and in "
                          + rejects
                          + "); resumed at line 5, 4 rows"),
                  "line 6: r-6: " + BAD_EMAIL + "\n"));
      String post = "PASS POST /admin/merchants/" + merchant + "/customers/import";
      assertThat(proxy.log()).containsExactly(post, post);
      assertThat(Files.readString(rejects))
          .isEqualTo(firstRejection + firstRejection.replace("2", "6"));
    }
    assertThat(stored().keySet()).containsExactly("r-1", "r-3", "r-4", "r-5", "r-7", "r-8");
    for (JsonNode customer : stored().values()) {
      assertThat(customer.get("version").asInt()).as(customer.toString()).isEqualTo(1);
    }
    assertThat(Files.exists(state)).isFalse();
  }

  @Test
  void refusesToResumeWhenTheInputChangedSinceTheInterruption() throws IOException {
    Path input = eightRows();
    Path rejects = dir.resolve("rejects.jsonl");
    Path state = Path.of(input + ".import-state");
    try (FlakyProxy proxy = FlakyProxy.to(server.http(""))) {
      assertThat(cutOffAfterTwoBatches(proxy, input, rejects).code()).isEqualTo(1);
    }
    long size = Files.size(input);
    String modified = Files.getLastModifiedTime(input).toString();
    Files.writeString(input, "{\"reference\":\"r-9\"}\n", StandardOpenOption.APPEND);

    CliRun refused = admin(importEight(input, rejects));

    assertThat(refused)
        .isEqualTo(
            new CliRun(
                2,
                "",
                "clientele: "
                    + input
                    + " has changed since the interrupted import recorded in "
                    + state
                    + " (it was "
                    + size
                    + " bytes, modified "
                    + modified
                    + "; it is "
                    + Files.size(input)
                    + " bytes, modified "
                    + Files.getLastModifiedTime(input)
                    + "); to import it from the top, delete "
                    + state
                    + "\n"));
    assertThat(Files.exists(state)).isTrue();
  }

  @Test
  void refusesToResumeIntoAnotherMerchant() throws IOException {
    Path input = eightRows();
    Path rejects = dir.resolve("rejects.jsonl");
    try (FlakyProxy proxy = FlakyProxy.to(server.http(""))) {
      assertThat(cutOffAfterTwoBatches(proxy, input, rejects).code()).isEqualTo(1);
    }
    String interrupted = merchant;
    newMerchant();

    CliRun refused = admin(importEight(input, rejects));

    Path state = Path.of(input + ".import-state");
    assertThat(refused)
        .isEqualTo(
            new CliRun(
                2,
                "",
                "clientele: "
                    + state
                    + " records an interrupted import of "
                    + input
                    + " into merchant "
                    + interrupted
                    + " as jsonl; resume it with that merchant and --format jsonl; to import it"
                    + " from the top, delete "
                    + state
                    + "\n"));
  }

  @Test
  void triesAGoneServerAFewTimesThenStopsSayingHowToResume() throws IOException {
    Path input = file("in.jsonl", "{\"reference\":\"ref-1\"}\n");
    String gone = "http://127.0.0.1:" + TestServer.freePort();

    CliRun run = through(gone, "customers", "import", merchant, input.toString());

    assertThat(run)
        .isEqualTo(
            CliRun.failure(
                retriedUntilGivenUp(
                        "cannot connect to " + gone + " (from --server): connection refused")
                    + "clientele: the server acknowledged no batch of "
                    + input
                    + " yet; run the same command again to start\n"));
    assertThat(Files.list(dir).map(Path::getFileName).map(Path::toString))
        .containsExactly("in.jsonl");
  }

  @Test
  void reportsAnUnknownMerchantAndLeavesNothingBehind() throws IOException {
    Path input = file("in.csv", "reference\r\nref-1\r\n");

    CliRun run = admin("customers", "import", "nobody", input.toString());

    assertThat(run)
        .isEqualTo(
            CliRun.failure(
                "clientele: merchant_not_found: No merchant with id nobody\n"
                    + "clientele: the server acknowledged no batch of "
                    + input
                    + " yet; run the same command again to start\n"));
    assertThat(Files.list(dir).map(Path::getFileName).map(Path::toString))
        .containsExactly("in.csv");
  }

  @Test
  void refusesAFileThatIsNotThere() {
    Path input = dir.resolve("missing.csv");

    assertThat(admin("customers", "import", merchant, input.toString()))
        .isEqualTo(new CliRun(2, "", "clientele: " + input + ": no such file\n"));
  }

  @Test
  void printsAProgressLineAtEachTenthWhenStderrIsNotATerminal() throws IOException {
    StringBuilder rows = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      rows.append("{\"reference\":\"p-").append(i).append("\"}\n");
    }
    Path input = file("in.jsonl", rows.toString());

    CliRun run = admin("customers", "import", merchant, input.toString(), "--batch-rows", "1");

    assertThat(run.code()).isZero();
    assertThat(run.err().replaceAll("[0-9]+ rows/s, ETA [0-9:]+", "<r> rows/s, ETA <t>"))
        .isEqualTo(
            """
            imported 1 of 10 rows (10%), <r> rows/s, ETA <t>
            imported 2 of 10 rows (20%), <r> rows/s, ETA <t>
            imported 3 of 10 rows (30%), <r> rows/s, ETA <t>
            imported 4 of 10 rows (40%), <r> rows/s, ETA <t>
            imported 5 of 10 rows (50%), <r> rows/s, ETA <t>
            imported 6 of 10 rows (60%), <r> rows/s, ETA <t>
            imported 7 of 10 rows (70%), <r> rows/s, ETA <t>
            imported 8 of 10 rows (80%), <r> rows/s, ETA <t>
            imported 9 of 10 rows (90%), <r> rows/s, ETA <t>
            """);
  }
}
