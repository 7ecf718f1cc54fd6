package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.customer.Change;
import io.clientele.customer.Customer;
import io.clientele.customer.CustomerQuery;
import io.clientele.customer.PersonalData;
import io.clientele.merchant.SecretSealer;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.MasterKeys;
import io.clientele.vault.TestKeys;
import io.clientele.vault.TextForms;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Upgrading a database an earlier version filled in clear: migration 11 seals it all, migration 13
 * makes the sealed columns binary.
 */
class SealPersonalValuesTest {
  static final MasterKeys MASTER = MasterKeys.of(TestKeys.bytes(5));

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void sealsWhatAnEarlierVersionStoredInClearAndReadsItBackExactly(TestDatabase.Engine engine)
      throws Exception {
    try (TestDatabase testDatabase = TestDatabase.create(engine);
        Database database = Database.open(testDatabase.config())) {
      fillVersion9(database);

      assertThat(database.migrate(MASTER)).isEqualTo(6);

      JdbcCustomerStore store =
          new JdbcCustomerStore(database.dataSource(), new Keyring(database.dataSource(), MASTER));
      Customer asha = store.findByReference("m1", "ref-asha").orElseThrow();
      assertThat(asha.id()).isEqualTo("cst_aaaaaaaaaaaaaaaa");
      assertThat(asha.personal())
          .isEqualTo(
              new PersonalData(
                  Map.of(
                      PersonalData.Field.FIRST_NAME, "Asha",
                      PersonalData.Field.EMAIL, "Asha.Rao@Example.com",
                      PersonalData.Field.MOBILE_COUNTRY_CODE, "91",
                      PersonalData.Field.MOBILE_NUMBER, "9876543210",
                      PersonalData.Field.CITY, "Pune")));
      assertThat(store.search("m1", CustomerQuery.email("ASHA.RAO@example.com"), "", 10))
          .extracting(Customer::id)
          .containsExactly("cst_aaaaaaaaaaaaaaaa");
      assertThat(store.search("m1", CustomerQuery.phone("+919876543210"), "", 10))
          .extracting(Customer::id)
          .containsExactly("cst_aaaaaaaaaaaaaaaa");
      assertThat(
              store.history("m1", "cst_aaaaaaaaaaaaaaaa", 10, Long.MAX_VALUE).orElseThrow().stream()
                  .flatMap(entry -> entry.fields().stream())
                  .toList())
          .containsExactly(
              new Change.FieldChange("city", "Mumbai", "Pune", true),
              new Change.FieldChange("first_name", null, "Asha", true));
      assertThat(
              new SecretSealer(MASTER)
                  .open(
                      testDatabase
                          .query("select sealed_secret from credentials where id = 'crd_1'")
                          .get(0),
                      "crd_1"))
          .isEqualTo("airpay-secret");
      assertThat(
              testDatabase.query(
                  "select count(*) from customers where status = 'DELETED' and personal is null"
                      + " and customer_key is null and reference_key is null"))
          .containsExactly("1");
      String stored =
          String.join(
              "\n",
              everyValue(database, "select * from customers")
                  + "\n"
                  + everyValue(database, "select * from customer_changes"));
      for (String clear :
          List.of("Asha", "asha", "Pune", "Mumbai", "9876543210", "ref-asha", "ref-gone")) {
        assertThat(stored).as("stored in clear").doesNotContain(clear);
      }
    }
  }

  /** A database at version 9 holding what that version stored in clear. */
  private static void fillVersion9(Database database) throws Exception {
    Flyway.configure()
        .dataSource(database.dataSource())
        .locations("classpath:db/migration")
        .target("9")
        .load()
        .migrate();
    execute(
        database,
        "insert into merchants (id, name, created_at) values ('m1', 'Shop', current_timestamp)",
        """
        insert into customers (merchant_id, id, reference, live_reference, scope, first_name,
          email, mobile_country_code, mobile_number, city, status, created_at, updated_at,
          version, email_key, phone_key)
        values ('m1', 'cst_aaaaaaaaaaaaaaaa', 'ref-asha', 'ref-asha', 'GLOBAL', 'Asha',
          'Asha.Rao@Example.com', '91', '9876543210', 'Pune', 'ACTIVE', current_timestamp,
          current_timestamp, 2, 'asha.rao@example.com', '+919876543210')""",
        """
        insert into customers (merchant_id, id, reference, live_reference, scope, status,
          created_at, updated_at, version)
        values ('m1', 'cst_bbbbbbbbbbbbbbbb', 'ref-gone', null, 'GLOBAL', 'DELETED',
          current_timestamp, current_timestamp, 2)""",
        """
        insert into customer_changes (merchant_id, customer_id, version, at, kind, dialect,
          fields, personal_values)
        values ('m1', 'cst_aaaaaaaaaaaaaaaa', 1, current_timestamp, 'CREATE', 'juspay',
          '[{"name":"first_name"}]', '{"first_name":[null,"Asha"]}'),
          ('m1', 'cst_aaaaaaaaaaaaaaaa', 2, current_timestamp, 'CHANGE', 'juspay',
          '[{"name":"city"}]', '{"city":["Mumbai","Pune"]}'),
          ('m1', 'cst_bbbbbbbbbbbbbbbb', 1, current_timestamp, 'CREATE', 'juspay',
          '[{"name":"first_name"}]', null)""",
        "insert into credentials (id, merchant_id, dialect, lookup, secret_hash, sealed_secret,"
            + " created_at) values ('crd_1', 'm1', 'airpay', 'T1', 'ab', '"
            + unnamedSeal(TestKeys.bytes(5), "airpay-secret", "crd_1")
            + "', current_timestamp)");
  }

  /**
   * Migration 13 makes the sealed columns binary: every value holds the bytes its text form held
   * after migration 12, and the store reads them back (the test above).
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void makesTheSealedColumnsBinaryHoldingTheBytesTheirTextSpelled(TestDatabase.Engine engine)
      throws Exception {
    try (TestDatabase testDatabase = TestDatabase.create(engine);
        Database database = Database.open(testDatabase.config())) {
      fillVersion9(database);
      Flyway.configure()
          .dataSource(database.dataSource())
          .locations("classpath:db/migration")
          .javaMigrations(new SealPersonalValues(MASTER))
          .target("12")
          .load()
          .migrate();
      String customer =
          "select reference_key, personal, email_key, phone_key, customer_key from customers"
              + " where id = 'cst_aaaaaaaaaaaaaaaa'";
      String history =
          "select personal_values from customer_changes where customer_id = 'cst_aaaaaaaaaaaaaaaa'"
              + " order by version";
      List<Object> text = row(database, customer);
      List<Object> textHistory = column(database, history);
      assertThat(text).allMatch(String.class::isInstance);
      assertThat((String) text.get(1)).startsWith("c1:");
      assertThat((String) text.get(4)).startsWith("d1:");
      assertThat(textHistory).hasSize(2).allMatch(v -> ((String) v).startsWith("c1:"));

      assertThat(database.migrate(MASTER)).isEqualTo(3);

      List<Object> binary = row(database, customer);
      assertThat(binary.get(0))
          .isEqualTo(TextForms.index((String) text.get(0)))
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.BYTE_ARRAY)
          .hasSize(32);
      assertThat(binary.get(1)).isEqualTo(TextForms.envelope((String) text.get(1)));
      assertThat(binary.get(2)).isEqualTo(TextForms.index((String) text.get(2)));
      assertThat(binary.get(3)).isEqualTo(TextForms.index((String) text.get(3)));
      assertThat(binary.get(4)).isEqualTo(TextForms.envelope((String) text.get(4)));
      assertThat(column(database, history))
          .containsExactly(
              TextForms.envelope((String) textHistory.get(0)),
              TextForms.envelope((String) textHistory.get(1)));
      assertThat(
              column(
                  database,
                  "select personal_values from customer_changes"
                      + " where customer_id = 'cst_bbbbbbbbbbbbbbbb'"))
          .containsExactly((Object) null);
      assertThat(
              row(
                  database,
                  "select reference_key, personal, email_key, phone_key, customer_key"
                      + " from customers where id = 'cst_bbbbbbbbbbbbbbbb'"))
          .containsOnlyNulls();
    }
  }

  /** Every row {@code sql} selects, each value as JDBC gives it. */
  private static List<List<Object>> rows(Database database, String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<List<Object>> all = new ArrayList<>();
      while (rows.next()) {
        List<Object> values = new ArrayList<>();
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
          values.add(rows.getObject(i));
        }
        all.add(values);
      }
      return all;
    }
  }

  /** The first row {@code sql} selects. */
  private static List<Object> row(Database database, String sql) throws SQLException {
    List<List<Object>> all = rows(database, sql);
    assertThat(all).isNotEmpty();
    return all.get(0);
  }

  /** The first column of every row {@code sql} selects. */
  private static List<Object> column(Database database, String sql) throws SQLException {
    return rows(database, sql).stream().map(values -> values.get(0)).toList();
  }

  /** Every value of every row {@code sql} selects as text; bytes one character per byte. */
  private static List<String> everyValue(Database database, String sql) throws SQLException {
    return rows(database, sql).stream()
        .flatMap(List::stream)
        .map(
            value ->
                value instanceof byte[] bytes
                    ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : String.valueOf(value))
        .toList();
  }

  /** An Airpay secret sealed the way versions before the vault did: no key named. */
  private static String unnamedSeal(byte[] key, String secret, String credentialId)
      throws Exception {
    byte[] nonce = new byte[12];
    nonce[0] = 1;
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    cipher.updateAAD(credentialId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    byte[] sealed = cipher.doFinal(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    byte[] all = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, all, 0, nonce.length);
    System.arraycopy(sealed, 0, all, nonce.length, sealed.length);
    return Base64.getEncoder().encodeToString(all);
  }

  private static void execute(Database database, String... statements) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
