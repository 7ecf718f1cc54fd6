package io.clientele.merchant;

/**
 * A proven request refused because its credential used up its merchant's rate limit. Carries no
 * wire text: each dialect renders it as its own 429, with {@code Retry-After}.
 */
public final class RateLimited extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long retryAfterSeconds;

  /**
   * @param retryAfterSeconds whole seconds until the credential's next request would be admitted,
   *     rounded up, at least 1
   */
  public RateLimited(long retryAfterSeconds) {
    super("rate limit exceeded", null, false, false);
    if (retryAfterSeconds < 1) {
      throw new IllegalArgumentException("retry after must be at least 1 s: " + retryAfterSeconds);
    }
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The value of the {@code Retry-After} header that goes with every rendering of it. */
  public String retryAfterHeader() {
    return Long.toString(retryAfterSeconds);
  }
}
