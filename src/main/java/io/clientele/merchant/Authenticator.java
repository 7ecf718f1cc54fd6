package io.clientele.merchant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves a presented credential, the same way for every dialect: the stored row found by the kind
 * and the public part of what was presented, the secret's SHA-256 compared in constant time,
 * revocation, the claimed merchant, then the merchant's allow-list. Dialects only parse their
 * headers into a {@link Presented} and render the {@link AuthException} in their own shapes.
 */
public final class Authenticator {
  /**
   * How old {@code last_used_at} may grow before a use writes it again: a busy credential costs one
   * write a minute, not one a request.
   */
  public static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private static final int MAX_LOOKUP = 64;

  private final CredentialStore store;
  private final Clock clock;
  private final RateLimiter limiter;

  /** An authenticator whose rate limits run on this machine's monotonic clock. */
  public Authenticator(CredentialStore store, Clock clock) {
    this(store, clock, new RateLimiter(System::nanoTime));
  }

  public Authenticator(CredentialStore store, Clock clock, RateLimiter limiter) {
    this.store = store;
    this.clock = clock;
    this.limiter = limiter;
  }

  /**
   * A proven caller with the stored credential, for a dialect that needs what is sealed in it, and
   * the rate limit of the credential's merchant as read with it.
   */
  public record Proof(Caller caller, Credential credential, Optional<RateLimit> rateLimit) {}

  /**
   * @throws AuthException.Unauthenticated for an unknown, revoked or wrong credential, or a claimed
   *     merchant that is not the credential's
   * @throws AuthException.OriginRefused for a caller outside the merchant's non-empty allow-list
   * @throws RateLimited when the credential has used up its merchant's rate limit
   */
  public Caller authenticate(Presented presented, String requestId) {
    Proof proof = prove(presented, requestId);
    admit(proof);
    return proof.caller();
  }

  /**
   * As {@link #authenticate}, answering the stored credential too, for a dialect whose proof is not
   * complete yet (Airpay's checksum needs the sealed key): it calls {@link #admit} once the request
   * is proven, so a refused request is neither charged to the rate limit nor counted as a use.
   */
  public Proof prove(Presented presented, String requestId) {
    KeyOwner owner = owner(presented).orElseThrow(AuthException.Unauthenticated::new);
    Credential credential = owner.credential();
    if (!credential.secretMatches(presented.secret()) || !credential.isActiveAt(owner.readAt())) {
      throw new AuthException.Unauthenticated();
    }
    Merchant merchant = owner.merchant();
    String claimed = presented.claimedMerchantId();
    if (claimed != null && !claimed.equals(merchant.id())) {
      throw new AuthException.Unauthenticated();
    }
    if (!merchant.admits(presented.remoteAddress())) {
      throw new AuthException.OriginRefused();
    }
    Caller caller =
        new Caller(
            merchant.id(),
            credential.id(),
            presented.kind().wireName(),
            credential.projectId(),
            requestId);
    return new Proof(caller, credential, merchant.rateLimit());
  }

  /**
   * Charges a proven request to its credential's bucket, then records the use. It comes before any
   * write, so a request refused for its rate costs the database nothing (its credential was read
   * within the last {@code KEY_OWNER_MAX_AGE}, or is read once now) and is not a use.
   *
   * @throws RateLimited when the credential has used up its merchant's rate limit
   */
  public void admit(Proof proof) {
    proof.rateLimit().ifPresent(limit -> limiter.charge(proof.credential().id(), limit));
    recordUse(proof);
  }

  private Optional<KeyOwner> owner(Presented presented) {
    if (presented.identifier() == null) {
      return Optional.empty();
    }
    String lookup = presented.kind().lookupOf(presented.identifier());
    if (!isWellFormedLookup(lookup)) {
      return Optional.empty();
    }
    return store.findKeyOwner(presented.kind().wireName(), lookup);
  }

  /**
   * Whether {@code lookup} could belong to an issued credential (ASCII letters and digits);
   * anything else is not looked up at all, so text the database cannot compare never reaches it.
   */
  static boolean isWellFormedLookup(String lookup) {
    return !lookup.isEmpty()
        && lookup.length() <= MAX_LOOKUP
        && lookup.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
  }

  /**
   * Writes {@code last_used_at} when the value read with the credential is a minute old or unset.
   * It is bookkeeping: a failure to write it is logged and the request goes on.
   */
  public void recordUse(Proof proof) {
    Credential credential = proof.credential();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant staleBefore = now.minus(LAST_USED_GRANULARITY);
    Instant last = credential.lastUsedAt();
    if (last != null && last.isAfter(staleBefore)) {
      return;
    }
    try {
      store.recordUse(credential.merchantId(), credential.id(), now, staleBefore);
    } catch (RuntimeException e) {
      LOG.warn(
          "credential_id={} last_used_at not written: {}",
          credential.id(),
          e.getClass().getSimpleName());
    }
  }
}
