package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerQuery;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.merchant.Merchant;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.MerchantKeys;
import io.clientele.vault.MerchantKeys.Index;
import io.clientele.vault.TestKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, with 100,000 customers of one merchant beside others, every way the operator and
 * an import look customers up is planned on its index, generic and custom plans alike: none reads
 * the merchant's rows one by one.
 */
class SearchPlanTest {
  static final int CUSTOMERS = 100_000;
  static TestDatabase testDatabase;
  static Database database;
  static MerchantKeys keys;

  /** A statement, its parameters, and the one index it must be planned on. */
  record Lookup(String name, String sql, List<String> parameters, String index) {}

  /**
   * Every lookup, with the blind indexes of {@code m1}'s keys that the store binds in place of the
   * reference, email and phone typed.
   */
  static List<Lookup> lookups(MerchantKeys keys) {
    String reference = literal(keys.blind(Index.REFERENCE, "ref-50000"));
    String email = literal(keys.blind(Index.EMAIL, "user50000@example.com"));
    String phone = literal(keys.blind(Index.PHONE, "+919000050000"));
    return List.of(
        new Lookup(
            "every customer, a page",
            JdbcCustomerStore.SEARCH.get(CustomerQuery.By.EVERY),
            List.of("m1", "cst_0000000000050000", "21"),
            "customers_pkey"),
        new Lookup(
            "by reference",
            JdbcCustomerStore.SEARCH.get(CustomerQuery.By.REFERENCE),
            List.of("m1", reference, "", "21"),
            "customers_reference_unique"),
        new Lookup(
            "by email",
            JdbcCustomerStore.SEARCH.get(CustomerQuery.By.EMAIL),
            List.of("m1", email, "", "21"),
            "customers_email_key"),
        new Lookup(
            "by phone",
            JdbcCustomerStore.SEARCH.get(CustomerQuery.By.PHONE),
            List.of("m1", phone, "", "21"),
            "customers_phone_key"),
        new Lookup(
            "count by email",
            JdbcCustomerStore.COUNT.get(CustomerQuery.By.EMAIL),
            List.of("m1", email),
            "customers_email_key"),
        new Lookup(
            "count by phone",
            JdbcCustomerStore.COUNT.get(CustomerQuery.By.PHONE),
            List.of("m1", phone),
            "customers_phone_key"),
        new Lookup(
            "count by reference",
            JdbcCustomerStore.COUNT.get(CustomerQuery.By.REFERENCE),
            List.of("m1", reference),
            "customers_reference_unique"),
        new Lookup(
            "email taken (Airpay)",
            JdbcCustomerStore.EMAIL_TAKEN,
            List.of("m1", email, "cst_0000000000000001"),
            "customers_email_key"),
        new Lookup(
            "import: known references",
            JdbcCustomerStore.BY_REFERENCES,
            List.of(
                "m1",
                "{"
                    + String.join(
                        ",",
                        element(keys.blind(Index.REFERENCE, "ref-1")),
                        element(keys.blind(Index.REFERENCE, "ref-50000")),
                        element(keys.blind(Index.REFERENCE, "ref-99999")))
                    + "}"),
            "customers_reference_unique"),
        new Lookup(
            "import: known ids",
            JdbcCustomerStore.BY_IDS,
            List.of("m1", "{cst_0000000000000001,cst_0000000000050000}"),
            "customers_pkey"));
  }

  /** A blind index as a {@code bytea} literal in its hex form. */
  static String literal(byte[] index) {
    return "\\x" + HexFormat.of().formatHex(index);
  }

  /** A blind index as an element of an array literal, its backslash escaped. */
  private static String element(byte[] index) {
    return "\"\\\\x" + HexFormat.of().formatHex(index) + "\"";
  }

  @BeforeAll
  static void fill() throws SQLException {
    testDatabase = TestDatabase.postgres();
    database = Database.open(testDatabase.config());
    database.migrate(TestKeys.MASTER);
    JdbcMerchantStore merchants = new JdbcMerchantStore(database.dataSource());
    Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
    merchants.create(new Merchant("m1", "Large", List.of(), t0));
    merchants.create(new Merchant("m2", "Small", List.of(), t0));
    Keyring keyring = new Keyring(database.dataSource(), TestKeys.MASTER);
    keys = keyring.keys("m1");
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      insertCustomers(connection, keys, CUSTOMERS, t0);
      insertCustomers(connection, keyring.keys("m2"), 5_000, t0);
      statement.execute(
          "update customers set status = 'DELETED', "
              + PersonalColumns.ERASED
              + " where merchant_id = 'm1' and id like '%7'");
      statement.execute("analyze customers");
    }
  }

  /**
   * {@code count} customers of a merchant, sealed as the store seals them, with the same email for
   * every tenth and the same phone for every twentieth, as households and shared inboxes have.
   */
  static void insertCustomers(Connection connection, MerchantKeys keys, int count, Instant at)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into customers (merchant_id, id, scope, status, created_at, updated_at,"
                + " version, "
                + PersonalColumns.NAMES
                + ") values (?, ?, 'GLOBAL', 'ACTIVE', ?, ?, 1, "
                + PersonalColumns.PLACEHOLDERS
                + ")")) {
      for (int g = 1; g <= count; g++) {
        String id = "cst_" + String.format("%016d", g);
        PersonalData personal =
            new PersonalData(
                Map.of(
                    Field.FIRST_NAME,
                    "Name",
                    Field.EMAIL,
                    "user" + (g - g % 10) + "@Example.com",
                    Field.MOBILE_COUNTRY_CODE,
                    "91",
                    Field.MOBILE_NUMBER,
                    Long.toString(9_000_000_000L + g - g % 20)));
        Customer customer =
            new Customer(
                id,
                keys.merchantId(),
                "ref-" + g,
                null,
                Customer.Scope.GLOBAL,
                personal,
                Customer.Status.ACTIVE,
                at,
                at,
                1);
        insert.setString(1, keys.merchantId());
        insert.setString(2, id);
        Sql.setInstant(insert, 3, at);
        Sql.setInstant(insert, 4, at);
        Sql.bindAll(
            insert, 5, PersonalColumns.values(customer, keys, MerchantKeys.newCustomerKey()));
        insert.addBatch();
        if (g % 5_000 == 0 || g == count) {
          insert.executeBatch();
        }
      }
    }
  }

  @AfterAll
  static void drop() {
    if (database != null) {
      database.close();
    }
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  @Test
  void plansEverySearchAndImportLookupOnItsIndexAtAHundredThousandCustomers() throws SQLException {
    Map<String, List<String>> wrong = new LinkedHashMap<>();
    try (Connection connection = database.dataSource().getConnection()) {
      for (Lookup lookup : lookups(keys)) {
        List<String> found =
            Plans.offIndex(connection, lookup.sql(), lookup.parameters(), lookup.index());
        if (!found.isEmpty()) {
          wrong.put(lookup.name(), found);
        }
      }
    }

    assertThat(wrong).as("lookups planned off their index").isEmpty();
  }

  /** Ten customers share each email and twenty each phone; those whose id ends in 7 are erased. */
  @Test
  void findsTheHouseholdSharingAnEmailOrAPhoneAmongThem() {
    JdbcCustomerStore store =
        new JdbcCustomerStore(
            database.dataSource(), new Keyring(database.dataSource(), TestKeys.MASTER));

    assertThat(store.count("m1", CustomerQuery.email("USER50000@example.com"))).isEqualTo(9);
    assertThat(store.count("m1", CustomerQuery.phone("+919000050000"))).isEqualTo(18);
    assertThat(store.search("m1", CustomerQuery.reference("ref-50001"), "", 21)).hasSize(1);
    assertThat(store.search("m1", CustomerQuery.reference("ref-50007"), "", 21)).isEmpty();
  }
}
