package io.clientele.merchant;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Proves a presented credential, the same way for every dialect: the stored row found by the kind
 * and the public part of what was presented, the secret's SHA-256 compared in constant time,
 * revocation, the claimed merchant, then the merchant's allow-list. Dialects only parse their
 * headers into a {@link Presented} and render the {@link AuthException} in their own shapes.
 */
public final class Authenticator {
  private static final int MAX_LOOKUP = 64;

  private final CredentialStore store;
  private final Clock clock;

  public Authenticator(CredentialStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A proven caller with the stored credential, for a dialect that needs what is sealed in it. */
  public record Proof(Caller caller, Credential credential) {}

  /**
   * @throws AuthException.Unauthenticated for an unknown, revoked or wrong credential, or a claimed
   *     merchant that is not the credential's
   * @throws AuthException.OriginRefused for a caller outside the merchant's non-empty allow-list
   */
  public Caller authenticate(Presented presented, String requestId) {
    return prove(presented, requestId).caller();
  }

  /** As {@link #authenticate}, answering the stored credential too. */
  public Proof prove(Presented presented, String requestId) {
    KeyOwner owner = owner(presented).orElseThrow(AuthException.Unauthenticated::new);
    Credential credential = owner.credential();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (!credential.secretMatches(presented.secret()) || !credential.isActiveAt(now)) {
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
    return new Proof(caller, credential);
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
}
