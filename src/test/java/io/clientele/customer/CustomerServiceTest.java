package io.clientele.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.merchant.Merchant;
import io.clientele.storage.Database;
import io.clientele.storage.JdbcCustomerStore;
import io.clientele.storage.JdbcMerchantStore;
import io.clientele.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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
    database.migrate();
    new JdbcMerchantStore(database.dataSource())
        .create(new Merchant("m1", "Shop", List.of(), Instant.parse("2026-01-01T00:00:00Z")));
    service =
        new CustomerService(
            new JdbcCustomerStore(database.dataSource()),
            Clock.fixed(Instant.parse("2026-03-17T14:13:37.123456789Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    database.close();
    testDatabase.close();
  }

  static NewCustomer named(String reference, String first, String last) {
    return NewCustomer.builder()
        .reference(reference)
        .scope(Customer.Scope.GLOBAL)
        .firstName(first)
        .lastName(last)
        .mobileCountryCode("91")
        .mobileNumber("9876543210")
        .build();
  }

  @Test
  void givesANewCustomerARandomIdVersionOneAndMicrosecondTimes() {
    Customer created = service.create("m1", named("customer-0001", "John", "Smith"));

    assertThat(created.id()).matches("cst_[a-z0-9]{16}");
    assertThat(created.version()).isEqualTo(1);
    assertThat(created.createdAt()).isEqualTo(Instant.parse("2026-03-17T14:13:37.123456Z"));
    assertThat(created.updatedAt()).isEqualTo(created.createdAt());
    assertThat(created.status()).isEqualTo(Customer.Status.ACTIVE);
  }

  @Test
  void findsByIdBeforeReference() {
    Customer first = service.create("m1", named("customer-0001", "First", null));
    Customer second = service.create("m1", named(first.id(), "Second", null));

    assertThat(service.find("m1", first.id()).firstName()).isEqualTo("First");
    assertThat(service.find("m1", "customer-0001").id()).isEqualTo(first.id());
    assertThat(second.reference()).isEqualTo(first.id());
  }

  @Test
  void reportsAnUnknownCustomer() {
    assertThatThrownBy(() -> service.find("m1", "nobody-here"))
        .isInstanceOfSatisfying(
            CustomerException.NotFound.class, e -> assertThat(e.key()).isEqualTo("nobody-here"));
  }

  @Test
  void keepsBothOfTwoRacingUpdatesOfDifferentFields() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    for (int round = 0; round < 20; round++) {
      String reference = "racing-customer-" + round;
      service.create("m1", named(reference, "John", "Smith"));
      CountDownLatch start = new CountDownLatch(1);
      CustomerChanges first = CustomerChanges.builder().firstName("Jane").build();
      CustomerChanges last = CustomerChanges.builder().lastName("Doe").build();
      Future<Customer> a =
          pool.submit(
              () -> {
                start.await();
                return service.update(Lookup.idOrReference("m1", reference), first);
              });
      Future<Customer> b =
          pool.submit(
              () -> {
                start.await();
                return service.update(Lookup.idOrReference("m1", reference), last);
              });
      start.countDown();
      a.get(10, TimeUnit.SECONDS);
      b.get(10, TimeUnit.SECONDS);

      Customer stored = service.find("m1", reference);
      assertThat(stored.firstName()).isEqualTo("Jane");
      assertThat(stored.lastName()).isEqualTo("Doe");
      assertThat(stored.version()).isEqualTo(3);
    }
    pool.shutdown();
  }

  @Test
  void erasesACustomerSoNoLookupFindsIt() {
    Customer created = service.create("m1", named("customer-0001", "John", "Smith"));

    Customer tombstone = service.erase(Lookup.idOrReference("m1", "customer-0001"));

    assertThat(tombstone.firstName()).isNull();
    assertThat(tombstone.status()).isEqualTo(Customer.Status.DELETED);
    assertThatThrownBy(() -> service.find("m1", created.id()))
        .isInstanceOf(CustomerException.NotFound.class);
    assertThatThrownBy(() -> service.erase(Lookup.idOrReference("m1", created.id())))
        .isInstanceOf(CustomerException.NotFound.class);
    assertThat(service.create("m1", named("customer-0001", "New", null)).id())
        .isNotEqualTo(created.id());
  }

  @Test
  void recognisesOnlyWellFormedIds() {
    assertThat(CustomerService.isWellFormedId("cst_afdeuvmfhs3j1acm")).isTrue();
    assertThat(CustomerService.isWellFormedId("cst_AFDEUVMFHS3J1ACM")).isFalse();
    assertThat(CustomerService.isWellFormedId("cst_afdeuvmfhs3j1ac")).isFalse();
    assertThat(CustomerService.isWellFormedId("customer@gmail.com")).isFalse();
  }
}
