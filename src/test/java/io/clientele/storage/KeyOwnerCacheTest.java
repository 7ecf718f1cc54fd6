package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.merchant.Credential;
import io.clientele.merchant.KeyOwner;
import io.clientele.merchant.Merchant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class KeyOwnerCacheTest {
  private static final Instant READ_AT = Instant.parse("2026-11-23T10:00:00Z");
  private static final long MS = 1_000_000L;

  private final AtomicLong nanos = new AtomicLong(7 * MS);
  private final KeyOwnerCache cache = new KeyOwnerCache(Duration.ofMillis(500), nanos::get);
  private final AtomicInteger reads = new AtomicInteger();

  private static KeyOwner owner(String credentialId, Instant lastUsedAt) {
    Credential credential =
        new Credential(
            credentialId,
            "m1",
            null,
            "juspay",
            "LOOKUP" + credentialId,
            new byte[32],
            null,
            READ_AT.minusSeconds(60),
            null,
            lastUsedAt);
    return new KeyOwner(credential, new Merchant("m1", "Shop", List.of(), READ_AT), READ_AT);
  }

  private Supplier<Optional<KeyOwner>> counted(Optional<KeyOwner> answer) {
    return () -> {
      reads.incrementAndGet();
      return answer;
    };
  }

  @Test
  void servesARepeatedLookupFromMemoryWithinTheMaximumAge() {
    cache.find("juspay", "L1", counted(Optional.of(owner("c1", null))));
    nanos.addAndGet(499 * MS);

    Optional<KeyOwner> second = cache.find("juspay", "L1", counted(Optional.empty()));

    assertThat(reads).hasValue(1);
    assertThat(second.orElseThrow().credential().id()).isEqualTo("c1");
  }

  @Test
  void advancesTheDatabaseReadInstantByTheTimeTheEntryHasLived() {
    cache.find("juspay", "L1", counted(Optional.of(owner("c1", null))));
    nanos.addAndGet(321 * MS);

    KeyOwner served = cache.find("juspay", "L1", counted(Optional.empty())).orElseThrow();

    assertThat(served.readAt()).isEqualTo(READ_AT.plusMillis(321));
  }

  @Test
  void agesAnEntryFromWhenItsReadReturnedNotFromWhenItWaitedForAConnection() {
    cache.find(
        "juspay",
        "L1",
        () -> {
          nanos.addAndGet(350 * MS);
          return Optional.of(owner("c1", null));
        });
    nanos.addAndGet(70 * MS);

    KeyOwner served = cache.find("juspay", "L1", counted(Optional.empty())).orElseThrow();

    assertThat(served.readAt()).isEqualTo(READ_AT.plusMillis(70));
  }

  @Test
  void readsAgainOnceTheMaximumAgeHasPassed() {
    cache.find("juspay", "L1", counted(Optional.of(owner("c1", null))));
    nanos.addAndGet(500 * MS);

    Optional<KeyOwner> again = cache.find("juspay", "L1", counted(Optional.empty()));

    assertThat(reads).hasValue(2);
    assertThat(again).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void keepsNoEntryForALookupThatFindsNothing() {
    cache.find("juspay", "NOPE", counted(Optional.empty()));
    cache.find("juspay", "NOPE", counted(Optional.empty()));

    assertThat(reads).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void keepsLookupsOfDifferentDialectsApart() {
    cache.find("juspay", "L1", counted(Optional.of(owner("c1", null))));

    cache.find("airpay", "L1", counted(Optional.of(owner("c2", null))));

    assertThat(reads).hasValue(2);
    assertThat(
            cache.find("juspay", "L1", counted(Optional.empty())).orElseThrow().credential().id())
        .isEqualTo("c1");
  }

  @Test
  void readsEveryTimeWhenTheMaximumAgeIsZero() {
    KeyOwnerCache uncached = new KeyOwnerCache(Duration.ZERO, nanos::get);
    uncached.find("juspay", "L1", counted(Optional.of(owner("c1", null))));
    uncached.find("juspay", "L1", counted(Optional.of(owner("c1", null))));

    assertThat(reads).hasValue(2);
    assertThat(uncached.size()).isZero();
  }

  @Test
  void forgetsEveryEntryWhenThisNodeChangesACredential() {
    cache.find("juspay", "L1", counted(Optional.of(owner("c1", null))));

    cache.forgetAll();
    cache.find("juspay", "L1", counted(Optional.of(owner("c1", null))));

    assertThat(reads).hasValue(2);
  }

  @Test
  void doesNotKeepAReadThatWasUnderWayWhenThisNodeChangedACredential() {
    cache.find(
        "juspay",
        "L1",
        () -> {
          cache.forgetAll();
          return Optional.of(owner("c1", null));
        });

    assertThat(cache.size()).isZero();
  }

  @Test
  void remembersAUseSoTheNextRequestsDoNotWriteItAgain() {
    Instant used = READ_AT.plusSeconds(5);
    cache.find("juspay", "L1", counted(Optional.of(owner("c1", null))));
    cache.find("juspay", "L2", counted(Optional.of(owner("c2", null))));

    cache.usedAt("c1", used);

    assertThat(cache.find("juspay", "L1", counted(Optional.empty())).orElseThrow().credential())
        .extracting(Credential::lastUsedAt)
        .isEqualTo(used);
    assertThat(cache.find("juspay", "L2", counted(Optional.empty())).orElseThrow().credential())
        .extracting(Credential::lastUsedAt)
        .isNull();
  }

  @Test
  void staysWithinItsBoundWhenManyCredentialsAreInUse() {
    for (int i = 0; i < KeyOwnerCache.MAX_ENTRIES + 5; i++) {
      cache.find("juspay", "L" + i, counted(Optional.of(owner("c" + i, null))));
    }

    assertThat(cache.size()).isLessThanOrEqualTo(KeyOwnerCache.MAX_ENTRIES);
    assertThat(reads).hasValue(KeyOwnerCache.MAX_ENTRIES + 5);
  }
}
