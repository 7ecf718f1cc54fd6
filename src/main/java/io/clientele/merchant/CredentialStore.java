package io.clientele.merchant;

import java.util.Optional;

/**
 * What {@link Authenticator} reads of the stored credentials: the port storage implements, and the
 * seam its unit tests fake.
 */
public interface CredentialStore {

  /**
   * The credential of dialect {@code dialect} whose lookup is {@code lookup}, revoked or not, with
   * its merchant and allow-list, in one round trip.
   */
  Optional<KeyOwner> findKeyOwner(String dialect, String lookup);
}
