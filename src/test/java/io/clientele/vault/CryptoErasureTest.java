package io.clientele.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.storage.Database;
import io.clientele.storage.Keyring;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;

/**
 * Erasing a customer destroys their key: the ciphertexts an attacker copied from the database
 * before (row and history) are in no backup taken after, and open under no key the vault holds; the
 * wrapped copy of the customer's key opens until the merchant's data key is rotated, and under
 * nothing after, while every other customer reads back as before.
 */
class CryptoErasureTest {
  static final String MERCHANT = "erasershop";
  static final String DOOMED = "doomed-ref-0001";

  @TempDir Path dataDir;

  /** What an attacker copied of one customer: row, wrapped key and each history row's values. */
  record Captured(String id, byte[] personal, byte[] wrappedKey, Map<Long, byte[]> history) {}

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void leavesNothingCopiedBeforeAnErasureReadableAfterItAndARotation(TestDatabase.Engine engine)
      throws Exception {
    try (VaultServer vault = new VaultServer(engine, dataDir)) {
      VaultServer.Merchant shop = vault.merchant(MERCHANT, "Eraser Shop");
      String doomedId = createAndChangeTwice(vault, shop);
      String juspayOtherId = juspayCustomer(vault, shop, "kept-ref-0001", "Kept.One@Example.com");
      HttpResponse<String> flowwiseOther =
          vault.flowwise(
              shop,
              "POST",
              "/router/customer",
              "{\"customer_id\":\"kept-ref-0002\",\"scope\":\"GLOBAL\",\"name\":\"Kept Two\","
                  + "\"phone\":\"+6581234567\",\"address\":\"2 Kept Road\"}");
      assertThat(flowwiseOther.statusCode()).as(flowwiseOther.body()).isEqualTo(200);
      String juspayBefore = vault.juspayGet(shop, juspayOtherId).body();
      String flowwiseBefore =
          vault.flowwise(shop, "GET", "/router/customer/kept-ref-0002", null).body();

      try (Database database = vault.open()) {
        Captured captured = capture(database, doomedId);
        assertThat(captured.history()).as("a create and two changes").hasSize(3);
        assertOpensWithTheKeysItWasSealedUnder(database, vault, captured);

        HttpResponse<String> erased =
            vault.flowwise(shop, "DELETE", "/router/customer/" + DOOMED, null);
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);

        assertThat(
                rows(
                    database,
                    "select count(*) from customers where merchant_id = ? and id = ?"
                        + " and customer_key is null and personal is null",
                    doomedId))
            .containsExactly("1");
        String backup = backup(vault, database);
        assertThat(backup)
            .as("the backup holds the other customers' sealed rows, in the form it is searched for")
            .contains(hexBody(capture(database, juspayOtherId).personal()));
        assertThat(inBackup(backup, captured))
            .as("captured ciphertexts in a backup taken after the erasure")
            .isEmpty();

        MerchantKeys keys = new Keyring(database.dataSource(), vault.masterKeys()).keys(MERCHANT);
        assertThat(openedByAnyStoredCustomerKey(database, keys, captured))
            .as("captured ciphertexts opened by a customer key the vault holds")
            .isEmpty();
        CustomerKey window = keys.unwrap(doomedId, captured.wrappedKey());
        assertThat(window.open(captured.personal(), rowPlace(doomedId)))
            .as("until a rotation, the copied wrapped key still opens what it sealed")
            .contains(DOOMED);

        JsonNode rotated = vault.rotateAndWait(MERCHANT);

        assertThat(rotated.get("data_key_versions").toString()).isEqualTo("[2]");
        MerchantKeys after = new Keyring(database.dataSource(), vault.masterKeys()).keys(MERCHANT);
        assertThat(after.holds(1)).isFalse();
        assertThatThrownBy(() -> after.unwrap(doomedId, captured.wrappedKey()))
            .isInstanceOf(MerchantKeys.UnknownVersion.class)
            .hasMessage("merchant " + MERCHANT + " holds no data key version 1");
        assertThat(openedByAnyStoredCustomerKey(database, after, captured))
            .as("captured ciphertexts opened by a customer key the vault holds after the rotation")
            .isEmpty();
        assertThat(
                rows(
                    database,
                    "select count(*) from customers where merchant_id = ? and key_version = 2"
                        + " and id <> ?",
                    doomedId))
            .containsExactly("2");
      }
      assertThat(vault.juspayGet(shop, juspayOtherId).body()).isEqualTo(juspayBefore);
      assertThat(vault.flowwise(shop, "GET", "/router/customer/kept-ref-0002", null).body())
          .isEqualTo(flowwiseBefore);
    }
  }

  /** Creates the doomed customer through Juspay and changes it through Juspay and Flowwise. */
  static String createAndChangeTwice(VaultServer vault, VaultServer.Merchant shop) {
    String id = juspayCustomer(vault, shop, DOOMED, "Doomed.Person@Example.com");
    HttpResponse<String> first =
        vault.juspayPost(
            shop,
            "/customers/" + id,
            "first_name=Renamed&email_address=Doomed.Again%40Example.com");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    HttpResponse<String> second =
        vault.flowwise(
            shop,
            "PUT",
            "/router/customer/" + DOOMED,
            "{\"customer_id\":\""
                + DOOMED
                + "\",\"scope\":\"GLOBAL\",\"address\":\"9 Last Lane\"}");
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    return id;
  }

  static String juspayCustomer(
      VaultServer vault, VaultServer.Merchant shop, String reference, String email) {
    HttpResponse<String> created =
        vault.juspayPost(
            shop,
            "/customers",
            VaultServer.form(
                Map.of(
                    "object_reference_id", reference,
                    "first_name", "Dora",
                    "email_address", email,
                    "mobile_country_code", "91",
                    "mobile_number", "9876501234")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    return JsonAssert.parse(created.body()).get("id").textValue();
  }

  static Captured capture(Database database, String id) throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      byte[] personal;
      byte[] wrapped;
      try (PreparedStatement row =
          connection.prepareStatement(
              "select personal, customer_key from customers where merchant_id = ? and id = ?")) {
        row.setString(1, MERCHANT);
        row.setString(2, id);
        try (ResultSet rows = row.executeQuery()) {
          assertThat(rows.next()).isTrue();
          personal = rows.getBytes(1);
          wrapped = rows.getBytes(2);
        }
      }
      Map<Long, byte[]> history = new LinkedHashMap<>();
      try (PreparedStatement changes =
          connection.prepareStatement(
              "select version, personal_values from customer_changes"
                  + " where merchant_id = ? and customer_id = ? order by version")) {
        changes.setString(1, MERCHANT);
        changes.setString(2, id);
        try (ResultSet rows = changes.executeQuery()) {
          while (rows.next()) {
            history.put(rows.getLong(1), rows.getBytes(2));
          }
        }
      }
      return new Captured(id, personal, wrapped, history);
    }
  }

  /** Shows the capture is worth something: before the erasure it opens to the customer's values. */
  static void assertOpensWithTheKeysItWasSealedUnder(
      Database database, VaultServer vault, Captured captured) {
    MerchantKeys keys = new Keyring(database.dataSource(), vault.masterKeys()).keys(MERCHANT);
    CustomerKey key = keys.unwrap(captured.id(), captured.wrappedKey());
    assertThat(key.open(captured.personal(), rowPlace(captured.id())))
        .contains(DOOMED, "Doomed.Again@Example.com");
    List<String> opened = new ArrayList<>();
    captured
        .history()
        .forEach(
            (version, value) -> opened.add(key.open(value, historyPlace(captured.id(), version))));
    assertThat(opened.get(0)).contains("Doomed.Person@Example.com");
    assertThat(opened.get(1)).contains("Doomed.Again@Example.com");
    assertThat(opened.get(2)).contains("9 Last Lane");
  }

  /**
   * Every captured ciphertext, by name, that opens under the key of a customer the database still
   * holds a key for.
   */
  static List<String> openedByAnyStoredCustomerKey(
      Database database, MerchantKeys keys, Captured captured) throws SQLException {
    List<String> opened = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "select id, customer_key from customers"
                    + " where merchant_id = ? and customer_key is not null")) {
      select.setString(1, MERCHANT);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          CustomerKey key = keys.unwrap(rows.getString(1), rows.getBytes(2));
          if (opens(key, captured.personal(), rowPlace(captured.id()))) {
            opened.add("row, under the key of " + rows.getString(1));
          }
          for (Map.Entry<Long, byte[]> change : captured.history().entrySet()) {
            if (opens(key, change.getValue(), historyPlace(captured.id(), change.getKey()))) {
              opened.add("change " + change.getKey() + ", under the key of " + rows.getString(1));
            }
          }
        }
      }
    }
    return opened;
  }

  private static boolean opens(CustomerKey key, byte[] sealed, String place) {
    try {
      key.open(sealed, place);
      return true;
    } catch (VaultException e) {
      return false;
    }
  }

  /** What of the capture a backup holds, by name: the bytes after each ciphertext's key id. */
  static List<String> inBackup(String backup, Captured captured) {
    List<String> found = new ArrayList<>();
    check(backup, "customers.personal", captured.personal(), found);
    check(backup, "customers.customer_key", captured.wrappedKey(), found);
    captured
        .history()
        .forEach(
            (version, value) ->
                check(backup, "customer_changes.personal_values of " + version, value, found));
    return found;
  }

  private static void check(String backup, String name, byte[] sealed, List<String> found) {
    if (backup.contains(hexBody(sealed))) {
      found.add(name);
    }
  }

  /**
   * The bytes of a ciphertext after its key id, in lower-case hex: how both backups spell binary
   * values (H2's {@code X'…'}, PostgreSQL's {@code \\x…}); {@link #backup} lowers its case.
   */
  static String hexBody(byte[] sealed) {
    int colon = 0;
    while (sealed[colon] != ':') {
      colon++;
    }
    return HexFormat.of().formatHex(sealed, colon + 1, sealed.length);
  }

  /**
   * A backup as an operator takes one: H2's {@code SCRIPT TO} a file, or every table of the schema
   * through PostgreSQL's {@code COPY … TO STDOUT}.
   */
  String backup(VaultServer vault, Database database) throws Exception {
    try (Connection connection = database.dataSource().getConnection()) {
      if (vault.engine == TestDatabase.Engine.H2) {
        Path file = dataDir.resolve("backup.sql");
        try (Statement statement = connection.createStatement()) {
          statement.execute("script to '" + file + "'");
        }
        return Files.readString(file, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
      }
      StringWriter out = new StringWriter();
      for (String table : VaultServer.columns(connection).keySet()) {
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyOut("copy \"" + table + "\" to stdout", out);
      }
      return out.toString().toLowerCase(Locale.ROOT);
    }
  }

  static List<String> rows(Database database, String sql, String id) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, MERCHANT);
      statement.setString(2, id);
      List<String> found = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
      return found;
    }
  }

  /** The associated data storage seals a customer's row with (storage.PersonalColumns). */
  static String rowPlace(String id) {
    return "customers\0" + MERCHANT + "\0" + id;
  }

  /** The associated data storage seals a history row with (storage.ChangeLog). */
  static String historyPlace(String id, long version) {
    return "customer_changes\0" + MERCHANT + "\0" + id + "\0" + version;
  }
}
