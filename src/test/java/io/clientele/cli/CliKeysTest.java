package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import io.clientele.vault.MasterKeys;
import io.clientele.vault.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clientele keys show | rotate} against a real server. Row locks the test holds on the
 * merchant's customers stop the server's rotation where the test wants to look at it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliKeysTest {
  static final String MASTER_ID = MasterKeys.of(TestKeys.bytes(9)).currentId();
  static final int CUSTOMERS = 1200;

  @TempDir static Path dir;
  TestDatabase database;
  TestServer server;

  @BeforeAll
  void start() throws IOException {
    database = TestDatabase.h2();
    Path masterKey = dir.resolve("master.key");
    Files.writeString(masterKey, java.util.Base64.getEncoder().encodeToString(TestKeys.bytes(9)));
    server =
        TestServer.startInTemporaryDir(
            database.config(), Map.of("master-key-file", masterKey.toString()));
    for (String merchant : List.of("m2", "m3")) {
      assertThat(
              server
                  .adminCall(
                      "POST",
                      "/admin/merchants",
                      "{\"merchant_id\":\"" + merchant + "\",\"name\":\"N\"}")
                  .statusCode())
          .isEqualTo(201);
    }
    importCustomers("m2", 2);
  }

  @AfterAll
  void stop() {
    server.close();
    database.close();
  }

  void importCustomers(String merchant, int count) {
    importCustomers(server, merchant, count);
  }

  static void importCustomers(TestServer server, String merchant, int count) {
    for (int from = 0; from < count; from += 600) {
      StringBuilder rows = new StringBuilder();
      for (int i = from; i < Math.min(count, from + 600); i++) {
        rows.append(rows.isEmpty() ? "" : ",")
            .append("{\"reference\":\"r-")
            .append(i)
            .append("\",\"first_name\":\"N")
            .append(i)
            .append("\"}");
      }
      HttpResponse<String> imported =
          server.adminCall(
              "POST",
              "/admin/merchants/" + merchant + "/customers/import",
              "{\"customers\":[" + rows + "]}");
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    }
  }

  String[] withServer(String... args) {
    return withServer(server, args);
  }

  static String[] withServer(TestServer server, String... args) {
    return CliRun.with(
        args, "--server", server.http("").toString(), "--admin-token", TestServer.ADMIN_TOKEN);
  }

  CliRun admin(String... args) {
    return CliRun.run(Map.of(), withServer(args));
  }

  /**
   * Locks the merchant's customers from the {@code from}-th to before the {@code to}-th by id (the
   * rotation's order), in a transaction of its own, until the connection rolls back.
   */
  static Connection lock(TestDatabase database, String merchant, int from, int to)
      throws SQLException {
    List<String> ids =
        database.query(
            "select id from customers where merchant_id = '" + merchant + "' order by id");
    Connection connection =
        DriverManager.getConnection(
            database.config().url(), database.config().user(), database.config().password());
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement
          .executeQuery(
              "select id from customers where merchant_id = '"
                  + merchant
                  + "' and id >= '"
                  + ids.get(from)
                  + "' and id <= '"
                  + ids.get(Math.min(to, ids.size()) - 1)
                  + "' for update")
          .close();
    }
    return connection;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void showsTheVersionsOfAMerchantThatNeverRotated() {
    assertThat(admin("keys", "show", "m3"))
        .isEqualTo(
            CliRun.success(
                CliRun.aligned(
                    List.of(
                        List.of(
                            "MERCHANT",
                            "VERSION",
                            "VERSIONS",
                            "MASTER KEY",
                            "ROTATION",
                            "RE-WRAPPED"),
                        List.of("m3", "1", "1", MASTER_ID, "none", "-")))));
  }

  @Test
  void showsTheKeysAsTheAdminApisJsonWithJson() {
    assertThat(admin("keys", "show", "m3", "--json"))
        .isEqualTo(
            CliRun.success(
                "{\"merchant_id\":\"m3\",\"data_key_version\":1,\"data_key_versions\":[1],"
                    + "\"master_key_id\":\""
                    + MASTER_ID
                    + "\",\"rotation\":null}\n"));
  }

  @Test
  void reportsAnUnknownMerchant() {
    assertThat(admin("keys", "show", "m9"))
        .isEqualTo(CliRun.failure("clientele: merchant_not_found: No merchant with id m9\n"));
  }

  /**
   * Each batch waits for the locks the test holds on its rows, so the command sees the rotation at
   * exactly 500 and at 1000 customers, whenever its polls fall.
   */
  @Test
  void followsTheRotationToTheEndPrintingAProgressLineAtEachTenth() throws Exception {
    try (TestDatabase postgres = TestDatabase.postgres();
        TestServer onPostgres =
            TestServer.startInTemporaryDir(
                postgres.config(),
                Map.of("master-key-file", dir.resolve("master.key").toString()))) {
      onPostgres.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"N\"}");
      importCustomers(onPostgres, "m1", CUSTOMERS);
      followsTheRotation(postgres, onPostgres);
    }
  }

  private void followsTheRotation(TestDatabase postgres, TestServer onPostgres) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<Integer> code;
    try (Connection firstBatch = lock(postgres, "m1", 0, 500);
        Connection secondBatch = lock(postgres, "m1", 500, 1000);
        Connection rest = lock(postgres, "m1", 1000, CUSTOMERS)) {
      code =
          CompletableFuture.supplyAsync(
              () ->
                  Cli.run(
                      withServer(onPostgres, "keys", "rotate", "m1", "--progress", "lines"),
                      new PrintStream(out, true, StandardCharsets.UTF_8),
                      new PrintStream(err, true, StandardCharsets.UTF_8),
                      Map.of()));
      await(
          "the rotation started",
          () ->
              postgres
                  .query("select count(*) from key_rotations where merchant_id = 'm1'")
                  .equals(List.of("1")));
      firstBatch.rollback();
      await(
          "the command saw the first batch",
          () -> err.toString(StandardCharsets.UTF_8).contains("re-wrapped 500 of"));
      secondBatch.rollback();
      await(
          "the command saw the second batch",
          () -> err.toString(StandardCharsets.UTF_8).contains("re-wrapped 1000 of"));
      rest.rollback();
    }

    assertThat(code.get(60, TimeUnit.SECONDS)).isZero();
    assertThat(
            err.toString(StandardCharsets.UTF_8)
                .replaceAll(", [^,]+ rows/s, ETA [^\\n]+", ", <rate> rows/s, ETA <eta>"))
        .isEqualTo(
            "re-wrapped 500 of 1200 rows (41%), <rate> rows/s, ETA <eta>\n"
                + "re-wrapped 1000 of 1200 rows (83%), <rate> rows/s, ETA <eta>\n");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            CliRun.aligned(
                List.of(
                    List.of(
                        "MERCHANT", "VERSION", "VERSIONS", "MASTER KEY", "ROTATION", "RE-WRAPPED"),
                    List.of("m1", "2", "2", MASTER_ID, "to 2, finished", "1200/1200"))));
    assertThat(
            postgres.query(
                "select key_version, count(*) from customers where merchant_id = 'm1'"
                    + " group by key_version"))
        .containsExactly("2|" + CUSTOMERS);
  }

  @Test
  void returnsOnceTheRotationStartedWithNoWait() throws Exception {
    CliRun run;
    try (Connection all = lock(database, "m2", 0, 2)) {
      run = admin("keys", "rotate", "m2", "--no-wait", "--progress", "lines");
      all.rollback();
    }

    assertThat(run)
        .isEqualTo(
            CliRun.success(
                CliRun.aligned(
                    List.of(
                        List.of(
                            "MERCHANT",
                            "VERSION",
                            "VERSIONS",
                            "MASTER KEY",
                            "ROTATION",
                            "RE-WRAPPED"),
                        List.of("m2", "2", "1,2", MASTER_ID, "to 2, running", "0/2")))));
    await(
        "the server finished the rotation on its own",
        () ->
            database
                .query("select finished_at is not null from key_rotations where merchant_id = 'm2'")
                .equals(List.of("TRUE")));
    assertThat(admin("keys", "show", "m2", "--json").out()).contains("\"data_key_versions\":[2]");
  }
}
