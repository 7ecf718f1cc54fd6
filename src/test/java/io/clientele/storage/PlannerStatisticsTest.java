package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.customer.Customer;
import io.clientele.customer.CustomerStore;
import io.clientele.customer.PersonalData;
import io.clientele.merchant.Caller;
import io.clientele.merchant.Credential;
import io.clientele.merchant.Merchant;
import io.clientele.merchant.Secrets;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.TestKeys;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the statements every request runs, reads and the one-statement update alike, keep
 * their index plans as the tables grow from empty, with autovacuum off for them: Clientele keeps
 * the planner's statistics itself.
 */
class PlannerStatisticsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  static final Caller CALLER = new Caller("m1", "crd_00000000", "juspay", null, "req");
  static final int CUSTOMERS = 3_000;
  static final int CREDENTIALS = 300;

  /** Each hot statement, the parameters to plan it with, and the one index it must use. */
  record Hot(String name, String sql, List<String> parameters, List<String> indexes) {
    Hot(String name, String sql, List<String> parameters, String index) {
      this(name, sql, parameters, List.of(index));
    }
  }

  static final List<Hot> HOT =
      List.of(
          new Hot(
              "get by id",
              JdbcCustomerStore.BY_ID,
              List.of("m1", "cst_0000000000001500"),
              "customers_pkey"),
          new Hot(
              "get by reference",
              JdbcCustomerStore.BY_REFERENCE,
              List.of("m1", "reference-1500"),
              "customers_reference_unique"),
          new Hot(
              "authenticate",
              JdbcMerchantStore.SELECT_KEY_OWNER,
              List.of("juspay", "LOOKUP0150"),
              "credentials_lookup_unique"),
          new Hot(
              "history",
              ChangeLog.READ,
              List.of("m1", "cst_0000000000001500", "9223372036854775807", "20"),
              "customer_changes_pkey"),
          new Hot(
              "update with history",
              JdbcCustomerStore.UPDATE_WITH_HISTORY,
              updateParameters(),
              // the merchant's live webhook endpoints, for the events of the change
              List.of("customers_pkey", "webhooks_pkey")));

  /**
   * The row's placement, sealed values and blind indexes, then its guard, then the webhook events'
   * values, then the history row's values.
   */
  private static List<String> updateParameters() {
    List<String> parameters =
        new ArrayList<>(List.of("GLOBAL", "p1", "c1:sealed", "email-index", "phone-index"));
    parameters.addAll(List.of(T0.toString(), "2", "m1", "cst_0000000000001500", "1"));
    parameters.addAll(
        List.of(
            "evt_000000000000000000000000",
            "cst_0000000000001500",
            "2",
            "customer.updated",
            T0.toString(),
            "c1:sealed",
            T0.toString(),
            "m1"));
    parameters.addAll(
        List.of(
            "m1",
            "cst_0000000000001500",
            "2",
            T0.toString(),
            "CHANGE",
            "juspay",
            "crd_00000000",
            "req",
            "[]",
            "c1:sealed"));
    return parameters;
  }

  @Test
  void keepsEveryHotStatementOnItsIndexAsTheTablesGrowFromEmpty() throws Exception {
    try (TestDatabase testDatabase = TestDatabase.postgres();
        Database database = Database.open(testDatabase.config())) {
      database.migrate(TestKeys.MASTER);
      execute(
          database,
          "alter table customers set (autovacuum_enabled = false)",
          "alter table customer_changes set (autovacuum_enabled = false)",
          "alter table credentials set (autovacuum_enabled = false)");
      JdbcMerchantStore merchants = new JdbcMerchantStore(database.dataSource());
      JdbcCustomerStore customers =
          new JdbcCustomerStore(
              database.dataSource(), new Keyring(database.dataSource(), TestKeys.MASTER));
      merchants.create(new Merchant("m1", "Shop", List.of(), T0));
      for (int i = 0; i < 20; i++) {
        customers.findById("m1", "cst_0000000000001500");
        customers.findByReference("m1", "reference-1500");
      }

      for (int i = 0; i < CREDENTIALS; i++) {
        merchants.addCredential(
            new Credential(
                "crd_%08d".formatted(i),
                "m1",
                null,
                "juspay",
                "LOOKUP%04d".formatted(i),
                Secrets.sha256("secret" + i),
                null,
                T0,
                null,
                null));
      }
      for (int i = 0; i < CUSTOMERS; i++) {
        customers.write(
            new CustomerStore.Insert(
                new Customer(
                    "cst_%016d".formatted(i),
                    "m1",
                    "reference-" + i,
                    null,
                    Customer.Scope.GLOBAL,
                    new PersonalData(Map.of(PersonalData.Field.FIRST_NAME, "Seed")),
                    Customer.Status.ACTIVE,
                    T0,
                    T0,
                    1),
                CALLER));
      }

      Map<String, List<String>> wrong = wrongPlans(database);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (!wrong.isEmpty() && Instant.now().isBefore(deadline)) {
        Thread.sleep(500);
        wrong = wrongPlans(database);
      }

      assertThat(wrong).as("statements planned without their index").isEmpty();
      assertThat(customers.findByReference("m1", "reference-2999").map(Customer::id))
          .contains("cst_0000000000002999");
    }
  }

  /**
   * The hot statements whose plan, generic or custom, as a prepared statement of a pooled
   * connection would run it, is anything but a scan of their index; with the plans found.
   */
  static Map<String, List<String>> wrongPlans(Database database) throws SQLException {
    Map<String, List<String>> wrong = new java.util.LinkedHashMap<>();
    try (Connection connection = database.dataSource().getConnection()) {
      for (Hot hot : HOT) {
        List<String> found =
            Plans.offIndexes(connection, hot.sql(), hot.parameters(), hot.indexes());
        if (!found.isEmpty()) {
          wrong.put(hot.name(), found);
        }
      }
    }
    return wrong;
  }

  private static void execute(Database database, String... sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }
}
