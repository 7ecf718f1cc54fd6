package io.clientele.merchant;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per credential, in this node's memory, refilled and sized by its merchant's
 * {@link RateLimit} (Bucket4j's local bucket, refilled greedily: a token every {@code 1 /
 * requestsPerSecond} seconds, not a second's worth at once). With K nodes a credential can get up
 * to K times its rate, one bucket on each.
 *
 * <p>Memory is bounded by the credentials used recently, never by what a caller sends: only proven
 * credentials get a bucket. A bucket idle long enough to have refilled completely is the same as a
 * new one, so dropping it loses nothing; such buckets are swept whenever the map has doubled since
 * the last sweep. Should {@link #MAX_BUCKETS} credentials all be mid-refill at once, the map is
 * emptied, forgiving them their debts rather than growing without bound.
 */
public final class RateLimiter {
  /** The most buckets kept before every bucket is dropped. */
  static final int MAX_BUCKETS = 100_000;

  private static final int FIRST_SWEEP = 1_024;
  private static final long NANOS_PER_SECOND = Duration.ofSeconds(1).toNanos();

  /** A credential's bucket, made for one setting of its merchant's limit. */
  private record Entry(RateLimit limit, Bucket bucket) {}

  private final ConcurrentHashMap<String, Entry> buckets = new ConcurrentHashMap<>();
  private final TimeMeter time;
  private volatile int sweepAt = FIRST_SWEEP;

  /**
   * @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} but in tests
   */
  public RateLimiter(LongSupplier nanoTime) {
    this.time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return nanoTime.getAsLong();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
  }

  /**
   * Takes one request from the credential's bucket; a credential whose merchant has no limit is not
   * counted at all. A changed limit starts the credential's bucket afresh, full, from the new
   * setting.
   *
   * @throws RateLimited when the bucket is empty, with the whole seconds until it holds a token
   */
  public void charge(String credentialId, RateLimit limit) {
    Entry entry = buckets.get(credentialId);
    if (entry == null || !entry.limit().equals(limit)) {
      entry = bucketFor(credentialId, limit);
    }
    ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      throw new RateLimited(retryAfterSeconds(probe.getNanosToWaitForRefill()));
    }
  }

  /** Whole seconds to wait, rounded up and at least 1, as {@code Retry-After} wants them. */
  static long retryAfterSeconds(long nanos) {
    return Math.max(1, (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
  }

  /** How many buckets are held: for tests of the bound. */
  int size() {
    return buckets.size();
  }

  private Entry bucketFor(String credentialId, RateLimit limit) {
    if (buckets.size() >= sweepAt) {
      sweep();
    }
    return buckets.compute(
        credentialId,
        (id, current) ->
            current != null && current.limit().equals(limit) ? current : newEntry(limit));
  }

  private Entry newEntry(RateLimit limit) {
    Bucket bucket =
        Bucket.builder()
            .addLimit(
                bandwidth ->
                    bandwidth
                        .capacity(limit.burst())
                        .refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1)))
            .withCustomTimePrecision(time)
            .build();
    return new Entry(limit, bucket);
  }

  /**
   * Drops every bucket that is full again (so the same as a new one), then, if the map is still at
   * its bound, every bucket.
   */
  private synchronized void sweep() {
    if (buckets.size() < sweepAt) {
      return;
    }
    buckets.values().removeIf(RateLimiter::isFull);
    if (buckets.size() >= MAX_BUCKETS) {
      buckets.clear();
    }
    sweepAt = Math.min(MAX_BUCKETS, Math.max(FIRST_SWEEP, 2 * buckets.size()));
  }

  private static boolean isFull(Entry entry) {
    return entry.bucket().getAvailableTokens() >= entry.limit().burst();
  }
}
