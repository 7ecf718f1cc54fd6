package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.merchant.Credential;
import io.clientele.merchant.Dialect;
import io.clientele.merchant.IpRange;
import io.clientele.merchant.Merchant;
import io.clientele.merchant.MerchantException;
import io.clientele.merchant.Secrets;
import io.clientele.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every engine's merchant store must do; run once per engine by its subclasses. */
abstract class MerchantStoreContract {
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  TestDatabase testDatabase;
  Database database;
  JdbcMerchantStore store;

  abstract TestDatabase.Engine engine();

  @BeforeEach
  void openDatabase() {
    testDatabase = TestDatabase.create(engine());
    database = Database.open(testDatabase.config());
    database.migrate();
    store = new JdbcMerchantStore(database.dataSource());
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

  static IpRange range(String text) {
    return IpRange.parse(text).orElseThrow();
  }

  @Test
  void storesAMerchantWithItsAllowList() {
    assertThat(store.isEmpty()).isTrue();
    store.create(new Merchant("m1", "Shop", List.of(range("10.0.0.0/8"), range("::1")), T0));

    Merchant read = store.find("m1").orElseThrow();
    assertThat(read.name()).isEqualTo("Shop");
    assertThat(read.createdAt()).isEqualTo(T0);
    assertThat(read.allowedIps())
        .extracting(IpRange::toString)
        .containsExactly("10.0.0.0/8", "::1/128");
    assertThat(store.isEmpty()).isFalse();
  }

  @Test
  void refusesADuplicateMerchantAndKeepsTheFirst() {
    store.create(new Merchant("m1", "First", List.of(), T0));

    assertThatThrownBy(
            () -> store.create(new Merchant("m1", "Second", List.of(range("1.2.3.4")), T0)))
        .isInstanceOf(MerchantException.AlreadyExists.class);
    Merchant read = store.find("m1").orElseThrow();
    assertThat(read.name()).isEqualTo("First");
    assertThat(read.allowedIps()).isEmpty();
  }

  @Test
  void listsMerchantsById() {
    store.create(new Merchant("m2", "Two", List.of(), T0));
    store.create(new Merchant("m1", "One", List.of(range("127.0.0.1")), T0));

    assertThat(store.list()).extracting(Merchant::id).containsExactly("m1", "m2");
  }

  @Test
  void replacesTheAllowList() {
    store.create(new Merchant("m1", "Shop", List.of(range("10.0.0.0/8")), T0));

    Merchant updated = store.replaceAllowedIps("m1", List.of(range("192.168.1.0/24")));

    assertThat(updated.allowedIps())
        .extracting(IpRange::toString)
        .containsExactly("192.168.1.0/24");
    assertThat(store.replaceAllowedIps("m1", List.of()).allowedIps()).isEmpty();
  }

  @Test
  void refusesAllowListOfUnknownMerchant() {
    assertThatThrownBy(() -> store.replaceAllowedIps("nobody", List.of()))
        .isInstanceOf(MerchantException.NotFound.class);
  }

  @Test
  void findsAStoredCredentialByDialectAndLookup() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    Credential credential =
        new Credential(
            "crd_1",
            "m1",
            "proj_1",
            Dialect.FLOWWISE,
            "CF123",
            Secrets.sha256("s3cret"),
            null,
            T0,
            null);
    store.addCredential(credential);
    store.addCredential(
        new Credential(
            "crd_2",
            "m1",
            "proj_1",
            Dialect.FLOWWISE,
            "CF456",
            Secrets.sha256("other"),
            null,
            T0,
            null));

    Credential read = store.findCredential(Dialect.FLOWWISE, "CF123").orElseThrow();
    assertThat(read).usingRecursiveComparison().isEqualTo(credential);
    assertThat(read.matches("s3cret")).isTrue();
    assertThat(read.matches("s3cres")).isFalse();
    assertThat(store.findCredential(Dialect.JUSPAY, "CF123")).isEmpty();
  }

  @Test
  void findsACredentialWithItsMerchantAndAllowList() {
    store.create(new Merchant("m1", "Shop", List.of(range("10.0.0.0/8"), range("::1")), T0));
    store.create(new Merchant("m2", "Other", List.of(), T0));
    Credential credential =
        new Credential(
            "crd_1", "m1", null, Dialect.JUSPAY, "ABCDEF0123", Secrets.sha256("k"), null, T0, null);
    store.addCredential(credential);
    store.addCredential(
        new Credential(
            "crd_2",
            "m2",
            null,
            Dialect.JUSPAY,
            "ZZZZZZ0123",
            Secrets.sha256("z"),
            null,
            T0,
            null));

    var owner = store.findKeyOwner(Dialect.JUSPAY, "ABCDEF0123").orElseThrow();

    assertThat(owner.credential()).usingRecursiveComparison().isEqualTo(credential);
    assertThat(owner.merchant())
        .usingRecursiveComparison()
        .isEqualTo(store.find("m1").orElseThrow());
    assertThat(owner.matches("k")).isTrue();
    assertThat(
            store.findKeyOwner(Dialect.JUSPAY, "ZZZZZZ0123").orElseThrow().merchant().allowedIps())
        .isEmpty();
    assertThat(store.findKeyOwner(Dialect.AIRPAY, "ABCDEF0123")).isEmpty();
  }

  @Test
  void refusesCredentialOfUnknownMerchant() {
    Credential credential =
        new Credential(
            "crd_1", "nobody", null, Dialect.JUSPAY, "ABC", Secrets.sha256("k"), null, T0, null);

    assertThatThrownBy(() -> store.addCredential(credential))
        .isInstanceOf(MerchantException.NotFound.class);
  }
}
