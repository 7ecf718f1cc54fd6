package io.clientele.merchant;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@link Authenticator} reads and writes of the stored credentials: the port storage
 * implements, and the seam its unit tests fake.
 */
public interface CredentialStore {

  /**
   * The credential of dialect {@code dialect} whose lookup is {@code lookup}, revoked or not, with
   * its merchant and allow-list, in one round trip.
   */
  Optional<KeyOwner> findKeyOwner(String dialect, String lookup);

  /**
   * Sets the credential's {@code last_used_at} to {@code now} unless it is already later than
   * {@code staleBefore}, so that of concurrent requests on any node at most one writes.
   *
   * @return whether a row was written
   */
  boolean recordUse(String merchantId, String credentialId, Instant now, Instant staleBefore);
}
