package io.clientele.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerStore;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.merchant.Caller;
import io.clientele.merchant.Merchant;
import io.clientele.storage.Database;
import io.clientele.storage.JdbcCustomerStore;
import io.clientele.storage.JdbcMerchantStore;
import io.clientele.storage.KeyRotations;
import io.clientele.storage.Keyring;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.TestKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node whose keyring still holds only the older data key version writes a customer while another
 * node's rotation, in its last transaction, destroys that version. The database's foreign key must
 * stop one of the two: either the write fails over to the new version, or the destruction fails and
 * the rotation goes round again. Never may both commit.
 */
class HostileVaultStaleNodeTest {
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  static final Caller CALLER = new Caller("m1", "crd_1", "juspay", null, "req-1");

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void aStaleNodesCreateWhileTheOlderVersionIsBeingDestroyedNeverNamesADestroyedVersion(
      TestDatabase.Engine engine) throws Exception {
    try (TestDatabase testDatabase = TestDatabase.create(engine);
        Database database = Database.open(testDatabase.config())) {
      database.migrate(TestKeys.MASTER);
      new JdbcMerchantStore(database.dataSource())
          .create(new Merchant("m1", "Merchant one", List.of(), T0));
      Keyring stale = new Keyring(database.dataSource(), TestKeys.MASTER);
      stale.keys("m1");
      KeyRotations rotations =
          new KeyRotations(
              database.dataSource(),
              new Keyring(database.dataSource(), TestKeys.MASTER),
              Clock.systemUTC());
      rotations.close();
      rotations.start("m1");

      // The destruction runs as KeyRotations runs it: holding the keyring's guard, which on H2 (all
      // of
      // whose writers share one process, the one holding the database file) is what a create waits
      // on.
      CompletableFuture<?> create =
          stale.destroying(
              () -> {
                try (Connection rotation = database.dataSource().getConnection()) {
                  rotation.setAutoCommit(false);
                  try (PreparedStatement destroy =
                      rotation.prepareStatement(
                          "delete from merchant_keys where merchant_id = 'm1' and version < 2")) {
                    assertThat(destroy.executeUpdate()).isEqualTo(1);
                  }
                  JdbcCustomerStore staleStore =
                      new JdbcCustomerStore(database.dataSource(), stale);
                  CompletableFuture<?> started =
                      CompletableFuture.runAsync(
                          () -> staleStore.write(new CustomerStore.Insert(customer(), CALLER)));
                  Thread.sleep(300);
                  rotation.commit();
                  return started;
                } catch (java.sql.SQLException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      create.get(30, TimeUnit.SECONDS);

      assertThat(
              testDatabase.query(
                  "select c.key_version, count(k.version) from customers c left join merchant_keys"
                      + " k on k.merchant_id = c.merchant_id and k.version = c.key_version"
                      + " group by c.key_version"))
          .containsExactly("2|1");
      JdbcCustomerStore fresh =
          new JdbcCustomerStore(
              database.dataSource(), new Keyring(database.dataSource(), TestKeys.MASTER));
      assertThat(fresh.findById("m1", "cst_0000000000000001")).contains(customer());
    }
  }

  static Customer customer() {
    Map<Field, String> values = new EnumMap<>(Field.class);
    values.put(Field.FIRST_NAME, "Stale");
    values.put(Field.EMAIL, "stale@example.com");
    return new Customer(
        "cst_0000000000000001",
        "m1",
        "ref-stale",
        "proj_1",
        Customer.Scope.PROJECT,
        new PersonalData(values),
        Customer.Status.ACTIVE,
        T0,
        T0,
        1);
  }
}
