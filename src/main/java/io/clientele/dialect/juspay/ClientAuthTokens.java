package io.clientele.dialect.juspay;

import io.clientele.customer.CustomerException;
import io.clientele.merchant.Secrets;
import io.clientele.storage.JdbcClientAuthTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Issues the short-lived client auth tokens Juspay's client SDKs use, keeping only their hashes.
 */
final class ClientAuthTokens {
  static final Duration LIFETIME = Duration.ofMinutes(15);
  private final JdbcClientAuthTokenStore store;
  private final Clock clock;

  ClientAuthTokens(JdbcClientAuthTokenStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  record Token(String value, Instant expiry) {
    @Override
    public String toString() {
      return "Token[expiry=" + expiry + "]";
    }
  }

  /**
   * @throws CustomerException.NotFound when the customer was erased since it was read
   */
  Token issue(String merchantId, String customerId) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Token token = new Token("tkn_" + Secrets.lowerHex(16), now.plus(LIFETIME));
    if (!store.save(merchantId, Secrets.sha256(token.value()), customerId, token.expiry(), now)) {
      throw new CustomerException.NotFound(customerId);
    }
    return token;
  }
}
