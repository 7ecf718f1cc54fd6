package io.clientele.webhook;

import java.time.Duration;
import java.util.Optional;

/**
 * When a failed delivery is tried again: {@code base} after the first attempt, doubling after each
 * further one up to {@code cap}; after {@code attempts} attempts it is given up, which bounds how
 * long an event can hold back the later events of its customer.
 */
public record Backoff(Duration base, Duration cap, int attempts) {
  /** 10 s, 20 s, … up to an hour between attempts; 32 attempts, given up after about 23 hours. */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), 32);

  public Backoff {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0 || attempts < 1) {
      throw new IllegalArgumentException(
          "a backoff needs 0 < base <= cap and at least one attempt, not " + this);
    }
  }

  /** How long to wait after the {@code made}th failed attempt, or empty to give up. */
  public Optional<Duration> after(int made) {
    if (made >= attempts) {
      return Optional.empty();
    }
    int doublings = Math.max(0, made - 1);
    // base * 2^doublings, without overflow: past the cap nothing is multiplied further
    Duration delay = base;
    for (int i = 0; i < doublings && delay.compareTo(cap) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return Optional.of(delay.compareTo(cap) > 0 ? cap : delay);
  }

  /** The longest an event is retried: the sum of every wait before it is given up. */
  public Duration givenUpAfter() {
    Duration total = Duration.ZERO;
    for (int made = 1; made < attempts; made++) {
      total = total.plus(after(made).orElseThrow());
    }
    return total;
  }
}
