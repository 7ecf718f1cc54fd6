package io.clientele.merchant;

/**
 * A merchant's rate limit, applied to each of its credentials on its own: a token bucket holding at
 * most {@code burst} requests, refilled at {@code requestsPerSecond}. A merchant without one is not
 * limited.
 */
public record RateLimit(int requestsPerSecond, int burst) {
  /** The highest rate that may be set: far above what one node serves. */
  public static final int MAX_REQUESTS_PER_SECOND = 100_000;

  /** The largest burst that may be set: ten seconds of the highest rate. */
  public static final int MAX_BURST = 1_000_000;

  public RateLimit {
    if (requestsPerSecond < 1 || requestsPerSecond > MAX_REQUESTS_PER_SECOND) {
      throw new IllegalArgumentException("requests per second out of range: " + requestsPerSecond);
    }
    if (burst < 1 || burst > MAX_BURST) {
      throw new IllegalArgumentException("burst out of range: " + burst);
    }
  }
}
