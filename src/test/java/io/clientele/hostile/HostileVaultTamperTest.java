package io.clientele.hostile;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.server.ApiServer;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.LogCapture;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One character of a stored ciphertext altered behind the server's back: every route that needs it
 * answers its family's 500, with nothing of the value, the key or the failure on the wire, and logs
 * one line naming the failure without any value.
 */
class HostileVaultTamperTest {
  static final String OPEN_FAILED =
      "unexpected io.clientele.vault.VaultException: a ciphertext does not open under its key:"
          + " wrong key or altered";

  @ParameterizedTest(name = "{0} {1}.{2} via {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "H2 | customers | personal | id | juspay",
        "H2 | customers | personal | id | admin",
        "H2 | customers | customer_key | id | juspay",
        "H2 | customer_changes | personal_values | customer_id | history",
        "H2 | merchant_keys | wrapped_key | merchant_id | juspay",
        "POSTGRES | customers | personal | id | juspay",
        "POSTGRES | customers | customer_key | id | admin",
        "POSTGRES | customer_changes | personal_values | customer_id | history",
        "POSTGRES | merchant_keys | wrapped_key | merchant_id | admin",
      })
  void anAlteredCiphertextAnswersThe500OfTheRouteFamilyAndLogsNoValue(
      TestDatabase.Engine engine, String table, String column, String keyColumn, String route)
      throws Exception {
    try (Hostile h = Hostile.start(engine)) {
      HttpResponse<String> created =
          h.juspay(
              "POST",
              "/customers",
              "object_reference_id=tampered-customer&mobile_number=9876543210"
                  + "&email_address=tampervalue%40example.com&first_name=Tampervalue");
      assertThat(created.statusCode()).isEqualTo(200);
      String id = JsonAssert.parse(created.body()).get("id").textValue();
      String key = table.equals("merchant_keys") ? "sandbox" : id;
      flipOneCharacter(h.database(), table, column, keyColumn, key);
      Thread.sleep(1100);

      try (LogCapture apiLog = new LogCapture(ApiServer.class.getName());
          LogCapture everything = LogCapture.everyLogger()) {
        HttpResponse<String> answer =
            switch (route) {
              case "juspay" -> h.juspay("GET", "/customers/" + id, null);
              case "admin" -> h.admin("GET", "/admin/merchants/sandbox/customers/" + id, "");
              default ->
                  h.admin("GET", "/admin/merchants/sandbox/customers/" + id + "/history", "");
            };
        String requestId = answer.headers().firstValue("x-request-id").orElseThrow();
        assertThat(answer.statusCode()).isEqualTo(500);
        assertJson(
            answer.body(),
            fixture(
                    route.equals("juspay")
                        ? "juspay/internal-error.json"
                        : "admin/internal-error.json")
                .replace("<uuid>", requestId));
        String routePattern =
            switch (route) {
              case "juspay" -> "/customers/{customer_id}";
              case "admin" -> "/admin/merchants/{merchant_id}/customers/{customer_id}";
              default -> "/admin/merchants/{merchant_id}/customers/{customer_id}/history";
            };
        assertThat(apiLog.lines())
            .containsExactly(
                "request_id=" + requestId + " route=" + routePattern + " " + OPEN_FAILED);
        assertThat(String.join("\n", everything.lines()))
            .doesNotContainIgnoringCase("tampervalue")
            .doesNotContain("9876543210")
            .doesNotContain("tampered-customer");
        assertThat(everything.hasThrowable()).isFalse();
      }
    }
  }

  /**
   * Alters one byte in the middle of each stored value after its key id: a binary column's byte, or
   * a text column's base64url character.
   */
  static void flipOneCharacter(
      TestDatabase database, String table, String column, String keyColumn, String key)
      throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                database.config().url(), database.config().user(), database.config().password());
        PreparedStatement select =
            connection.prepareStatement(
                "select "
                    + column
                    + " from "
                    + table
                    + " where "
                    + keyColumn
                    + " = ? and "
                    + column
                    + " is not null");
        PreparedStatement update =
            connection.prepareStatement(
                "update "
                    + table
                    + " set "
                    + column
                    + " = ? where "
                    + keyColumn
                    + " = ? and "
                    + column
                    + " = ?")) {
      select.setString(1, key);
      List<Object> values = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getObject(1));
        }
      }
      assertThat(values).isNotEmpty();
      for (Object value : values) {
        if (value instanceof byte[] bytes) {
          int colon = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(':');
          byte[] altered = bytes.clone();
          altered[colon + 1 + (bytes.length - colon) / 2] ^= 0x01;
          update.setBytes(1, altered);
        } else {
          String text = (String) value;
          int at = text.indexOf(':') + 1 + (text.length() - text.indexOf(':')) / 2;
          char flipped = text.charAt(at) == 'A' ? 'B' : 'A';
          update.setString(1, text.substring(0, at) + flipped + text.substring(at + 1));
        }
        update.setString(2, key);
        update.setObject(3, value);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
    }
  }
}
