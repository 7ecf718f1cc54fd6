package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerStore;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.merchant.Caller;
import io.clientele.merchant.Merchant;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.TestKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A data key rotation driven batch by batch, as a crash and a restart on another node would leave
 * it; run once per engine by its subclasses.
 */
abstract class KeyRotationsContract {
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");
  static final Instant T1 = Instant.parse("2026-01-03T00:00:00Z");
  static final Caller CALLER = new Caller("m1", "crd_1", "juspay", null, "req-1");

  /** Two full batches and part of a third. */
  static final int CUSTOMERS = 2 * KeyRotations.BATCH + 200;

  TestDatabase testDatabase;
  Database database;
  List<Customer> written;

  abstract TestDatabase.Engine engine();

  @BeforeEach
  void openDatabase() {
    testDatabase = TestDatabase.create(engine());
    database = Database.open(testDatabase.config());
    database.migrate(TestKeys.MASTER);
    new JdbcMerchantStore(database.dataSource())
        .create(new Merchant("m1", "Merchant one", List.of(), T0));
    written = new ArrayList<>();
    for (int i = 1; i <= CUSTOMERS; i++) {
      written.add(customer(i));
    }
    store(keyring()).insertAll(written, CALLER);
  }

  @AfterEach
  void closeDatabase() {
    if (database != null) {
      database.close();
    }
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  /** A node's keyring: a fresh one is a node that has just started. */
  Keyring keyring() {
    return new Keyring(database.dataSource(), TestKeys.MASTER);
  }

  JdbcCustomerStore store(Keyring keyring) {
    return new JdbcCustomerStore(database.dataSource(), keyring);
  }

  /** A node's rotations, whose background worker is stopped at once so the test drives it. */
  KeyRotations node(Keyring keyring) {
    KeyRotations rotations =
        new KeyRotations(database.dataSource(), keyring, Clock.fixed(T1, ZoneOffset.UTC));
    rotations.close();
    return rotations;
  }

  static Customer customer(int n) {
    Map<Field, String> values = new EnumMap<>(Field.class);
    values.put(Field.FIRST_NAME, "Name" + n);
    values.put(Field.EMAIL, "c" + n + "@example.com");
    values.put(Field.MOBILE_COUNTRY_CODE, "91");
    values.put(Field.MOBILE_NUMBER, String.format("98%08d", n));
    return new Customer(
        String.format("cst_%016d", n),
        "m1",
        "ref-" + n,
        "proj_1",
        Customer.Scope.PROJECT,
        new PersonalData(values),
        Customer.Status.ACTIVE,
        T0,
        T0,
        1);
  }

  List<String> rotation() {
    return testDatabase.query(
        "select to_version, after_id, rewrapped, total,"
            + " case when finished_at is null then 'running' else 'finished' end from key_rotations"
            + " where merchant_id = 'm1'");
  }

  List<String> keyVersions() {
    return testDatabase.query(
        "select key_version, count(*) from customers where merchant_id = 'm1'"
            + " group by key_version order by key_version");
  }

  List<String> merchantKeyVersions() {
    return testDatabase.query(
        "select version from merchant_keys where merchant_id = 'm1' order by version");
  }

  void assertEveryCustomerReadsBackAsWritten(List<Customer> customers) {
    JdbcCustomerStore reader = store(keyring());
    for (Customer customer : customers) {
      assertThat(reader.findById("m1", customer.id())).contains(customer);
    }
  }

  @Test
  void resumesOnARestartedNodeWhereTheStoppedOneLeftOffAndDestroysTheOlderVersion() {
    KeyRotations first = node(keyring());
    assertThat(first.start("m1").started()).isTrue();
    assertThat(rotation()).containsExactly("2||0|" + CUSTOMERS + "|running");

    assertThat(first.step("m1")).isEqualTo(KeyRotations.Step.ADVANCED);
    assertThat(rotation()).containsExactly("2|cst_0000000000000500|500|" + CUSTOMERS + "|running");
    assertThat(keyVersions()).containsExactly("1|" + (CUSTOMERS - 500), "2|500");

    KeyRotations restarted = node(keyring());
    restarted.resumeUnfinished();
    assertThat(restarted.step("m1")).isEqualTo(KeyRotations.Step.ADVANCED);
    assertThat(rotation()).containsExactly("2|cst_0000000000001000|1000|" + CUSTOMERS + "|running");
    assertThat(restarted.step("m1")).isEqualTo(KeyRotations.Step.FINISHED);
    assertThat(rotation())
        .containsExactly("2|cst_0000000000001200|1200|" + CUSTOMERS + "|finished");
    assertThat(restarted.step("m1")).isEqualTo(KeyRotations.Step.NONE);

    assertThat(keyVersions()).containsExactly("2|" + CUSTOMERS);
    assertThat(merchantKeyVersions()).containsExactly("2");
    assertEveryCustomerReadsBackAsWritten(written);
    KeyRotations.Status status = restarted.status("m1");
    assertThat(status.currentVersion()).isEqualTo(2);
    assertThat(status.versions()).containsExactly(2);
    assertThat(status.rotation())
        .contains(new KeyRotations.Rotation(2, 1200, 1200, T1, Optional.of(T1)));
  }

  @Test
  void rewrapsInASecondPassACustomerAStaleNodeWroteUnderTheOlderVersionBehindTheCursor() {
    Keyring stale = keyring();
    assertThat(stale.keys("m1").currentVersion()).isEqualTo(1);
    KeyRotations rotations = node(keyring());
    rotations.start("m1");
    assertThat(rotations.step("m1")).isEqualTo(KeyRotations.Step.ADVANCED);
    Customer behind = customer(0);
    store(stale).write(new CustomerStore.Insert(behind, CALLER));
    assertThat(
            testDatabase.query(
                "select key_version from customers where id = 'cst_0000000000000000'"))
        .as(
            "the stale node still wrote under version 1 (it loaded it less than %s ago)",
            Keyring.MAX_AGE)
        .containsExactly("1");

    assertThat(rotations.step("m1")).isEqualTo(KeyRotations.Step.ADVANCED);
    assertThat(rotations.step("m1"))
        .as("the last batch finds the stale customer behind the cursor and starts over")
        .isEqualTo(KeyRotations.Step.ADVANCED);
    assertThat(rotation()).containsExactly("2||1200|" + CUSTOMERS + "|running");
    assertThat(rotations.step("m1")).isEqualTo(KeyRotations.Step.ADVANCED);
    assertThat(rotations.step("m1")).isEqualTo(KeyRotations.Step.ADVANCED);
    assertThat(rotations.step("m1")).isEqualTo(KeyRotations.Step.FINISHED);

    assertThat(rotation())
        .containsExactly("2|cst_0000000000001200|1201|" + CUSTOMERS + "|finished");
    assertThat(keyVersions()).containsExactly("2|" + (CUSTOMERS + 1));
    assertThat(merchantKeyVersions()).containsExactly("2");
    List<Customer> all = new ArrayList<>(written);
    all.add(behind);
    assertEveryCustomerReadsBackAsWritten(all);
  }

  @Test
  void twoNodesSteppingAtOnceNeverReWrapTheSameBatchTwice() throws Exception {
    node(keyring()).start("m1");
    KeyRotations one = node(keyring());
    KeyRotations two = node(keyring());
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<List<KeyRotations.Step>> first = threads.submit(steps(one, go));
      Future<List<KeyRotations.Step>> second = threads.submit(steps(two, go));
      go.countDown();
      List<KeyRotations.Step> done = new ArrayList<>(first.get(60, TimeUnit.SECONDS));
      done.addAll(second.get(60, TimeUnit.SECONDS));

      assertThat(done.stream().filter(s -> s == KeyRotations.Step.ADVANCED)).hasSize(2);
      assertThat(done.stream().filter(s -> s == KeyRotations.Step.FINISHED)).hasSize(1);
    } finally {
      threads.shutdownNow();
    }
    assertThat(rotation())
        .containsExactly("2|cst_0000000000001200|1200|" + CUSTOMERS + "|finished");
    assertThat(keyVersions()).containsExactly("2|" + CUSTOMERS);
    assertThat(merchantKeyVersions()).containsExactly("2");
    assertEveryCustomerReadsBackAsWritten(written);
  }

  /** Steps until the rotation is over, leaving a busy rotation to the other node for a moment. */
  private static Callable<List<KeyRotations.Step>> steps(KeyRotations node, CountDownLatch go) {
    return () -> {
      go.await();
      List<KeyRotations.Step> steps = new ArrayList<>();
      while (true) {
        KeyRotations.Step step = node.step("m1");
        if (step == KeyRotations.Step.NONE) {
          return steps;
        }
        if (step == KeyRotations.Step.BUSY) {
          Thread.sleep(5);
        } else {
          steps.add(step);
        }
      }
    };
  }
}
