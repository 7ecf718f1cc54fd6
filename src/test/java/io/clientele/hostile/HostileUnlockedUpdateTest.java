package io.clientele.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerException;
import io.clientele.customer.CustomerStore;
import io.clientele.customer.HistoryEntry;
import io.clientele.customer.Lookup;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.merchant.Caller;
import io.clientele.merchant.Merchant;
import io.clientele.storage.Database;
import io.clientele.storage.JdbcCustomerStore;
import io.clientele.storage.JdbcMerchantStore;
import io.clientele.storage.Keyring;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.TestKeys;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL write path without a lock, attacked with read-modify-write changes that would show
 * any lost update: every writer appends its own mark to a field of the state it was given.
 */
class HostileUnlockedUpdateTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  private static final String ID = "cst_aaaaaaaaaaaaaaaa";

  private TestDatabase testDatabase;
  private Database database;
  private JdbcCustomerStore store;

  @BeforeEach
  void open() {
    testDatabase = TestDatabase.postgres();
    database = Database.open(testDatabase.config());
    database.migrate(TestKeys.MASTER);
    new JdbcMerchantStore(database.dataSource()).create(new Merchant("m1", "Shop", List.of(), T0));
    store =
        new JdbcCustomerStore(
            database.dataSource(), new Keyring(database.dataSource(), TestKeys.MASTER));
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  private static Caller caller(String request) {
    return new Caller("m1", "crd_1", "juspay", null, request);
  }

  private static Customer customer(String id, String reference) {
    Map<Field, String> values = new EnumMap<>(Field.class);
    values.put(Field.ADDRESS, "");
    values.put(Field.CITY, "Kochi");
    return new Customer(
        id,
        "m1",
        reference,
        null,
        Customer.Scope.GLOBAL,
        new PersonalData(values),
        Customer.Status.ACTIVE,
        T0,
        T0,
        1);
  }

  /** Appends {@code mark} to the address of whatever state it is given, with the next version. */
  private static UnaryOperator<Customer> appending(String mark) {
    return current -> {
      Map<Field, String> values = new EnumMap<>(Field.class);
      values.putAll(current.personal().values());
      values.put(Field.ADDRESS, current.personal().address() + mark);
      return new Customer(
          current.id(),
          current.merchantId(),
          current.reference(),
          current.projectId(),
          current.scope(),
          new PersonalData(values),
          current.status(),
          current.createdAt(),
          Instant.now().truncatedTo(ChronoUnit.MICROS),
          current.version() + 1);
    };
  }

  /**
   * 8 writers x 12 read-modify-write changes through the lock-free path (and its locked fallback
   * when it loses three times) lose nothing: every mark is in the final value once, versions run
   * 1..97 without a gap, and each history row's old value is the previous row's new.
   */
  @Test
  void racingReadModifyWriteChangesLoseNothing() throws Exception {
    store.write(new CustomerStore.Insert(customer(ID, "ref-1"), caller("create")));
    int writers = 8;
    int changes = 12;
    ExecutorService threads = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        final int writer = w;
        done.add(
            threads.submit(
                (Callable<Void>)
                    () -> {
                      start.await();
                      for (int c = 0; c < changes; c++) {
                        String mark = "" + (char) ('A' + writer) + (char) ('a' + c);
                        Lookup lookup =
                            c % 2 == 0
                                ? Lookup.idOrReference("m1", ID)
                                : Lookup.idOrReference("m1", "ref-1");
                        store.write(
                            new CustomerStore.Update(
                                lookup, appending(mark), Set.of(), caller("w" + writer + c)));
                      }
                      return null;
                    }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    Customer last = store.findById("m1", ID).orElseThrow();
    long total = (long) writers * changes;
    assertThat(last.version()).isEqualTo(total + 1);
    String address = last.personal().address();
    for (int w = 0; w < writers; w++) {
      for (int c = 0; c < changes; c++) {
        String mark = "" + (char) ('A' + w) + (char) ('a' + c);
        assertThat(address.indexOf(mark)).as(mark).isGreaterThanOrEqualTo(0);
        assertThat(address.indexOf(mark)).isEqualTo(address.lastIndexOf(mark));
      }
    }
    List<HistoryEntry> history =
        store.history("m1", ID, (int) total + 10, Long.MAX_VALUE).orElseThrow();
    assertThat(history)
        .extracting(HistoryEntry::version)
        .containsExactlyElementsOf(
            LongStream.rangeClosed(1, total + 1).map(v -> total + 2 - v).boxed().toList());
    String expectedNew = address;
    for (HistoryEntry entry : history) {
      if (entry.version() == 1) {
        break;
      }
      var change =
          entry.fields().stream().filter(f -> f.name().equals("address")).findFirst().orElseThrow();
      assertThat(change.newValue())
          .as("new value at version %d", entry.version())
          .isEqualTo(expectedNew);
      expectedNew = change.oldValue();
    }
    assertThat(expectedNew).isEqualTo("");
  }

  /**
   * Creates racing for one reference through the one-statement insert: exactly one is stored with
   * one history row; every other gets ReferenceTaken, never a storage error.
   */
  @Test
  void racingCreatesOfOneReferenceAreRefusedAsReferenceTaken() throws Exception {
    int racers = 12;
    ExecutorService threads = Executors.newFixedThreadPool(racers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int r = 0; r < racers; r++) {
        String id = "cst_bbbbbbbbbbbbbb" + (char) ('a' + r / 26) + (char) ('a' + r % 26);
        results.add(
            threads.submit(
                () -> {
                  start.await();
                  try {
                    store.write(
                        new CustomerStore.Insert(customer(id, "same-ref"), caller("c" + id)));
                    return "stored " + id;
                  } catch (CustomerException.ReferenceTaken e) {
                    return "taken";
                  }
                }));
      }
      start.countDown();
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : results) {
        outcomes.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(outcomes.stream().filter(o -> o.startsWith("stored"))).hasSize(1);
      assertThat(outcomes.stream().filter(o -> o.equals("taken"))).hasSize(racers - 1);
      String winner =
          outcomes.stream()
              .filter(o -> o.startsWith("stored"))
              .findFirst()
              .orElseThrow()
              .substring(7);
      assertThat(store.history("m1", winner, 10, Long.MAX_VALUE).orElseThrow()).hasSize(1);
      assertThat(testDatabase.query("select count(*) from customer_changes")).containsExactly("1");
    } finally {
      threads.shutdownNow();
    }
  }
}
