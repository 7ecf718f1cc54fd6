package io.clientele.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  static final String KEY = "ABCDEFGHIJ0123456789";
  static final String REQUEST = "req-1";

  /** A kind looked up, like Juspay's keys, by the first 10 characters of its one secret. */
  static final class PrefixKind implements CredentialKind {
    @Override
    public String wireName() {
      return "prefix";
    }

    @Override
    public Minted mint(String projectId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Field> fields() {
      return List.of();
    }

    @Override
    public Minted fromGiven(Map<String, String> given, String projectId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String lookupOf(String identifier) {
      return CredentialKind.prefix(identifier, 10);
    }
  }

  /** The store in memory, counting lookups and writes; it can be made to fail its writes. */
  static final class FakeStore implements CredentialStore {
    final Map<String, KeyOwner> byLookup = new HashMap<>();
    final List<String> lookups = new ArrayList<>();
    final List<Instant> writes = new ArrayList<>();
    boolean failWrites;
    Clock databaseClock = Clock.systemUTC();

    @Override
    public Optional<KeyOwner> findKeyOwner(String dialect, String lookup) {
      lookups.add(dialect + ":" + lookup);
      return Optional.ofNullable(byLookup.get(dialect + ":" + lookup))
          .map(o -> new KeyOwner(o.credential(), o.merchant(), databaseClock.instant()));
    }

    @Override
    public boolean recordUse(
        String merchantId, String credentialId, Instant now, Instant staleBefore) {
      if (failWrites) {
        throw new IllegalStateException("database down");
      }
      writes.add(now);
      return true;
    }

    void add(Credential credential, List<IpRange> allowedIps) {
      byLookup.put(
          credential.dialect() + ":" + credential.lookup(),
          new KeyOwner(
              credential, new Merchant(credential.merchantId(), "Shop", allowedIps, T0), T0));
    }
  }

  final PrefixKind kind = new PrefixKind();
  final FakeStore store = new FakeStore();
  final MutableClock clock = new MutableClock(T0);
  final Authenticator authenticator = new Authenticator(store, clock);

  {
    store.databaseClock = clock;
  }

  static Credential stored(Instant revokedAt, Instant lastUsedAt) {
    return new Credential(
        "crd_1",
        "m1",
        "proj_1",
        "prefix",
        "ABCDEFGHIJ",
        Secrets.sha256(KEY),
        null,
        T0,
        revokedAt,
        lastUsedAt);
  }

  Presented presenting(String key) {
    return Presented.secret(kind, key, null, "127.0.0.1");
  }

  @Test
  void answersTheCallerOfAValidSecret() {
    store.add(stored(null, null), List.of());

    Caller caller = authenticator.authenticate(presenting(KEY), REQUEST);

    assertThat(caller).isEqualTo(new Caller("m1", "crd_1", "prefix", "proj_1", REQUEST));
    assertThat(store.lookups).containsExactly("prefix:ABCDEFGHIJ");
  }

  @Test
  void answersTheStoredCredentialWithTheProof() {
    store.add(stored(null, null), List.of());

    assertThat(authenticator.prove(presenting(KEY), REQUEST).credential().id()).isEqualTo("crd_1");
  }

  @Test
  void refusesACredentialPastItsMerchantsRateLimitWithoutRecordingAUse() {
    Credential credential = stored(null, null);
    store.byLookup.put(
        "prefix:ABCDEFGHIJ",
        new KeyOwner(
            credential,
            new Merchant("m1", "Shop", List.of(), T0, Optional.of(new RateLimit(1, 1))),
            T0));
    Authenticator limited = new Authenticator(store, clock, new RateLimiter(() -> 0L));

    limited.authenticate(presenting(KEY), REQUEST);
    assertThat(store.writes).hasSize(1);
    clock.set(T0.plus(Authenticator.LAST_USED_GRANULARITY));

    assertThatThrownBy(() -> limited.authenticate(presenting(KEY), REQUEST))
        .isInstanceOfSatisfying(
            RateLimited.class, refused -> assertThat(refused.retryAfterSeconds()).isEqualTo(1));
    assertThat(store.writes).hasSize(1);
  }

  @Test
  void refusesAnUnknownSecret() {
    assertThatThrownBy(() -> authenticator.authenticate(presenting(KEY), REQUEST))
        .isInstanceOf(AuthException.Unauthenticated.class);
  }

  @Test
  void refusesASecretThatSharesOnlyTheLookup() {
    store.add(stored(null, null), List.of());

    assertThatThrownBy(() -> authenticator.authenticate(presenting("ABCDEFGHIJ"), REQUEST))
        .isInstanceOf(AuthException.Unauthenticated.class);
    assertThatThrownBy(() -> authenticator.authenticate(presenting(KEY + "0"), REQUEST))
        .isInstanceOf(AuthException.Unauthenticated.class);
  }

  @Test
  void neverLooksUpWhatNoCredentialCouldBeNamed() {
    for (String key : List.of("", "ABC-EFGHIJ", "ABCDÉFGHIJ", "ABC\u0000EFGHIJ")) {
      assertThatThrownBy(() -> authenticator.authenticate(presenting(key), REQUEST))
          .isInstanceOf(AuthException.Unauthenticated.class);
    }
    assertThatThrownBy(
            () ->
                authenticator.authenticate(
                    new Presented(kind, null, KEY, null, "127.0.0.1"), REQUEST))
        .isInstanceOf(AuthException.Unauthenticated.class);
    assertThat(store.lookups).isEmpty();
  }

  @Test
  void refusesARevokedCredential() {
    store.add(stored(T0, null), List.of());

    assertThatThrownBy(() -> authenticator.authenticate(presenting(KEY), REQUEST))
        .isInstanceOf(AuthException.Unauthenticated.class);
  }

  @Test
  void judgesRevocationByTheDatabasesClockNotTheNodes() {
    store.add(stored(T0, null), List.of());
    store.databaseClock = Clock.fixed(T0, java.time.ZoneOffset.UTC);
    clock.set(T0.minusSeconds(10));

    assertThatThrownBy(() -> authenticator.authenticate(presenting(KEY), REQUEST))
        .isInstanceOf(AuthException.Unauthenticated.class);
  }

  @Test
  void acceptsARotatedCredentialUntilItsOverlapEnds() {
    store.add(stored(T0.plusSeconds(30), null), List.of());

    clock.set(T0.plusSeconds(29));
    assertThat(authenticator.authenticate(presenting(KEY), REQUEST).credentialId())
        .isEqualTo("crd_1");
    clock.set(T0.plusSeconds(30));
    assertThatThrownBy(() -> authenticator.authenticate(presenting(KEY), REQUEST))
        .isInstanceOf(AuthException.Unauthenticated.class);
  }

  @Test
  void refusesAClaimOfAnotherMerchant() {
    store.add(stored(null, null), List.of());

    assertThatThrownBy(
            () ->
                authenticator.authenticate(Presented.secret(kind, KEY, "m2", "127.0.0.1"), REQUEST))
        .isInstanceOf(AuthException.Unauthenticated.class);
    assertThat(
            authenticator
                .authenticate(Presented.secret(kind, KEY, "m1", "127.0.0.1"), REQUEST)
                .merchantId())
        .isEqualTo("m1");
  }

  @Test
  void checksTheClaimedMerchantBeforeTheAllowList() {
    store.add(stored(null, null), List.of(IpRange.parse("10.0.0.0/8").orElseThrow()));

    assertThatThrownBy(
            () ->
                authenticator.authenticate(Presented.secret(kind, KEY, "m2", "127.0.0.1"), REQUEST))
        .isInstanceOf(AuthException.Unauthenticated.class);
  }

  @Test
  void refusesAnOriginOutsideTheAllowListOnlyForAValidSecret() {
    store.add(stored(null, null), List.of(IpRange.parse("10.0.0.0/8").orElseThrow()));

    assertThatThrownBy(() -> authenticator.authenticate(presenting(KEY), REQUEST))
        .isInstanceOf(AuthException.OriginRefused.class);
    assertThatThrownBy(() -> authenticator.authenticate(presenting(KEY + "0"), REQUEST))
        .isInstanceOf(AuthException.Unauthenticated.class);
    assertThat(
            authenticator
                .authenticate(Presented.secret(kind, KEY, null, "10.1.2.3"), REQUEST)
                .merchantId())
        .isEqualTo("m1");
  }

  @Test
  void recordsTheFirstUse() {
    store.add(stored(null, null), List.of());

    authenticator.authenticate(presenting(KEY), REQUEST);

    assertThat(store.writes).containsExactly(T0);
  }

  @Test
  void recordsNoUseWithinAMinuteOfTheLastOne() {
    store.add(stored(null, T0.minusSeconds(59)), List.of());

    authenticator.authenticate(presenting(KEY), REQUEST);

    assertThat(store.writes).isEmpty();
  }

  @Test
  void recordsAUseAMinuteAfterTheLastOne() {
    store.add(stored(null, T0.minus(Authenticator.LAST_USED_GRANULARITY)), List.of());

    authenticator.authenticate(presenting(KEY), REQUEST);

    assertThat(store.writes).containsExactly(T0);
  }

  @Test
  void recordsNoUseOfARefusedRequest() {
    store.add(stored(null, null), List.of(IpRange.parse("10.0.0.0/8").orElseThrow()));

    assertThatThrownBy(() -> authenticator.authenticate(presenting(KEY), REQUEST))
        .isInstanceOf(AuthException.OriginRefused.class);
    assertThat(store.writes).isEmpty();
  }

  @Test
  void authenticatesWhenTheUseCannotBeRecorded() {
    store.add(stored(null, null), List.of());
    store.failWrites = true;

    assertThat(authenticator.authenticate(presenting(KEY), REQUEST).credentialId())
        .isEqualTo("crd_1");
  }

  /** A clock a test moves by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
