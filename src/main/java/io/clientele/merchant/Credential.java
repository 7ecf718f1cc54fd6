package io.clientele.merchant;

import java.time.Instant;

/**
 * A stored credential: the public {@code lookup} that finds it, the SHA-256 of its secret, and for
 * Airpay the sealed key the server needs in clear to verify checksums. Never the secret itself.
 *
 * @param projectId the Flowwise project the credential acts for, else {@code null}
 * @param dialect the wire name of its {@link CredentialKind}
 * @param sealedSecret the Airpay secret key sealed under the data key, else {@code null}
 * @param revokedAt from when it is refused (in the future while a rotation's overlap runs), else
 *     {@code null}
 * @param lastUsedAt when it last authenticated a request, to the minute, else {@code null}
 */
public record Credential(
    String id,
    String merchantId,
    String projectId,
    String dialect,
    String lookup,
    byte[] secretHash,
    String sealedSecret,
    Instant createdAt,
    Instant revokedAt,
    Instant lastUsedAt) {

  /** Whether it is accepted at {@code now}: never revoked, or revoked from a later instant. */
  public boolean isActiveAt(Instant now) {
    return revokedAt == null || now.isBefore(revokedAt);
  }

  /**
   * Whether {@code presented} is this credential's secret, in time independent of where it differs.
   */
  public boolean secretMatches(String presented) {
    return Secrets.matches(presented, secretHash);
  }

  @Override
  public String toString() {
    return "Credential[id=" + id + ", merchantId=" + merchantId + ", dialect=" + dialect + "]";
  }
}
