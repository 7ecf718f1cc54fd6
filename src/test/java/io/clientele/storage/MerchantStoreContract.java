package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.merchant.Credential;
import io.clientele.merchant.IpRange;
import io.clientele.merchant.KeyOwner;
import io.clientele.merchant.Merchant;
import io.clientele.merchant.MerchantException;
import io.clientele.merchant.RateLimit;
import io.clientele.merchant.Secrets;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
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
    database.migrate(TestKeys.MASTER);
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
  void storesNoRateLimitForANewMerchant() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));

    assertThat(store.find("m1").orElseThrow().rateLimit()).isEmpty();
  }

  @Test
  void setsReadsAndRemovesARateLimit() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    store.create(new Merchant("m2", "Other", List.of(), T0));
    store.addCredential(credential("crd_1", "m1", "juspay", "ABCDEF0123"));

    Merchant limited = store.replaceRateLimit("m1", Optional.of(new RateLimit(5, 20)));

    assertThat(limited.rateLimit()).contains(new RateLimit(5, 20));
    assertThat(store.find("m1").orElseThrow().rateLimit()).contains(new RateLimit(5, 20));
    assertThat(store.list())
        .extracting(Merchant::rateLimit)
        .containsExactly(Optional.of(new RateLimit(5, 20)), Optional.empty());
    assertThat(store.findKeyOwner("juspay", "ABCDEF0123").orElseThrow().merchant().rateLimit())
        .contains(new RateLimit(5, 20));

    assertThat(store.replaceRateLimit("m1", Optional.empty()).rateLimit()).isEmpty();
    assertThat(store.findKeyOwner("juspay", "ABCDEF0123").orElseThrow().merchant().rateLimit())
        .isEmpty();
  }

  @Test
  void refusesARateLimitOfAnUnknownMerchant() {
    assertThatThrownBy(() -> store.replaceRateLimit("nobody", Optional.of(new RateLimit(1, 1))))
        .isInstanceOf(MerchantException.NotFound.class);
  }

  @Test
  void keepsARateLimitsTwoColumnsSetOrUnsetTogether() throws Exception {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement()) {
      assertThatThrownBy(
              () ->
                  statement.executeUpdate(
                      "update merchants set rate_limit_per_second = 5 where id = 'm1'"))
          .isInstanceOfSatisfying(
              java.sql.SQLException.class,
              // A check violation: PostgreSQL's SQLState, and H2's own for it.
              e -> assertThat(e.getSQLState()).isIn("23514", "23513"));
    }
  }

  static Credential credential(String id, String merchantId, String dialect, String lookup) {
    return new Credential(
        id, merchantId, null, dialect, lookup, Secrets.sha256("k" + id), null, T0, null, null);
  }

  @Test
  void findsACredentialWithItsMerchantAndAllowList() {
    store.create(new Merchant("m1", "Shop", List.of(range("10.0.0.0/8"), range("::1")), T0));
    store.create(new Merchant("m2", "Other", List.of(), T0));
    Credential credential = credential("crd_1", "m1", "juspay", "ABCDEF0123");
    store.addCredential(credential);
    store.addCredential(credential("crd_2", "m2", "juspay", "ZZZZZZ0123"));

    var owner = store.findKeyOwner("juspay", "ABCDEF0123").orElseThrow();

    assertThat(owner.credential()).usingRecursiveComparison().isEqualTo(credential);
    assertThat(owner.merchant())
        .usingRecursiveComparison()
        .isEqualTo(store.find("m1").orElseThrow());
    assertThat(owner.credential().secretMatches("kcrd_1")).isTrue();
    assertThat(store.findKeyOwner("juspay", "ZZZZZZ0123").orElseThrow().merchant().allowedIps())
        .isEmpty();
    assertThat(store.findKeyOwner("airpay", "ABCDEF0123")).isEmpty();
  }

  @Test
  void findsAFlowwiseClientByItsIdWithItsProject() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    Credential credential =
        new Credential(
            "crd_1",
            "m1",
            "proj_1",
            "flowwise",
            "CF123",
            Secrets.sha256("s3cret"),
            null,
            T0,
            null,
            null);
    store.addCredential(credential);

    Credential read = store.findKeyOwner("flowwise", "CF123").orElseThrow().credential();

    assertThat(read).usingRecursiveComparison().isEqualTo(credential);
    assertThat(read.secretMatches("s3cret")).isTrue();
    assertThat(read.secretMatches("s3cres")).isFalse();
  }

  @Test
  void storesADialectItHasNeverHeardOf() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));

    store.addCredential(credential("crd_1", "m1", "canonical", "ABC"));

    assertThat(store.findKeyOwner("canonical", "ABC")).isPresent();
  }

  @Test
  void listsAMerchantsCredentialsOldestFirst() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    store.create(new Merchant("m2", "Other", List.of(), T0));
    store.addCredential(at(credential("crd_b", "m1", "juspay", "B"), T0.plusSeconds(2)));
    store.addCredential(at(credential("crd_a", "m1", "airpay", "A"), T0.plusSeconds(1)));
    store.addCredential(at(credential("crd_c", "m2", "juspay", "C"), T0));

    assertThat(store.credentials("m1"))
        .extracting(Credential::id)
        .containsExactly("crd_a", "crd_b");
    assertThat(store.credentials("m2")).extracting(Credential::id).containsExactly("crd_c");
  }

  @Test
  void listsNoCredentialsOfAMerchantWithoutAny() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));

    assertThat(store.credentials("m1")).isEmpty();
    assertThatThrownBy(() -> store.credentials("nobody"))
        .isInstanceOf(MerchantException.NotFound.class);
  }

  @Test
  void findsACredentialOnlyUnderItsOwnMerchant() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    store.create(new Merchant("m2", "Other", List.of(), T0));
    store.addCredential(credential("crd_1", "m1", "juspay", "A"));

    assertThat(store.credential("m1", "crd_1").id()).isEqualTo("crd_1");
    assertThatThrownBy(() -> store.credential("m2", "crd_1"))
        .isInstanceOf(MerchantException.CredentialNotFound.class);
    assertThatThrownBy(() -> store.credential("nobody", "crd_1"))
        .isInstanceOf(MerchantException.NotFound.class);
  }

  @Test
  void revokingTwiceKeepsTheFirstTime() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    store.addCredential(credential("crd_1", "m1", "juspay", "A"));

    store.revoke("m1", "crd_1", T0.plusSeconds(10));
    store.revoke("m1", "crd_1", T0.plusSeconds(20));

    assertThat(store.credential("m1", "crd_1").revokedAt()).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void revokesNoLaterThanTheDatabasesNowWhenTheRevokingNodesClockRunsAhead() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    store.addCredential(credential("crd_1", "m1", "juspay", "A"));
    Instant before = Instant.now();

    store.revoke("m1", "crd_1", Instant.now().plus(Duration.ofHours(1)));

    Instant revoked = store.credential("m1", "crd_1").revokedAt();
    assertThat(revoked).isBetween(before.minusSeconds(5), Instant.now().plusSeconds(5));
    KeyOwner owner = store.findKeyOwner("juspay", "A").orElseThrow();
    assertThat(owner.credential().isActiveAt(owner.readAt())).isFalse();
  }

  @Test
  void revokingCutsARotationsOverlapShort() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    store.addCredential(credential("crd_1", "m1", "juspay", "A"));
    store.rotate(
        "m1", "crd_1", credential("crd_2", "m1", "juspay", "B"), T0.plus(Duration.ofHours(1)));

    store.revoke("m1", "crd_1", T0.plusSeconds(10));

    assertThat(store.credential("m1", "crd_1").revokedAt()).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void refusesToRevokeAnotherMerchantsCredential() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    store.create(new Merchant("m2", "Other", List.of(), T0));
    store.addCredential(credential("crd_1", "m1", "juspay", "A"));

    assertThatThrownBy(() -> store.revoke("m2", "crd_1", T0))
        .isInstanceOf(MerchantException.CredentialNotFound.class);
    assertThat(store.credential("m1", "crd_1").revokedAt()).isNull();
  }

  @Test
  void rotatingStoresTheSuccessorAndRetiresTheOldOneAfterTheOverlap() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    store.addCredential(credential("crd_1", "m1", "juspay", "A"));

    store.rotate("m1", "crd_1", credential("crd_2", "m1", "juspay", "B"), T0.plusSeconds(30));

    assertThat(store.credential("m1", "crd_1").revokedAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(store.credential("m1", "crd_2").revokedAt()).isNull();
  }

  @Test
  void refusesToRotateARotatedCredentialAndStoresNoSuccessor() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    store.addCredential(credential("crd_1", "m1", "juspay", "A"));
    store.rotate("m1", "crd_1", credential("crd_2", "m1", "juspay", "B"), T0.plusSeconds(30));

    assertThatThrownBy(
            () ->
                store.rotate(
                    "m1", "crd_1", credential("crd_3", "m1", "juspay", "C"), T0.plusSeconds(30)))
        .isInstanceOf(MerchantException.CredentialRevoked.class);
    assertThat(store.credentials("m1"))
        .extracting(Credential::id)
        .containsExactly("crd_1", "crd_2");
  }

  @Test
  void recordsAUseOnlyWhenTheLastOneIsStale() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    store.addCredential(credential("crd_1", "m1", "juspay", "A"));
    Instant first = T0.plusSeconds(100);

    assertThat(store.recordUse("m1", "crd_1", first, first.minusSeconds(60))).isTrue();
    assertThat(store.recordUse("m1", "crd_1", first.plusSeconds(59), first.minusSeconds(1)))
        .isFalse();
    assertThat(store.credential("m1", "crd_1").lastUsedAt()).isEqualTo(first);
    assertThat(store.recordUse("m1", "crd_1", first.plusSeconds(60), first)).isTrue();
    assertThat(store.credential("m1", "crd_1").lastUsedAt()).isEqualTo(first.plusSeconds(60));
  }

  @Test
  void migratesStoredDialectNamesToLowerCase() {
    TestDatabase other = TestDatabase.create(engine());
    try (Database fresh = Database.open(other.config())) {
      Flyway.configure()
          .dataSource(fresh.dataSource())
          .locations("classpath:db/migration")
          .target("3")
          .load()
          .migrate();
      execute(
          fresh,
          "insert into merchants (id, name, created_at) values ('m1', 'Shop', current_timestamp)");
      execute(
          fresh,
          "insert into credentials (id, merchant_id, dialect, lookup, secret_hash, created_at)"
              + " values ('crd_1', 'm1', 'JUSPAY', 'A', 'ab', current_timestamp)");

      fresh.migrate(TestKeys.MASTER);

      assertThat(other.query("select dialect, last_used_at from credentials"))
          .containsExactly("juspay|null");
      execute(
          fresh,
          "insert into credentials (id, merchant_id, dialect, lookup, secret_hash, created_at)"
              + " values ('crd_2', 'm1', 'canonical', 'A', 'ab', current_timestamp)");
    } finally {
      other.close();
    }
  }

  static void execute(Database database, String sql) {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static Credential at(Credential c, Instant createdAt) {
    return new Credential(
        c.id(),
        c.merchantId(),
        c.projectId(),
        c.dialect(),
        c.lookup(),
        c.secretHash(),
        c.sealedSecret(),
        createdAt,
        c.revokedAt(),
        c.lastUsedAt());
  }

  @Test
  void refusesCredentialOfUnknownMerchant() {
    Credential credential = credential("crd_1", "nobody", "juspay", "ABC");

    assertThatThrownBy(() -> store.addCredential(credential))
        .isInstanceOf(MerchantException.NotFound.class);
  }

  static Credential inProject(Credential c, String projectId) {
    return new Credential(
        c.id(),
        c.merchantId(),
        projectId,
        c.dialect(),
        c.lookup(),
        c.secretHash(),
        c.sealedSecret(),
        c.createdAt(),
        c.revokedAt(),
        c.lastUsedAt());
  }

  @Test
  void storesASeededCredentialWhoseLookupIsFree() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));

    boolean stored =
        store.addCredentialUnlessLookupTaken(
            inProject(credential("crd_1", "m1", "flowwise", "CF1"), "proj_1"));

    assertThat(stored).isTrue();
    assertThat(store.findKeyOwner("flowwise", "CF1").orElseThrow().credential().projectId())
        .isEqualTo("proj_1");
  }

  @Test
  void leavesATakenLookupToItsHolderAndRollsBackTheLosersProject() {
    store.create(new Merchant("m1", "Shop", List.of(), T0));
    store.addCredential(inProject(credential("crd_1", "m1", "flowwise", "CF1"), "proj_1"));

    boolean stored =
        store.addCredentialUnlessLookupTaken(
            inProject(credential("crd_2", "m1", "flowwise", "CF1"), "proj_2"));

    assertThat(stored).isFalse();
    assertThat(store.credentials("m1")).extracting(Credential::id).containsExactly("crd_1");
    assertThat(testDatabase.query("select id from projects order by id")).containsExactly("proj_1");
  }
}
