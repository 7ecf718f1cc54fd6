package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerChanges;
import io.clientele.customer.CustomerException;
import io.clientele.merchant.Merchant;
import io.clientele.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

/** What every engine's customer store must do; run once per engine by its subclasses. */
abstract class CustomerStoreContract {
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");
  static final Instant T1 = Instant.parse("2026-01-02T04:05:06.654321Z");

  TestDatabase testDatabase;
  Database database;
  JdbcCustomerStore store;

  abstract TestDatabase.Engine engine();

  @BeforeEach
  void openDatabase() {
    testDatabase = TestDatabase.create(engine());
    database = Database.open(testDatabase.config());
    assertThat(database.migrate()).isEqualTo(4);
    store = new JdbcCustomerStore(database.dataSource());
    JdbcMerchantStore merchants = new JdbcMerchantStore(database.dataSource());
    merchants.create(new Merchant("m1", "Merchant one", List.of(), T0));
    merchants.create(new Merchant("m2", "Merchant two", List.of(), T0));
  }

  /** Closes what was opened: nothing when the engine is absent and the test was skipped. */
  @AfterEach
  void closeDatabase() {
    if (database != null) {
      database.close();
    }
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  static Customer customer(String merchantId, String id, String reference) {
    return new Customer(
        id,
        merchantId,
        reference,
        "proj_1",
        Customer.Scope.PROJECT,
        "John",
        "Smith",
        "John Smith",
        "john@example.com",
        "65",
        "99887766",
        "12 Main Road",
        "Kochi",
        "Kerala",
        "India",
        "682308",
        Customer.Status.ACTIVE,
        T0,
        T0,
        1);
  }

  @Test
  void readsBackEveryFieldOfACreatedCustomerById() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    store.insert(created);

    Customer read = store.findById("m1", "cst_aaaaaaaaaaaaaaaa").orElseThrow();

    assertThat(read).usingRecursiveComparison().isEqualTo(created);
  }

  @Test
  void findsACustomerByItsReference() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer@example.com");
    store.insert(created);

    assertThat(store.findByReference("m1", "customer@example.com"))
        .get()
        .usingRecursiveComparison()
        .isEqualTo(created);
  }

  @Test
  void keepsNullFieldsNull() {
    Customer bare =
        new Customer(
            "cst_bbbbbbbbbbbbbbbb",
            "m1",
            "customer-0002",
            null,
            Customer.Scope.GLOBAL,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Customer.Status.ACTIVE,
            T0,
            T0,
            1);
    store.insert(bare);

    assertThat(store.findById("m1", bare.id())).get().usingRecursiveComparison().isEqualTo(bare);
  }

  @Test
  void answersEmptyForUnknownIdAndReference() {
    assertThat(store.findById("m1", "cst_zzzzzzzzzzzzzzzz")).isEmpty();
    assertThat(store.findByReference("m1", "nobody-at-all")).isEmpty();
  }

  @Test
  void updatesWhenTheVersionIsCurrent() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    store.insert(created);
    Customer changed =
        created.with(
            CustomerChanges.builder().firstName("Johnny").email("johnny@example.com").build(), T1);

    assertThat(store.update(changed)).isTrue();

    Customer read = store.findById("m1", created.id()).orElseThrow();
    assertThat(read).usingRecursiveComparison().isEqualTo(changed);
    assertThat(read.version()).isEqualTo(2);
    assertThat(read.firstName()).isEqualTo("Johnny");
    assertThat(read.lastName()).isEqualTo("Smith");
    assertThat(read.createdAt()).isEqualTo(T0);
    assertThat(read.updatedAt()).isEqualTo(T1);
  }

  @Test
  void refusesAnUpdateBasedOnAStaleVersion() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    store.insert(created);
    CustomerChanges rename = CustomerChanges.builder().firstName("First").build();
    assertThat(store.update(created.with(rename, T1))).isTrue();

    CustomerChanges other = CustomerChanges.builder().lastName("Second").build();
    assertThat(store.update(created.with(other, T1))).isFalse();

    Customer read = store.findById("m1", created.id()).orElseThrow();
    assertThat(read.firstName()).isEqualTo("First");
    assertThat(read.lastName()).isEqualTo("Smith");
    assertThat(read.version()).isEqualTo(2);
  }

  @Test
  void rejectsASecondLiveCustomerWithTheSameReference() {
    store.insert(customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001"));

    assertThatThrownBy(() -> store.insert(customer("m1", "cst_bbbbbbbbbbbbbbbb", "customer-0001")))
        .isInstanceOfSatisfying(
            CustomerException.ReferenceTaken.class,
            e -> assertThat(e.reference()).isEqualTo("customer-0001"));
    assertThat(store.count("m1")).isEqualTo(1);
  }

  @Test
  void letsTwoMerchantsUseTheSameReference() {
    store.insert(customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001"));
    store.insert(customer("m2", "cst_bbbbbbbbbbbbbbbb", "customer-0001"));

    assertThat(store.findByReference("m1", "customer-0001").orElseThrow().id())
        .isEqualTo("cst_aaaaaaaaaaaaaaaa");
    assertThat(store.findByReference("m2", "customer-0001").orElseThrow().id())
        .isEqualTo("cst_bbbbbbbbbbbbbbbb");
  }

  @Test
  void acceptsExactlyOneOfManyConcurrentInsertsOfOneReference() throws Exception {
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      String id = "cst_" + "abcdefgh".charAt(i) + "aaaaaaaaaaaaaaa";
      Callable<Boolean> insert =
          () -> {
            start.await();
            try {
              store.insert(customer("m1", id, "raced-reference"));
              return true;
            } catch (CustomerException.ReferenceTaken e) {
              return false;
            }
          };
      results.add(pool.submit(insert));
    }
    start.countDown();
    int accepted = 0;
    for (Future<Boolean> result : results) {
      accepted += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();

    assertThat(accepted).isEqualTo(1);
    assertThat(store.count("m1")).isEqualTo(1);
  }

  @Test
  void neverShowsOneMerchantsCustomerToAnother() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    store.insert(created);

    assertThat(store.findById("m2", created.id())).isEmpty();
    assertThat(store.findByReference("m2", created.reference())).isEmpty();
    assertThat(store.list("m2", 10, 0)).isEmpty();
    assertThat(store.count("m2")).isZero();
  }

  @Test
  void neverUpdatesAnotherMerchantsCustomer() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    store.insert(created);
    Customer forged =
        new Customer(
            created.id(),
            "m2",
            created.reference(),
            null,
            Customer.Scope.GLOBAL,
            "Mallory",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Customer.Status.ACTIVE,
            T0,
            T1,
            2);

    assertThat(store.update(forged)).isFalse();
    assertThat(store.findById("m1", created.id()).orElseThrow().firstName()).isEqualTo("John");
  }

  @Test
  void listsLiveCustomersOldestFirstWithLimitAndOffset() {
    for (int i = 0; i < 5; i++) {
      Customer c =
          customer("m1", "cst_" + "abcde".charAt(i) + "aaaaaaaaaaaaaaa", "customer-000" + i);
      store.insert(
          new Customer(
              c.id(),
              c.merchantId(),
              c.reference(),
              c.projectId(),
              c.scope(),
              c.firstName(),
              c.lastName(),
              c.name(),
              c.email(),
              c.mobileCountryCode(),
              c.mobileNumber(),
              c.address(),
              c.city(),
              c.state(),
              c.country(),
              c.pincode(),
              c.status(),
              T0.plusSeconds(5 - i),
              T0.plusSeconds(5 - i),
              1));
    }

    assertThat(store.list("m1", 2, 1).stream().map(Customer::reference))
        .containsExactly("customer-0003", "customer-0002");
    assertThat(store.count("m1")).isEqualTo(5);
  }

  @Test
  void erasingKeepsOnlyATombstoneAndFreesTheReference() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    store.insert(created);

    assertThat(store.update(created.erased(T1))).isTrue();

    assertThat(store.findById("m1", created.id())).isEmpty();
    assertThat(store.findByReference("m1", created.reference())).isEmpty();
    assertThat(store.count("m1")).isZero();
    assertThat(TombstoneReader.rawRow(database, created.id()))
        .isEqualTo(
            "cst_aaaaaaaaaaaaaaaa|customer-0001|null|null|null|null|null|null|null|null|null|null|null|DELETED|2");
    store.insert(customer("m1", "cst_bbbbbbbbbbbbbbbb", "customer-0001"));
    assertThat(store.findByReference("m1", "customer-0001").orElseThrow().id())
        .isEqualTo("cst_bbbbbbbbbbbbbbbb");
  }

  @Test
  void refusesAnEmailClaimedByAnotherLiveCustomer() {
    store.insert(customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001"));
    Customer other = customer("m1", "cst_bbbbbbbbbbbbbbbb", "customer-0002");
    store.insert(other.with(CustomerChanges.builder().email("other@example.com").build(), T0));
    CustomerChanges claim = CustomerChanges.builder().email("JOHN@example.com").build();

    assertThatThrownBy(() -> store.modify("m1", other.id(), c -> c.with(claim, T1), true))
        .isInstanceOf(CustomerException.EmailTaken.class);
    assertThat(store.findById("m1", other.id()).orElseThrow().email())
        .isEqualTo("other@example.com");
    assertThat(
            store.modify("m1", "cst_aaaaaaaaaaaaaaaa", c -> c.with(CustomerChanges.NONE, T1), true))
        .get()
        .extracting(Customer::version)
        .isEqualTo(2L);
  }

  @Test
  void letsOnlyOneOfTwoRacingClaimsOfAnEmailWin() throws Exception {
    for (int round = 0; round < 5; round++) {
      String email = "race" + round + "@example.com";
      Customer a = customer("m1", "cst_" + round + "aaaaaaaaaaaaaaa", "racer-a-" + round);
      Customer b = customer("m1", "cst_" + round + "bbbbbbbbbbbbbbb", "racer-b-" + round);
      store.insert(a);
      store.insert(b);
      CustomerChanges claim = CustomerChanges.builder().email(email).build();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> claims = new ArrayList<>();
      for (Customer racer : List.of(a, b)) {
        claims.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return store.modify("m1", racer.id(), c -> c.with(claim, T1), true).isPresent();
                  } catch (CustomerException.EmailTaken taken) {
                    return false;
                  }
                }));
      }
      go.countDown();
      int won = 0;
      for (Future<Boolean> result : claims) {
        won += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      pool.shutdown();

      assertThat(won).isEqualTo(1);
      assertThat(store.list("m1", 100, 0).stream().filter(c -> email.equals(c.email()))).hasSize(1);
    }
  }

  @Test
  void appliesRacingModificationsOneAfterAnother() throws Exception {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    store.insert(created);
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Optional<Customer>>> results = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      String city = "City" + "abcdefgh".charAt(i);
      CustomerChanges change = CustomerChanges.builder().city(city).build();
      results.add(
          pool.submit(
              () -> {
                go.await();
                return store.modify("m1", created.id(), c -> c.with(change, T1), false);
              }));
    }
    go.countDown();
    for (Future<Optional<Customer>> result : results) {
      assertThat(result.get(30, TimeUnit.SECONDS)).isPresent();
    }
    pool.shutdown();

    assertThat(store.findById("m1", created.id()).orElseThrow().version()).isEqualTo(1 + writers);
  }

  @Test
  void findsNothingToModifyForAnotherMerchantOrATombstone() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    store.insert(created);

    assertThat(store.modify("m2", created.id(), c -> c.with(CustomerChanges.NONE, T1), false))
        .isEmpty();
    assertThat(store.modify("m1", created.id(), c -> c.erased(T1), false)).isPresent();
    assertThat(store.modify("m1", created.id(), c -> c.with(CustomerChanges.NONE, T1), false))
        .isEmpty();
  }

  @Test
  void refusesToUpdateATombstone() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    store.insert(created);
    Customer erased = created.erased(T1);
    store.update(erased);

    assertThat(store.update(erased.with(CustomerChanges.NONE, T1))).isFalse();
  }
}
