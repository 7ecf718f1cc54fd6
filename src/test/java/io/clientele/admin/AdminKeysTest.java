package io.clientele.admin;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import io.clientele.vault.MasterKeys;
import io.clientele.vault.TestKeys;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Showing a merchant's data keys and rotating them through the admin API. */
class AdminKeysTest {
  static final String MASTER_ID = MasterKeys.of(TestKeys.bytes(9)).currentId();

  @TempDir Path dataDir;
  @TempDir Path keys;
  TestDatabase database;
  TestServer server;

  TestDatabase.Engine engine() {
    return TestDatabase.Engine.H2;
  }

  @BeforeEach
  void start() throws IOException {
    database = TestDatabase.create(engine());
    Path masterKey = keys.resolve("master.key");
    Files.writeString(masterKey, Base64.getEncoder().encodeToString(TestKeys.bytes(9)) + "\n");
    server =
        TestServer.start(
            dataDir, database.config(), Map.of("master-key-file", masterKey.toString()));
    server.adminCall("POST", "/admin/merchants", AdminApiTest.M1);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (database != null) {
      database.close();
    }
  }

  HttpResponse<String> keys(String merchantId) {
    return server.adminCall("GET", "/admin/merchants/" + merchantId + "/keys", "");
  }

  HttpResponse<String> rotate(String merchantId) {
    return server.adminCall("POST", "/admin/merchants/" + merchantId + "/keys/rotate", "");
  }

  static String view(String merchantId, int version, String versions, String rotation) {
    return "{\"merchant_id\":\""
        + merchantId
        + "\",\"data_key_version\":"
        + version
        + ",\"data_key_versions\":"
        + versions
        + ",\"master_key_id\":\""
        + MASTER_ID
        + "\",\"rotation\":"
        + rotation
        + "}";
  }

  static String rotation(String state, int rewrapped, int total) {
    return "{\"to_version\":2,\"state\":\""
        + state
        + "\",\"customers_rewrapped\":"
        + rewrapped
        + ",\"customers_total\":"
        + total
        + ",\"started_at\":\"<instant>\",\"finished_at\":"
        + (state.equals("running") ? "null" : "\"<instant>\"")
        + "}";
  }

  /** Creates sandbox customers through the Juspay dialect; answers their ids. */
  List<String> createCustomers(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      HttpResponse<String> created =
          juspay(
              "POST",
              "/customers",
              "object_reference_id=customer-"
                  + i
                  + "&mobile_number=98765432"
                  + (10 + i)
                  + "&email_address=c"
                  + i
                  + "%40example.com&first_name=Name"
                  + i);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      ids.add(JsonAssert.parse(created.body()).get("id").textValue());
    }
    return ids;
  }

  HttpResponse<String> juspay(String method, String path, String form) {
    String key = server.sandbox("api_key");
    return server.send(
        HttpRequest.newBuilder(server.http(path))
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, BodyPublishers.ofString(form))
            .build());
  }

  /** Each customer's Juspay answer, by id. */
  Map<String, String> readThroughJuspay(List<String> ids) {
    Map<String, String> bodies = new LinkedHashMap<>();
    for (String id : ids) {
      HttpResponse<String> read = juspay("GET", "/customers/" + id, "");
      assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
      bodies.put(id, read.body());
    }
    return bodies;
  }

  /**
   * Holds a lock on every sandbox customer row, so a started rotation cannot re-wrap any until the
   * lock is released: the test then sees it running, however fast the server is.
   */
  Connection lockCustomers() throws SQLException {
    Connection connection =
        DriverManager.getConnection(
            database.config().url(), database.config().user(), database.config().password());
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.executeQuery("select id from customers where merchant_id = 'sandbox' for update");
    }
    return connection;
  }

  HttpResponse<String> waitUntilFinished(String merchantId) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      HttpResponse<String> shown = keys(merchantId);
      if (JsonAssert.parse(shown.body()).path("rotation").path("state").asText().equals("finished")
          || System.nanoTime() > deadline) {
        return shown;
      }
      Thread.sleep(50);
    }
  }

  @Test
  void showsVersionOneAndNoRotationForAMerchantThatNeverRotated() {
    HttpResponse<String> response = keys("m1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonAssert.assertJsonText(response.body(), view("m1", 1, "[1]", "null"));
  }

  @Test
  void answersHeadOnTheKeysLikeGetWithoutABody() {
    HttpResponse<String> response =
        server.send(
            server
                .admin("/admin/merchants/m1/keys")
                .method("HEAD", BodyPublishers.noBody())
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"GET, /admin/merchants/nobody/keys", "POST, /admin/merchants/nobody/keys/rotate"})
  void answers404ForTheKeysOfAnUnknownMerchant(String method, String path) {
    HttpResponse<String> response = server.adminCall(method, path, "");

    assertThat(response.statusCode()).isEqualTo(404);
    assertJson(response.body(), fixture("admin/merchant-not-found.json"));
    assertThat(database.query("select count(*) from merchant_keys where merchant_id = 'nobody'"))
        .containsExactly("0");
  }

  @ParameterizedTest
  @CsvSource({"GET, /admin/merchants/m1/keys", "POST, /admin/merchants/m1/keys/rotate"})
  void rejectsTheKeysRoutesWithoutToken(String method, String path) {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.http(path))
                .method(method, BodyPublishers.noBody())
                .build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertJson(response.body(), fixture("admin/unauthorized.json"));
    assertThat(database.query("select count(*) from key_rotations")).containsExactly("0");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "DELETE | /admin/merchants/m1/keys | GET, HEAD",
        "POST | /admin/merchants/m1/keys | GET, HEAD",
        "GET | /admin/merchants/m1/keys/rotate | POST",
        "PUT | /admin/merchants/m1/keys/rotate | POST",
      })
  void refusesAMethodTheKeysRoutesDoNotServeWith405(String method, String path, String allow) {
    HttpResponse<String> response = server.adminCall(method, path, "");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue(allow);
    AdminApiTest.assertError(
        response, 405, "method_not_allowed", method + " is not served on " + path);
  }

  @Test
  void rotatesInTheBackgroundThenDestroysTheOlderVersionAndEveryCustomerReadsTheSame()
      throws Exception {
    List<String> ids = createCustomers(3);
    Map<String, String> before = readThroughJuspay(ids);

    HttpResponse<String> started;
    try (Connection lock = lockCustomers()) {
      started = rotate("sandbox");
      lock.rollback();
    }

    assertThat(started.statusCode()).isEqualTo(202);
    JsonAssert.assertJsonText(
        started.body(), view("sandbox", 2, "[1,2]", rotation("running", 0, 3)));
    HttpResponse<String> finished = waitUntilFinished("sandbox");
    assertThat(finished.statusCode()).isEqualTo(200);
    JsonAssert.assertJsonText(
        finished.body(), view("sandbox", 2, "[2]", rotation("finished", 3, 3)));
    assertThat(database.query("select version from merchant_keys where merchant_id = 'sandbox'"))
        .containsExactly("2");
    assertThat(
            database.query(
                "select key_version, count(*) from customers where merchant_id = 'sandbox'"
                    + " group by key_version"))
        .containsExactly("2|3");
    assertThat(readThroughJuspay(ids)).isEqualTo(before);
  }

  @Test
  void answersTheRunningRotationWith200WhenAskedToRotateAgain() throws Exception {
    createCustomers(2);

    HttpResponse<String> first;
    HttpResponse<String> second;
    try (Connection lock = lockCustomers()) {
      first = rotate("sandbox");
      second = rotate("sandbox");
      lock.rollback();
    }

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(second.statusCode()).isEqualTo(200);
    JsonAssert.assertJsonText(
        second.body(), view("sandbox", 2, "[1,2]", rotation("running", 0, 2)));
    assertThat(JsonAssert.parse(second.body()).at("/rotation/started_at"))
        .isEqualTo(JsonAssert.parse(first.body()).at("/rotation/started_at"));
    JsonAssert.assertJsonText(
        waitUntilFinished("sandbox").body(), view("sandbox", 2, "[2]", rotation("finished", 2, 2)));
    assertThat(database.query("select to_version from key_rotations")).containsExactly("2");
  }

  @Test
  void rotatesAgainAfterARotationFinished() throws Exception {
    assertThat(rotate("m1").statusCode()).isEqualTo(202);
    waitUntilFinished("m1");

    HttpResponse<String> again = rotate("m1");

    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(JsonAssert.parse(again.body()).at("/rotation/to_version").asInt()).isEqualTo(3);
    assertThat(JsonAssert.parse(waitUntilFinished("m1").body()).get("data_key_versions").toString())
        .isEqualTo("[3]");
  }
}
