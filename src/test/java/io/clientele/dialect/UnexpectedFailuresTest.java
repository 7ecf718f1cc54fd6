package io.clientele.dialect;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.server.ApiServer;
import io.clientele.testing.LogCapture;
import io.clientele.testing.RawHttp;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An exception no renderer expects, here a database gone from under a running server, answers in
 * each route family's own 500 shape with nothing of the failure on the wire, and is logged as one
 * line quoting the response's request id.
 */
class UnexpectedFailuresTest {
  static final Pattern REQUEST_ID = Pattern.compile("(?mi)^x-request-id: ([0-9a-f-]+)");

  static TestDatabase database;
  static TestServer server;

  @BeforeAll
  static void startAndLoseTheDatabase() throws Exception {
    database = TestDatabase.h2();
    server = TestServer.startInTemporaryDir(database.config());
    try (Connection connection = DriverManager.getConnection(database.config().url());
        Statement statement = connection.createStatement()) {
      statement.execute("drop all objects");
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    database.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET | /customers/cst_aaaaaaaaaaaaaaaa | /customers/{customer_id} | find credential"
            + " | juspay/internal-error.json",
        "POST | /customers | /customers | find credential | juspay/internal-error.json",
        "PUT | /router/customer/c1 | /router/customer/{customer_id} | find credential"
            + " | flowwise/update-failed.json",
        "DELETE | /router/customer/c1 | /router/customer/{customer_id} | find credential"
            + " | flowwise/delete-failed.json",
        "POST | /airpay/ms/cards/api/update-customer | /airpay/ms/cards/api/update-customer"
            + " | find credential | airpay/fail-500.json",
        "GET | /admin/merchants | /admin/merchants | read merchants | admin/internal-error.json"
      })
  void answersTheFamilysOwn500AndLogsOneLineWithTheRequestId(
      String method, String path, String route, String operation, String expected) {
    try (LogCapture log = new LogCapture(ApiServer.class.getName())) {
      String answer =
          RawHttp.exchange(
              server.http("/").getPort(),
              method
                  + " "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                  + server.sandboxCredentialHeaders(path)
                  + "Content-Length: 0\r\n\r\n");

      Matcher id = REQUEST_ID.matcher(answer);
      assertThat(id.find()).as(answer).isTrue();
      assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 500 Server Error");
      assertJson(RawHttp.body(answer), fixture(expected).replace("<uuid>", id.group(1)));
      assertThat(log.lines())
          .containsExactly(
              "request_id="
                  + id.group(1)
                  + " route="
                  + route
                  + " unexpected io.clientele.storage.StorageException: "
                  + operation
                  + " failed: SQLState 42S04");
    }
  }
}
