package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.customer.Change;
import io.clientele.customer.Customer;
import io.clientele.customer.CustomerException;
import io.clientele.customer.CustomerPatch;
import io.clientele.customer.CustomerQuery;
import io.clientele.customer.CustomerStore;
import io.clientele.customer.HistoryEntry;
import io.clientele.customer.Lookup;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.merchant.Caller;
import io.clientele.merchant.Merchant;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.TestKeys;
import java.time.Instant;
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

/** What every engine's customer store must do; run once per engine by its subclasses. */
abstract class CustomerStoreContract {
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");
  static final Instant T1 = Instant.parse("2026-01-02T04:05:06.654321Z");
  static final Caller CALLER = new Caller("m1", "crd_1", "juspay", null, "req-1");
  static final Caller CALLER_M2 = new Caller("m2", "crd_2", "juspay", null, "req-2");

  TestDatabase testDatabase;
  Database database;
  JdbcCustomerStore store;

  abstract TestDatabase.Engine engine();

  @BeforeEach
  void openDatabase() {
    testDatabase = TestDatabase.create(engine());
    database = Database.open(testDatabase.config());
    assertThat(database.migrate(TestKeys.MASTER)).isEqualTo(15);
    store =
        new JdbcCustomerStore(
            database.dataSource(), new Keyring(database.dataSource(), TestKeys.MASTER));
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

  static PersonalData john() {
    Map<Field, String> values = new EnumMap<>(Field.class);
    values.put(Field.FIRST_NAME, "John");
    values.put(Field.LAST_NAME, "Smith");
    values.put(Field.NAME, "John Smith");
    values.put(Field.EMAIL, "john@example.com");
    values.put(Field.MOBILE_COUNTRY_CODE, "65");
    values.put(Field.MOBILE_NUMBER, "99887766");
    values.put(Field.ADDRESS, "12 Main Road");
    values.put(Field.CITY, "Kochi");
    values.put(Field.STATE, "Kerala");
    values.put(Field.COUNTRY, "India");
    values.put(Field.PINCODE, "682308");
    return new PersonalData(values);
  }

  static Customer customer(String merchantId, String id, String reference) {
    return customer(merchantId, id, reference, john(), T0);
  }

  static Customer customer(
      String merchantId, String id, String reference, PersonalData personal, Instant created) {
    return new Customer(
        id,
        merchantId,
        reference,
        "proj_1",
        Customer.Scope.PROJECT,
        personal,
        Customer.Status.ACTIVE,
        created,
        created,
        1);
  }

  Change insert(Customer customer) {
    Caller caller = customer.merchantId().equals("m1") ? CALLER : CALLER_M2;
    return store.write(new CustomerStore.Insert(customer, caller));
  }

  Change update(String merchantId, String key, UnaryOperator<Customer> next) {
    return update(merchantId, key, next, Set.of());
  }

  Change update(
      String merchantId,
      String key,
      UnaryOperator<Customer> next,
      Set<CustomerPatch.Unique> unique) {
    Caller caller = merchantId.equals("m1") ? CALLER : CALLER_M2;
    return store.write(
        new CustomerStore.Update(Lookup.idOrReference(merchantId, key), next, unique, caller));
  }

  static UnaryOperator<Customer> setting(Field field, String value) {
    return c -> c.apply(CustomerPatch.builder().set(field, value).build(), T1);
  }

  List<HistoryEntry> history(String customerId) {
    return store.history("m1", customerId, 1000, Long.MAX_VALUE).orElseThrow();
  }

  @Test
  void readsBackEveryFieldOfACreatedCustomerById() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    Change change = insert(created);

    assertThat(change.before()).isNull();
    assertThat(change.after()).isEqualTo(created);
    assertThat(store.findById("m1", "cst_aaaaaaaaaaaaaaaa")).contains(created);
  }

  @Test
  void findsACustomerByItsReference() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer@example.com");
    insert(created);

    assertThat(store.findByReference("m1", "customer@example.com")).contains(created);
  }

  @Test
  void keepsAbsentPersonalFieldsAbsent() {
    Customer bare =
        new Customer(
            "cst_bbbbbbbbbbbbbbbb",
            "m1",
            "customer-0002",
            null,
            Customer.Scope.GLOBAL,
            PersonalData.NONE,
            Customer.Status.ACTIVE,
            T0,
            T0,
            1);
    insert(bare);

    assertThat(store.findById("m1", bare.id())).contains(bare);
  }

  @Test
  void answersEmptyForUnknownIdAndReference() {
    assertThat(store.findById("m1", "cst_zzzzzzzzzzzzzzzz")).isEmpty();
    assertThat(store.findByReference("m1", "nobody-at-all")).isEmpty();
  }

  @Test
  void writesAChangeAndAnswersBeforeAndAfter() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    insert(created);

    Change change = update("m1", created.id(), setting(Field.FIRST_NAME, "Johnny"));

    assertThat(change.before()).isEqualTo(created);
    assertThat(change.after().version()).isEqualTo(2);
    assertThat(change.after().personal().firstName()).isEqualTo("Johnny");
    assertThat(change.after().updatedAt()).isEqualTo(T1);
    assertThat(store.findById("m1", created.id())).contains(change.after());
  }

  @Test
  void findsTheCustomerToChangeByReferenceToo() {
    insert(customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001"));

    Change change = update("m1", "customer-0001", setting(Field.CITY, "Pune"));

    assertThat(change.after().id()).isEqualTo("cst_aaaaaaaaaaaaaaaa");
    assertThat(change.after().personal().city()).isEqualTo("Pune");
  }

  @Test
  void writesNothingWhenTheChangeKeepsTheCustomer() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    insert(created);

    Change change = update("m1", created.id(), c -> c);

    assertThat(change.wroteSomething()).isFalse();
    assertThat(store.findById("m1", created.id())).contains(created);
    assertThat(history(created.id())).hasSize(1);
  }

  @Test
  void writesNothingWhenTheChangeRefuses() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    insert(created);

    assertThatThrownBy(
            () ->
                update(
                    "m1",
                    created.id(),
                    c -> {
                      throw new CustomerException.NotFound("refused");
                    }))
        .isInstanceOf(CustomerException.NotFound.class);
    assertThat(store.findById("m1", created.id())).contains(created);
    assertThat(history(created.id())).hasSize(1);
  }

  @Test
  void rejectsASecondLiveCustomerWithTheSameReference() {
    insert(customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001"));

    assertThatThrownBy(() -> insert(customer("m1", "cst_bbbbbbbbbbbbbbbb", "customer-0001")))
        .isInstanceOfSatisfying(
            CustomerException.ReferenceTaken.class,
            e -> assertThat(e.reference()).isEqualTo("customer-0001"));
    assertThat(store.count("m1")).isEqualTo(1);
    assertThat(testDatabase.query("select count(*) from customer_changes")).containsExactly("1");
  }

  @Test
  void letsTwoMerchantsUseTheSameReference() {
    insert(customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001"));
    insert(customer("m2", "cst_bbbbbbbbbbbbbbbb", "customer-0001"));

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
              insert(customer("m1", id, "raced-reference"));
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
    insert(created);

    assertThat(store.findById("m2", created.id())).isEmpty();
    assertThat(store.findByReference("m2", created.reference())).isEmpty();
    assertThat(store.page("m2", 10, 0)).isEmpty();
    assertThat(store.count("m2")).isZero();
    assertThat(store.history("m2", created.id(), 10, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void neverChangesAnotherMerchantsCustomer() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    insert(created);

    assertThatThrownBy(() -> update("m2", created.id(), setting(Field.FIRST_NAME, "Mallory")))
        .isInstanceOf(CustomerException.NotFound.class);
    assertThatThrownBy(() -> update("m2", created.reference(), setting(Field.NAME, "Mallory")))
        .isInstanceOf(CustomerException.NotFound.class);
    assertThat(store.findById("m1", created.id())).contains(created);
  }

  @Test
  void pagesLiveCustomersOldestFirstWithLimitAndOffset() {
    for (int i = 0; i < 5; i++) {
      insert(
          customer(
              "m1",
              "cst_" + "abcde".charAt(i) + "aaaaaaaaaaaaaaa",
              "customer-000" + i,
              john(),
              T0.plusSeconds(5 - i)));
    }

    assertThat(store.page("m1", 2, 1).stream().map(Customer::reference))
        .containsExactly("customer-0003", "customer-0002");
    assertThat(store.count("m1")).isEqualTo(5);
  }

  @Test
  void erasingKeepsOnlyATombstoneAndFreesTheReference() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    insert(created);

    Change erase = update("m1", created.id(), c -> c.erased(T1));

    assertThat(erase.kind()).isEqualTo(Change.Kind.ERASE);
    assertThat(store.findById("m1", created.id())).isEmpty();
    assertThat(store.findByReference("m1", created.reference())).isEmpty();
    assertThat(store.count("m1")).isZero();
    assertThat(TombstoneReader.rawRow(database, created.id()))
        .isEqualTo("cst_aaaaaaaaaaaaaaaa|null|null|null|null|null|null|DELETED|2");
    insert(customer("m1", "cst_bbbbbbbbbbbbbbbb", "customer-0001"));
    assertThat(store.findByReference("m1", "customer-0001").orElseThrow().id())
        .isEqualTo("cst_bbbbbbbbbbbbbbbb");
  }

  @Test
  void erasingRemovesEveryPersonalValueFromTheHistoryAndKeepsTheFacts() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    insert(created);
    update("m1", created.id(), setting(Field.EMAIL, "johnny@example.com"));
    update("m1", created.id(), c -> c.erased(T1));

    assertThat(
            testDatabase.query(
                "select version, kind, dialect, credential_id, request_id, personal_values"
                    + " from customer_changes order by version"))
        .containsExactly(
            "1|CREATE|juspay|crd_1|req-1|null",
            "2|CHANGE|juspay|crd_1|req-1|null",
            "3|ERASE|juspay|crd_1|req-1|null");
    String stored = String.join("\n", testDatabase.query("select fields from customer_changes"));
    for (String value : john().values().values()) {
      assertThat(stored).doesNotContain(value);
    }
    assertThat(stored).doesNotContain("johnny@example.com");
    assertThat(history(created.id()).get(1).fields())
        .containsExactly(new Change.FieldChange("email", null, null, true));
  }

  @Test
  void keepsEachChangesValuesWhileTheCustomerLives() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    insert(created);
    update(
        "m1",
        created.id(),
        c ->
            c.apply(
                CustomerPatch.builder()
                    .scope(Customer.Scope.GLOBAL)
                    .set(Field.EMAIL, "johnny@example.com")
                    .clear(Field.CITY)
                    .build(),
                T1));

    HistoryEntry newest = history(created.id()).get(0);

    assertThat(newest)
        .isEqualTo(
            new HistoryEntry(
                2,
                T1,
                Change.Kind.CHANGE,
                "juspay",
                "crd_1",
                "req-1",
                List.of(
                    new Change.FieldChange("scope", "PROJECT", "GLOBAL", false),
                    new Change.FieldChange("email", "john@example.com", "johnny@example.com", true),
                    new Change.FieldChange("city", "Kochi", null, true)),
                false));
  }

  @Test
  void pagesTheHistoryNewestFirstBelowAVersion() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    insert(created);
    for (int i = 0; i < 4; i++) {
      update("m1", created.id(), setting(Field.CITY, "City" + i));
    }

    assertThat(store.history("m1", created.id(), 2, Long.MAX_VALUE).orElseThrow())
        .extracting(HistoryEntry::version)
        .containsExactly(5L, 4L);
    assertThat(store.history("m1", created.id(), 2, 4).orElseThrow())
        .extracting(HistoryEntry::version)
        .containsExactly(3L, 2L);
    assertThat(store.history("m1", created.id(), 2, 2).orElseThrow())
        .extracting(HistoryEntry::version)
        .containsExactly(1L);
    assertThat(store.history("m1", "cst_zzzzzzzzzzzzzzzz", 2, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void refusesAnEmailClaimedByAnotherLiveCustomer() {
    insert(customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001"));
    Customer other = customer("m1", "cst_bbbbbbbbbbbbbbbb", "customer-0002");
    insert(other);
    update("m1", other.id(), setting(Field.EMAIL, "other@example.com"));
    Set<CustomerPatch.Unique> unique = Set.of(CustomerPatch.Unique.EMAIL);

    assertThatThrownBy(
            () -> update("m1", other.id(), setting(Field.EMAIL, "JOHN@example.com"), unique))
        .isInstanceOf(CustomerException.EmailTaken.class);
    assertThat(store.findById("m1", other.id()).orElseThrow().personal().email())
        .isEqualTo("other@example.com");
    assertThat(history(other.id())).hasSize(2);
    assertThat(
            update("m1", "cst_aaaaaaaaaaaaaaaa", setting(Field.CITY, "Pune"), unique)
                .after()
                .version())
        .isEqualTo(2L);
  }

  @Test
  void letsOnlyOneOfTwoRacingClaimsOfAnEmailWin() throws Exception {
    Set<CustomerPatch.Unique> unique = Set.of(CustomerPatch.Unique.EMAIL);
    for (int round = 0; round < 5; round++) {
      String email = "race" + round + "@example.com";
      Customer a = customer("m1", "cst_" + round + "aaaaaaaaaaaaaaa", "racer-a-" + round);
      Customer b = customer("m1", "cst_" + round + "bbbbbbbbbbbbbbb", "racer-b-" + round);
      insert(a);
      insert(b);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> claims = new ArrayList<>();
      for (Customer racer : List.of(a, b)) {
        claims.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return update("m1", racer.id(), setting(Field.EMAIL, email), unique)
                        .wroteSomething();
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
      assertThat(store.page("m1", 100, 0).stream().filter(c -> email.equals(c.personal().email())))
          .hasSize(1);
    }
  }

  @Test
  void appliesFiftyRacingChangesOneAfterAnotherWithAHistoryRowEach() throws Exception {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    insert(created);
    int writers = 50;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Change>> results = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      String city = "City" + i;
      results.add(
          pool.submit(
              () -> {
                go.await();
                return update("m1", created.id(), setting(Field.CITY, city));
              }));
    }
    go.countDown();
    List<Long> versions = new ArrayList<>();
    for (Future<Change> result : results) {
      Change change = result.get(60, TimeUnit.SECONDS);
      assertThat(change.after().version()).isEqualTo(change.before().version() + 1);
      versions.add(change.after().version());
    }
    pool.shutdown();

    assertThat(versions)
        .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(2, 51).boxed().toList());
    assertThat(store.findById("m1", created.id()).orElseThrow().version()).isEqualTo(51);
    assertThat(history(created.id()))
        .extracting(HistoryEntry::version)
        .containsExactlyElementsOf(
            LongStream.iterate(51, v -> v >= 1, v -> v - 1).boxed().toList());
    List<HistoryEntry> changes = history(created.id()).subList(0, writers);
    for (int i = 0; i < changes.size() - 1; i++) {
      String newer = changes.get(i).fields().get(0).oldValue();
      String older = changes.get(i + 1).fields().get(0).newValue();
      assertThat(newer).as("each change starts where the one before ended").isEqualTo(older);
    }
  }

  @Test
  void findsNothingToChangeForAnotherMerchantOrATombstone() {
    Customer created = customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001");
    insert(created);

    assertThatThrownBy(() -> update("m2", created.id(), c -> c))
        .isInstanceOf(CustomerException.NotFound.class);
    update("m1", created.id(), c -> c.erased(T1));
    assertThatThrownBy(() -> update("m1", created.id(), setting(Field.CITY, "Pune")))
        .isInstanceOf(CustomerException.NotFound.class);
    assertThat(history(created.id())).hasSize(2);
  }

  static PersonalData reached(String email, String countryCode, String number) {
    Map<Field, String> values = new EnumMap<>(Field.class);
    values.put(Field.EMAIL, email);
    values.put(Field.MOBILE_COUNTRY_CODE, countryCode);
    values.put(Field.MOBILE_NUMBER, number);
    return new PersonalData(values);
  }

  List<String> ids(String merchantId, CustomerQuery query, String after, int limit) {
    return store.search(merchantId, query, after, limit).stream().map(Customer::id).toList();
  }

  @Test
  void findsLiveCustomersByEmailInAnyCaseAndByPhoneAsE164InIdOrder() {
    insert(
        customer(
            "m1",
            "cst_bbbbbbbbbbbbbbbb",
            "r-b",
            reached("Asha@Example.com", "65", "99887766"),
            T0));
    insert(
        customer(
            "m1",
            "cst_aaaaaaaaaaaaaaaa",
            "r-a",
            reached("asha@example.COM", "65", "99887766"),
            T0));
    insert(
        customer(
            "m1",
            "cst_cccccccccccccccc",
            "r-c",
            reached("ravi@example.com", "91", "99887766"),
            T0));
    insert(
        customer(
            "m2",
            "cst_dddddddddddddddd",
            "r-d",
            reached("asha@example.com", "65", "99887766"),
            T0));

    assertThat(ids("m1", CustomerQuery.email("ASHA@example.com"), "", 10))
        .containsExactly("cst_aaaaaaaaaaaaaaaa", "cst_bbbbbbbbbbbbbbbb");
    assertThat(ids("m1", CustomerQuery.phone("+6599887766"), "", 10))
        .containsExactly("cst_aaaaaaaaaaaaaaaa", "cst_bbbbbbbbbbbbbbbb");
    assertThat(ids("m1", CustomerQuery.phone("+6599887766"), "cst_aaaaaaaaaaaaaaaa", 10))
        .containsExactly("cst_bbbbbbbbbbbbbbbb");
    assertThat(ids("m1", CustomerQuery.reference("r-c"), "", 10))
        .containsExactly("cst_cccccccccccccccc");
    assertThat(ids("m1", CustomerQuery.EVERY, "", 2))
        .containsExactly("cst_aaaaaaaaaaaaaaaa", "cst_bbbbbbbbbbbbbbbb");
    assertThat(store.count("m1", CustomerQuery.phone("+6599887766"))).isEqualTo(2);
    assertThat(store.count("m2", CustomerQuery.EVERY)).isEqualTo(1);
  }

  @Test
  void keepsTheSearchKeysOfEveryChangeAndDropsThemOnErasure() {
    insert(
        customer(
            "m1",
            "cst_aaaaaaaaaaaaaaaa",
            "r-a",
            reached("asha@example.com", "65", "99887766"),
            T0));
    update("m1", "cst_aaaaaaaaaaaaaaaa", setting(Field.EMAIL, "Asha.Rao@Example.com"));
    update("m1", "cst_aaaaaaaaaaaaaaaa", setting(Field.MOBILE_NUMBER, "90000001"));

    assertThat(ids("m1", CustomerQuery.email("asha@example.com"), "", 10)).isEmpty();
    assertThat(ids("m1", CustomerQuery.email("asha.rao@example.com"), "", 10))
        .containsExactly("cst_aaaaaaaaaaaaaaaa");
    assertThat(ids("m1", CustomerQuery.phone("+6599887766"), "", 10)).isEmpty();
    assertThat(ids("m1", CustomerQuery.phone("+6590000001"), "", 10))
        .containsExactly("cst_aaaaaaaaaaaaaaaa");

    update("m1", "cst_aaaaaaaaaaaaaaaa", c -> c.erased(T1));

    assertThat(ids("m1", CustomerQuery.email("asha.rao@example.com"), "", 10)).isEmpty();
    assertThat(ids("m1", CustomerQuery.phone("+6590000001"), "", 10)).isEmpty();
    assertThat(ids("m1", CustomerQuery.reference("r-a"), "", 10)).isEmpty();
    assertThat(testDatabase.query("select email_key, phone_key from customers"))
        .containsExactly("null|null");
  }

  @Test
  void insertsABatchWithAHistoryRowEach() {
    Customer a = customer("m1", "cst_aaaaaaaaaaaaaaaa", "r-a");
    Customer b =
        customer("m1", "cst_bbbbbbbbbbbbbbbb", "r-b", reached("b@example.com", "91", "1"), T1);

    List<Change> changes = store.insertAll(List.of(a, b), CALLER);

    assertThat(changes).extracting(Change::after).containsExactly(a, b);
    assertThat(store.findById("m1", a.id())).contains(a);
    assertThat(store.findById("m1", b.id())).contains(b);
    assertThat(ids("m1", CustomerQuery.phone("+911"), "", 10)).containsExactly(b.id());
    assertThat(history(b.id()))
        .extracting(HistoryEntry::version, HistoryEntry::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, Change.Kind.CREATE));
  }

  @Test
  void writesNoRowOfABatchWhenOneOfItsReferencesIsTaken() {
    insert(customer("m1", "cst_cccccccccccccccc", "r-c"));
    Customer a = customer("m1", "cst_aaaaaaaaaaaaaaaa", "r-a");
    Customer b = customer("m1", "cst_bbbbbbbbbbbbbbbb", "r-b");
    Customer taken = customer("m1", "cst_dddddddddddddddd", "r-c");

    assertThatThrownBy(() -> store.insertAll(List.of(a, b, taken), CALLER))
        .isInstanceOf(CustomerException.ReferenceTaken.class);

    assertThat(store.count("m1")).isEqualTo(1);
    assertThat(testDatabase.query("select count(*) from customer_changes")).containsExactly("1");
  }

  @Test
  void findsKnownCustomersByLiveReferenceAndByIdEvenErased() {
    insert(customer("m1", "cst_aaaaaaaaaaaaaaaa", "r-a"));
    insert(customer("m1", "cst_bbbbbbbbbbbbbbbb", "r-b"));
    update("m1", "cst_bbbbbbbbbbbbbbbb", c -> c.erased(T1));
    insert(customer("m2", "cst_cccccccccccccccc", "r-c"));

    assertThat(
            store.findKnown(
                "m1",
                List.of("r-a", "r-b", "r-c"),
                List.of("cst_bbbbbbbbbbbbbbbb", "cst_aaaaaaaaaaaaaaaa", "cst_cccccccccccccccc")))
        .extracting(Customer::id, Customer::status)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("cst_aaaaaaaaaaaaaaaa", Customer.Status.ACTIVE),
            org.assertj.core.groups.Tuple.tuple("cst_bbbbbbbbbbbbbbbb", Customer.Status.DELETED));
    assertThat(store.findKnown("m1", List.of(), List.of())).isEmpty();
  }

  @Test
  void insertsABatchOfValuesHoldingBackslashesQuotesAndNullMarkersExactly() {
    Map<Field, String> values = new EnumMap<>(Field.class);
    values.put(Field.NAME, "\\N");
    values.put(Field.FIRST_NAME, "back\\slash \"quoted\" \\t");
    values.put(Field.ADDRESS, "ℓ𝔞ne ٣ — \u202Eright to left");
    values.put(Field.CITY, "\\");
    Customer odd =
        customer("m1", "cst_aaaaaaaaaaaaaaaa", "ref\\N\"x", new PersonalData(values), T0);

    store.insertAll(List.of(odd), CALLER);

    assertThat(store.findById("m1", odd.id())).contains(odd);
    assertThat(history(odd.id()).get(0).fields())
        .extracting(Change.FieldChange::name, Change.FieldChange::newValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("name", "\\N"),
            org.assertj.core.groups.Tuple.tuple("first_name", "back\\slash \"quoted\" \\t"),
            org.assertj.core.groups.Tuple.tuple("city", "\\"));
  }
}
