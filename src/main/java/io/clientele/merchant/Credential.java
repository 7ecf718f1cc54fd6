package io.clientele.merchant;

import java.time.Instant;

/**
 * A stored credential: the public {@code lookup} that finds it, the SHA-256 of its secret, and for
 * Airpay the sealed key the server needs in clear to verify checksums. Never the secret itself.
 *
 * @param projectId the Flowwise project the credential acts for, else {@code null}
 * @param sealedSecret the Airpay secret key sealed under the data key, else {@code null}
 */
public record Credential(
    String id,
    String merchantId,
    String projectId,
    Dialect dialect,
    String lookup,
    byte[] secretHash,
    String sealedSecret,
    Instant createdAt,
    Instant revokedAt) {

  public boolean isActive() {
    return revokedAt == null;
  }

  /**
   * Whether {@code presented} is this credential's secret, in time independent of where it differs.
   */
  public boolean matches(String presented) {
    return isActive() && Secrets.matches(presented, secretHash);
  }

  @Override
  public String toString() {
    return "Credential[id=" + id + ", merchantId=" + merchantId + ", dialect=" + dialect + "]";
  }
}
