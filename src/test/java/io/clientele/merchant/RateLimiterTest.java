package io.clientele.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-credential buckets, on a clock the test moves by hand. */
class RateLimiterTest {
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final RateLimiter limiter = new RateLimiter(nanos::get);

  private void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }

  private long refusedRetryAfter(String credential, RateLimit limit) {
    try {
      limiter.charge(credential, limit);
    } catch (RateLimited limited) {
      return limited.retryAfterSeconds();
    }
    throw new AssertionError("the request was admitted");
  }

  @Test
  void admitsTheBurstAtOnceThenRefuses() {
    RateLimit limit = new RateLimit(1, 3);
    for (int i = 0; i < 3; i++) {
      limiter.charge("crd_a", limit);
    }
    assertThat(refusedRetryAfter("crd_a", limit)).isEqualTo(1);
  }

  @Test
  void refillsOneTokenEveryOneOverTheRateSeconds() {
    RateLimit limit = new RateLimit(4, 1);
    limiter.charge("crd_a", limit);
    advance(Duration.ofMillis(249));
    assertThat(refusedRetryAfter("crd_a", limit)).isEqualTo(1);
    advance(Duration.ofMillis(1));
    limiter.charge("crd_a", limit);
    assertThat(refusedRetryAfter("crd_a", limit)).isEqualTo(1);
  }

  @Test
  void refillsNoFurtherThanTheBurst() {
    RateLimit limit = new RateLimit(10, 2);
    limiter.charge("crd_a", limit);
    limiter.charge("crd_a", limit);
    advance(Duration.ofHours(1));
    limiter.charge("crd_a", limit);
    limiter.charge("crd_a", limit);
    assertThat(refusedRetryAfter("crd_a", limit)).isEqualTo(1);
  }

  @Test
  void keepsABucketPerCredential() {
    RateLimit limit = new RateLimit(1, 1);
    limiter.charge("crd_a", limit);
    assertThat(refusedRetryAfter("crd_a", limit)).isEqualTo(1);
    limiter.charge("crd_b", limit);
    assertThat(refusedRetryAfter("crd_b", limit)).isEqualTo(1);
  }

  @Test
  void startsAFullBucketWhenTheLimitChanges() {
    limiter.charge("crd_a", new RateLimit(1, 1));
    assertThat(refusedRetryAfter("crd_a", new RateLimit(1, 1))).isEqualTo(1);
    RateLimit raised = new RateLimit(1, 2);
    limiter.charge("crd_a", raised);
    limiter.charge("crd_a", raised);
    assertThat(refusedRetryAfter("crd_a", raised)).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 1", "999999999, 1", "1000000000, 1", "1000000001, 2", "2500000000, 3"})
  void roundsTheWaitUpToWholeSecondsAndAtLeastOne(long nanosToWait, long seconds) {
    assertThat(RateLimiter.retryAfterSeconds(nanosToWait)).isEqualTo(seconds);
  }

  @Test
  void dropsBucketsThatRefilledCompletelyOnceTheMapGrows() {
    RateLimit limit = new RateLimit(1, 1);
    for (int i = 0; i < 1_024; i++) {
      limiter.charge("crd_" + i, limit);
    }
    assertThat(limiter.size()).isEqualTo(1_024);
    advance(Duration.ofSeconds(1));
    limiter.charge("crd_new", limit);
    assertThat(limiter.size()).isEqualTo(1);
  }

  @Test
  void keepsBucketsStillRefillingWhenItSweeps() {
    RateLimit limit = new RateLimit(1, 1);
    for (int i = 0; i < 1_024; i++) {
      limiter.charge("crd_" + i, limit);
    }
    limiter.charge("crd_new", limit);
    assertThat(limiter.size()).isEqualTo(1_025);
    assertThat(refusedRetryAfter("crd_0", limit)).isEqualTo(1);
  }

  @Test
  void refusesARateLimitOutOfBounds() {
    assertThatThrownBy(() -> new RateLimit(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimit(1, RateLimit.MAX_BURST + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
