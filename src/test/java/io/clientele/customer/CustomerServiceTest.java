package io.clientele.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.customer.PersonalData.Field;
import io.clientele.merchant.Caller;
import io.clientele.merchant.Merchant;
import io.clientele.storage.Database;
import io.clientele.storage.JdbcCustomerStore;
import io.clientele.storage.JdbcMerchantStore;
import io.clientele.storage.Keyring;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.TestKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerServiceTest {
  TestDatabase testDatabase;
  Database database;
  CustomerService service;

  @BeforeEach
  void setUp() {
    testDatabase = TestDatabase.h2();
    database = Database.open(testDatabase.config());
    database.migrate(TestKeys.MASTER);
    new JdbcMerchantStore(database.dataSource())
        .create(new Merchant("m1", "Shop", List.of(), Instant.parse("2026-01-01T00:00:00Z")));
    service =
        new CustomerService(
            new JdbcCustomerStore(
                database.dataSource(), new Keyring(database.dataSource(), TestKeys.MASTER)),
            Clock.fixed(Instant.parse("2026-03-17T14:13:37.123456789Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    database.close();
    testDatabase.close();
  }

  static final Caller CALLER = new Caller("m1", "crd_1", "juspay", null, "req-1");

  static NewCustomer named(String reference, String first, String last) {
    Map<Field, String> personal = new EnumMap<>(Field.class);
    personal.put(Field.FIRST_NAME, first);
    personal.put(Field.LAST_NAME, last);
    personal.put(Field.MOBILE_COUNTRY_CODE, "91");
    personal.put(Field.MOBILE_NUMBER, "9876543210");
    return NewCustomer.global(reference, new PersonalData(personal));
  }

  static Lookup byKey(String key) {
    return Lookup.idOrReference("m1", key);
  }

  @Test
  void givesANewCustomerARandomIdVersionOneAndMicrosecondTimes() {
    Customer created = service.create(CALLER, named("customer-0001", "John", "Smith"));

    assertThat(created.id()).matches("cst_[a-z0-9]{16}");
    assertThat(created.version()).isEqualTo(1);
    assertThat(created.createdAt()).isEqualTo(Instant.parse("2026-03-17T14:13:37.123456Z"));
    assertThat(created.updatedAt()).isEqualTo(created.createdAt());
    assertThat(created.status()).isEqualTo(Customer.Status.ACTIVE);
  }

  @Test
  void findsByIdBeforeReference() {
    Customer first = service.create(CALLER, named("customer-0001", "First", null));
    Customer second = service.create(CALLER, named(first.id(), "Second", null));

    assertThat(service.find(byKey(first.id())).personal().firstName()).isEqualTo("First");
    assertThat(service.find(byKey("customer-0001")).id()).isEqualTo(first.id());
    assertThat(second.reference()).isEqualTo(first.id());
  }

  @Test
  void reportsAnUnknownCustomer() {
    assertThatThrownBy(() -> service.find(byKey("nobody-here")))
        .isInstanceOfSatisfying(
            CustomerException.NotFound.class, e -> assertThat(e.key()).isEqualTo("nobody-here"));
  }

  @Test
  void keepsBothOfTwoRacingUpdatesOfDifferentFields() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    for (int round = 0; round < 20; round++) {
      String reference = "racing-customer-" + round;
      service.create(CALLER, named(reference, "John", "Smith"));
      CountDownLatch start = new CountDownLatch(1);
      CustomerPatch first = CustomerPatch.builder().set(Field.FIRST_NAME, "Jane").build();
      CustomerPatch last = CustomerPatch.builder().set(Field.LAST_NAME, "Doe").build();
      Future<Customer> a =
          pool.submit(
              () -> {
                start.await();
                return service.change(CALLER, byKey(reference), first);
              });
      Future<Customer> b =
          pool.submit(
              () -> {
                start.await();
                return service.change(CALLER, byKey(reference), last);
              });
      start.countDown();
      a.get(10, TimeUnit.SECONDS);
      b.get(10, TimeUnit.SECONDS);

      Customer stored = service.find(byKey(reference));
      assertThat(stored.personal().firstName()).isEqualTo("Jane");
      assertThat(stored.personal().lastName()).isEqualTo("Doe");
      assertThat(stored.version()).isEqualTo(3);
    }
    pool.shutdown();
  }

  @Test
  void erasesACustomerSoNoLookupFindsIt() {
    Customer created = service.create(CALLER, named("customer-0001", "John", "Smith"));

    Customer tombstone = service.erase(CALLER, byKey("customer-0001"));

    assertThat(tombstone.personal()).isEqualTo(PersonalData.NONE);
    assertThat(tombstone.status()).isEqualTo(Customer.Status.DELETED);
    assertThatThrownBy(() -> service.find(byKey(created.id())))
        .isInstanceOf(CustomerException.NotFound.class);
    assertThatThrownBy(() -> service.erase(CALLER, byKey(created.id())))
        .isInstanceOf(CustomerException.NotFound.class);
    assertThat(service.create(CALLER, named("customer-0001", "New", null)).id())
        .isNotEqualTo(created.id());
  }

  @Test
  void writesNothingForAPatchThatKeepsEverything() {
    Customer created = service.create(CALLER, named("customer-0001", "John", "Smith"));

    Customer same = service.change(CALLER, byKey(created.id()), CustomerPatch.NONE);

    assertThat(same).isEqualTo(created);
    assertThat(service.history("m1", created.id(), 10, Long.MAX_VALUE)).hasSize(1);
  }

  @Test
  void writesNothingForAPatchSettingTheStoredValues() {
    Customer created = service.create(CALLER, named("customer-0001", "John", "Smith"));
    CustomerPatch same =
        CustomerPatch.builder().set(Field.FIRST_NAME, "John").set(Field.LAST_NAME, "Smith").build();

    assertThat(service.change(CALLER, byKey(created.id()), same)).isEqualTo(created);
    assertThat(service.history("m1", created.id(), 10, Long.MAX_VALUE)).hasSize(1);
  }

  @Test
  void refusesAPatchNamingAnotherReference() {
    Customer created = service.create(CALLER, named("customer-0001", "John", "Smith"));
    CustomerPatch patch =
        CustomerPatch.builder().reference("customer-0002").set(Field.FIRST_NAME, "Jane").build();

    assertThatThrownBy(() -> service.change(CALLER, byKey(created.id()), patch))
        .isInstanceOfSatisfying(
            CustomerException.Invalid.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(new FieldError("reference", FieldError.Code.IMMUTABLE)));
    assertThat(service.find(byKey(created.id())).version()).isEqualTo(1);
  }

  @Test
  void refusesToWriteForAnotherMerchantThanTheCallers() {
    Caller other = new Caller("m2", "crd_2", "juspay", null, "req-2");

    assertThatThrownBy(() -> service.change(other, byKey("customer-0001"), CustomerPatch.NONE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recordsEveryWriteNewestFirstWithWhoMadeIt() {
    Customer created = service.create(CALLER, named("customer-0001", "John", "Smith"));
    Caller flowwise = new Caller("m1", "crd_9", "flowwise", "proj_1", "req-2");
    service.change(
        flowwise,
        byKey(created.id()),
        CustomerPatch.builder()
            .set(Field.EMAIL, "john@example.com")
            .clear(Field.LAST_NAME)
            .build());

    List<HistoryEntry> history = service.history("m1", created.id(), 10, Long.MAX_VALUE);

    Instant at = Instant.parse("2026-03-17T14:13:37.123456Z");
    assertThat(history)
        .containsExactly(
            new HistoryEntry(
                2,
                at,
                Change.Kind.CHANGE,
                "flowwise",
                "crd_9",
                "req-2",
                List.of(
                    new Change.FieldChange("last_name", "Smith", null, true),
                    new Change.FieldChange("email", null, "john@example.com", true)),
                false),
            new HistoryEntry(
                1,
                at,
                Change.Kind.CREATE,
                "juspay",
                "crd_1",
                "req-1",
                List.of(
                    new Change.FieldChange("scope", null, "GLOBAL", false),
                    new Change.FieldChange("first_name", null, "John", true),
                    new Change.FieldChange("last_name", null, "Smith", true),
                    new Change.FieldChange("mobile_country_code", null, "91", true),
                    new Change.FieldChange("mobile_number", null, "9876543210", true)),
                false));
    assertThat(service.history("m1", created.id(), 1, 2))
        .extracting(HistoryEntry::version)
        .containsExactly(1L);
  }

  @Test
  void erasureKeepsTheFactsOfTheHistoryAndRemovesEveryPersonalValue() {
    Customer created = service.create(CALLER, named("customer-0001", "John", "Smith"));
    service.change(
        CALLER, byKey(created.id()), CustomerPatch.builder().set(Field.FIRST_NAME, "Jane").build());
    service.erase(CALLER, byKey(created.id()));

    List<HistoryEntry> history = service.history("m1", created.id(), 10, Long.MAX_VALUE);

    assertThat(history)
        .extracting(HistoryEntry::kind)
        .containsExactly(Change.Kind.ERASE, Change.Kind.CHANGE, Change.Kind.CREATE);
    assertThat(history).allSatisfy(entry -> assertThat(entry.redacted()).isTrue());
    assertThat(history.get(0).fields())
        .containsExactly(
            new Change.FieldChange("first_name", null, null, true),
            new Change.FieldChange("last_name", null, null, true),
            new Change.FieldChange("mobile_country_code", null, null, true),
            new Change.FieldChange("mobile_number", null, null, true));
    assertThat(history.get(2).fields().get(0))
        .isEqualTo(new Change.FieldChange("scope", null, "GLOBAL", false));
  }

  @Test
  void reportsTheHistoryOfAnUnknownCustomerAsNotFound() {
    assertThatThrownBy(() -> service.history("m1", "cst_aaaaaaaaaaaaaaaa", 10, Long.MAX_VALUE))
        .isInstanceOf(CustomerException.NotFound.class);
    assertThatThrownBy(() -> service.history("m1", "not-an-id", 10, Long.MAX_VALUE))
        .isInstanceOf(CustomerException.NotFound.class);
  }

  @Test
  void recognisesOnlyWellFormedIds() {
    assertThat(CustomerService.isWellFormedId("cst_afdeuvmfhs3j1acm")).isTrue();
    assertThat(CustomerService.isWellFormedId("cst_AFDEUVMFHS3J1ACM")).isFalse();
    assertThat(CustomerService.isWellFormedId("cst_afdeuvmfhs3j1ac")).isFalse();
    assertThat(CustomerService.isWellFormedId("customer@gmail.com")).isFalse();
  }

  @Test
  void drawsIdsOfTheirFormWithEveryCharacterOfTheAlphabetAtEveryPosition() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    java.util.List<java.util.Set<Character>> seen = new java.util.ArrayList<>();
    for (int i = 0; i < 16; i++) {
      seen.add(new java.util.HashSet<>());
    }

    for (int n = 0; n < 20_000; n++) {
      String id = service.newId();
      assertThat(CustomerService.isWellFormedId(id)).as(id).isTrue();
      ids.add(id);
      for (int i = 0; i < 16; i++) {
        seen.get(i).add(id.charAt(4 + i));
      }
    }

    assertThat(ids).hasSize(20_000);
    assertThat(seen).allSatisfy(characters -> assertThat(characters).hasSize(36));
  }
}
