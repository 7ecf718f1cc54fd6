package io.clientele.vault;

/**
 * A stored ciphertext that cannot be opened: sealed under a key this node does not hold, destroyed,
 * or altered. Never carries a value or a key.
 */
public class VaultException extends RuntimeException {
  public VaultException(String message) {
    super(message);
  }

  public VaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
