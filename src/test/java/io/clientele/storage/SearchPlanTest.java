package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.customer.CustomerQuery;
import io.clientele.merchant.Merchant;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.TestKeys;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
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

  /** A statement, its parameters, and the one index it must be planned on. */
  record Lookup(String name, String sql, List<String> parameters, String index) {}

  static final List<Lookup> LOOKUPS =
      List.of(
          new Lookup(
              "every customer, a page",
              JdbcCustomerStore.SEARCH.get(CustomerQuery.By.EVERY),
              List.of("m1", "cst_0000000000050000", "21"),
              "customers_pkey"),
          new Lookup(
              "by reference",
              JdbcCustomerStore.SEARCH.get(CustomerQuery.By.REFERENCE),
              List.of("m1", "ref-50000", "", "21"),
              "customers_reference_unique"),
          new Lookup(
              "by email",
              JdbcCustomerStore.SEARCH.get(CustomerQuery.By.EMAIL),
              List.of("m1", "user50000@example.com", "", "21"),
              "customers_email_key"),
          new Lookup(
              "by phone",
              JdbcCustomerStore.SEARCH.get(CustomerQuery.By.PHONE),
              List.of("m1", "+919000050000", "", "21"),
              "customers_phone_key"),
          new Lookup(
              "count by email",
              JdbcCustomerStore.COUNT.get(CustomerQuery.By.EMAIL),
              List.of("m1", "user50000@example.com"),
              "customers_email_key"),
          new Lookup(
              "count by phone",
              JdbcCustomerStore.COUNT.get(CustomerQuery.By.PHONE),
              List.of("m1", "+919000050000"),
              "customers_phone_key"),
          new Lookup(
              "count by reference",
              JdbcCustomerStore.COUNT.get(CustomerQuery.By.REFERENCE),
              List.of("m1", "ref-50000"),
              "customers_reference_unique"),
          new Lookup(
              "email taken (Airpay)",
              JdbcCustomerStore.EMAIL_TAKEN,
              List.of("m1", "user50000@example.com", "cst_0000000000000001"),
              "customers_email_key"),
          new Lookup(
              "import: known references",
              JdbcCustomerStore.BY_REFERENCES,
              List.of("m1", "{ref-1,ref-50000,ref-99999}"),
              "customers_reference_unique"),
          new Lookup(
              "import: known ids",
              JdbcCustomerStore.BY_IDS,
              List.of("m1", "{cst_0000000000000001,cst_0000000000050000}"),
              "customers_pkey"));

  @BeforeAll
  static void fill() throws SQLException {
    testDatabase = TestDatabase.postgres();
    database = Database.open(testDatabase.config());
    database.migrate(TestKeys.MASTER);
    JdbcMerchantStore merchants = new JdbcMerchantStore(database.dataSource());
    Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
    merchants.create(new Merchant("m1", "Large", List.of(), t0));
    merchants.create(new Merchant("m2", "Small", List.of(), t0));
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(customers("m1", CUSTOMERS));
      statement.execute(customers("m2", 5_000));
      statement.execute(
          "update customers set status = 'DELETED', live_reference = null, email = null,"
              + " email_key = null, phone_key = null where merchant_id = 'm1' and id like '%7'");
      statement.execute("analyze customers");
    }
  }

  /**
   * {@code count} customers of a merchant with the same email for every tenth and the same phone
   * for every twentieth, as households and shared inboxes have.
   */
  static String customers(String merchant, int count) {
    return """
        insert into customers (merchant_id, id, reference, live_reference, scope, first_name, email,
          mobile_country_code, mobile_number, status, created_at, updated_at, version, email_key,
          phone_key)
        select '%1$s', 'cst_' || lpad(g::text, 16, '0'), 'ref-' || g, 'ref-' || g, 'GLOBAL', 'Name',
          'user' || (g - g %% 10) || '@Example.com', '91', (9000000000 + g - g %% 20)::text, 'ACTIVE',
          now(), now(), 1, 'user' || (g - g %% 10) || '@example.com',
          '+91' || (9000000000 + g - g %% 20)
        from generate_series(1, %2$d) g"""
        .formatted(merchant, count);
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
      for (Lookup lookup : LOOKUPS) {
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
