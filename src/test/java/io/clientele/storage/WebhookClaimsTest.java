package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerPatch;
import io.clientele.customer.CustomerStore;
import io.clientele.customer.Lookup;
import io.clientele.customer.PersonalData;
import io.clientele.merchant.Caller;
import io.clientele.merchant.Merchant;
import io.clientele.merchant.SecretSealer;
import io.clientele.storage.JdbcWebhookStore.Claimed;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The outbox as nodes share it: a claim holds a delivery until its lease ends, a customer's later
 * events wait for the earlier one, a result from a lost lease is dropped, and an erasure leaves no
 * data to send; on H2 and PostgreSQL.
 */
class WebhookClaimsTest {
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");
  static final Instant T1 = T0.plusSeconds(1);
  static final Duration LEASE = Duration.ofSeconds(60);
  static final Caller CALLER = new Caller("m1", "crd_1", "canonical", null, "req-1");

  /** A database with merchant m1, its endpoint whk_1, and stores over it. */
  static final class Outbox implements AutoCloseable {
    final TestDatabase testDatabase;
    final Database database;
    final JdbcCustomerStore customers;
    final JdbcWebhookStore webhooks;

    Outbox(TestDatabase.Engine engine) {
      testDatabase = TestDatabase.create(engine);
      database = Database.open(testDatabase.config());
      database.migrate(TestKeys.MASTER);
      Keyring keyring = new Keyring(database.dataSource(), TestKeys.MASTER);
      customers =
          new JdbcCustomerStore(
              database.dataSource(),
              keyring,
              c -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("id", c.id());
                data.put("city", c.personal().get(PersonalData.Field.CITY));
                return data;
              });
      webhooks =
          new JdbcWebhookStore(database.dataSource(), keyring, new SecretSealer(TestKeys.MASTER));
      new JdbcMerchantStore(database.dataSource())
          .create(new Merchant("m1", "Merchant one", List.of(), T0));
      webhooks.add("m1", "whk_1", "https://hooks.example.com/", "whsec_one", T0);
    }

    Customer insert(String id) {
      Customer customer =
          new Customer(
              id,
              "m1",
              "ref-" + id,
              null,
              Customer.Scope.GLOBAL,
              new PersonalData(Map.of(PersonalData.Field.CITY, "Kochi")),
              Customer.Status.ACTIVE,
              T0,
              T0,
              1);
      customers.write(new CustomerStore.Insert(customer, CALLER));
      return customer;
    }

    void update(String id, UnaryOperator<Customer> next) {
      customers.write(
          new CustomerStore.Update(Lookup.idOrReference("m1", id), next, Set.of(), CALLER));
    }

    List<Claimed> claim(Instant now) {
      return webhooks.claim(now, now.plus(LEASE), 10);
    }

    @Override
    public void close() {
      database.close();
      testDatabase.close();
    }
  }

  static String data(Claimed claimed) {
    return claimed.data() == null ? null : new String(claimed.data(), StandardCharsets.UTF_8);
  }

  static UnaryOperator<Customer> city(String city) {
    return c -> c.apply(CustomerPatch.builder().set(PersonalData.Field.CITY, city).build(), T0);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void claimsADueDeliveryOnceUntilItsLeaseEndsThenAgain(TestDatabase.Engine engine) {
    try (Outbox outbox = new Outbox(engine)) {
      outbox.insert("cst_aaaaaaaaaaaaaaaa");

      List<Claimed> first = outbox.claim(T1);
      List<Claimed> meanwhile = outbox.claim(T1.plusSeconds(59));
      List<Claimed> afterTheLease = outbox.claim(T1.plus(LEASE));

      assertThat(first).hasSize(1);
      Claimed claimed = first.get(0);
      assertThat(claimed.type()).isEqualTo("customer.created");
      assertThat(claimed.secret()).isEqualTo("whsec_one");
      assertThat(claimed.url()).isEqualTo("https://hooks.example.com/");
      assertThat(data(claimed)).isEqualTo("{\"id\":\"cst_aaaaaaaaaaaaaaaa\",\"city\":\"Kochi\"}");
      assertThat(claimed.attempts()).isEqualTo(1);
      assertThat(meanwhile).isEmpty();
      assertThat(afterTheLease).extracting(Claimed::eventId).containsExactly(claimed.eventId());
      assertThat(afterTheLease.get(0).attempts()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void holdsACustomersLaterEventUntilTheEarlierOneIsDecided(TestDatabase.Engine engine) {
    try (Outbox outbox = new Outbox(engine)) {
      outbox.insert("cst_aaaaaaaaaaaaaaaa");
      outbox.update("cst_aaaaaaaaaaaaaaaa", city("Pune"));
      outbox.insert("cst_bbbbbbbbbbbbbbbb");

      List<Claimed> first = outbox.claim(T1);
      Claimed a = first.stream().filter(c -> c.customerId().endsWith("a")).findFirst().get();
      Claimed b = first.stream().filter(c -> c.customerId().endsWith("b")).findFirst().get();
      outbox.webhooks.failed(a, 500, null, Optional.of(T1.plusSeconds(10)), T1.plusSeconds(1));
      List<Claimed> whileRetrying = outbox.claim(T1.plusSeconds(5));
      outbox.webhooks.delivered(b, 204, T1.plusSeconds(1));
      List<Claimed> retried = outbox.claim(T1.plusSeconds(10));
      outbox.webhooks.delivered(retried.get(0), 204, T1.plusSeconds(11));
      List<Claimed> next = outbox.claim(T1.plusSeconds(11));

      assertThat(first)
          .extracting(c -> c.customerId() + " " + c.version())
          .containsExactlyInAnyOrder("cst_aaaaaaaaaaaaaaaa 1", "cst_bbbbbbbbbbbbbbbb 1");
      assertThat(whileRetrying).isEmpty();
      assertThat(retried)
          .extracting(c -> c.customerId() + " " + c.version())
          .containsExactly("cst_aaaaaaaaaaaaaaaa 1");
      assertThat(next)
          .extracting(c -> c.type() + " " + data(c))
          .containsExactly("customer.updated {\"id\":\"cst_aaaaaaaaaaaaaaaa\",\"city\":\"Pune\"}");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void dropsTheResultOfAnAttemptWhoseLeaseWasLost(TestDatabase.Engine engine) {
    try (Outbox outbox = new Outbox(engine)) {
      outbox.insert("cst_aaaaaaaaaaaaaaaa");
      Claimed lost = outbox.claim(T1).get(0);
      Claimed held = outbox.claim(T1.plus(LEASE)).get(0);

      outbox.webhooks.delivered(lost, 204, T1.plus(LEASE).plusSeconds(1));
      JdbcWebhookStore.Delivery afterLost =
          outbox.webhooks.deliveries("m1", "whk_1", Optional.empty(), 10).get(0);
      outbox.webhooks.delivered(held, 200, T1.plus(LEASE).plusSeconds(2));
      JdbcWebhookStore.Delivery afterHeld =
          outbox.webhooks.deliveries("m1", "whk_1", Optional.empty(), 10).get(0);

      assertThat(afterLost.state()).isEqualTo("PENDING");
      assertThat(afterLost.attempts()).isEqualTo(2);
      assertThat(afterHeld.state()).isEqualTo("DELIVERED");
      assertThat(afterHeld.lastStatus()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void sendsNoDataOfACustomerErasedBeforeItsEventsWereClaimed(TestDatabase.Engine engine) {
    try (Outbox outbox = new Outbox(engine)) {
      outbox.insert("cst_aaaaaaaaaaaaaaaa");
      outbox.update("cst_aaaaaaaaaaaaaaaa", c -> c.erased(T0));

      Claimed created = outbox.claim(T1).get(0);
      outbox.webhooks.delivered(created, 204, T1);
      Claimed deleted = outbox.claim(T1).get(0);

      assertThat(created.type()).isEqualTo("customer.created");
      assertThat(created.data()).isNull();
      assertThat(deleted.type()).isEqualTo("customer.deleted");
      assertThat(deleted.data()).isNull();
      assertThat(deleted.version()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void writesNoEventForARemovedEndpoint(TestDatabase.Engine engine) {
    try (Outbox outbox = new Outbox(engine)) {
      outbox.insert("cst_aaaaaaaaaaaaaaaa");
      outbox.webhooks.remove("m1", "whk_1", T0);
      outbox.insert("cst_bbbbbbbbbbbbbbbb");

      assertThat(outbox.claim(T1)).isEmpty();
      assertThat(
              outbox.webhooks.deliveries("m1", "whk_1", Optional.empty(), 10).stream()
                  .map(JdbcWebhookStore.Delivery::customerId))
          .containsExactly("cst_aaaaaaaaaaaaaaaa");
    }
  }
}
