package io.clientele.merchant;

/** A stored credential with the merchant that owns it: what a dialect's authentication needs. */
public record KeyOwner(Credential credential, Merchant merchant) {

  /** Whether {@code secret} is this credential's, in time independent of where it differs. */
  public boolean matches(String secret) {
    return credential.matches(secret);
  }
}
