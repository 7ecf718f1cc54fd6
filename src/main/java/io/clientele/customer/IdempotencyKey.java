package io.clientele.customer;

import java.util.Arrays;

/**
 * A write's idempotency key as a client sent it, scoped to the merchant and dialect that received
 * it, with the fingerprint of the request it came with: the same key with another fingerprint is
 * another request, and is refused.
 *
 * @param dialect the route family that received the request, such as {@code canonical}
 * @param key the client's key, 1 to {@value #MAX_LENGTH} visible ASCII characters or spaces
 * @param fingerprint a digest of the request (method, path, preconditions and body)
 */
public record IdempotencyKey(String dialect, String key, byte[] fingerprint) {
  public static final int MAX_LENGTH = 255;

  public IdempotencyKey {
    if (!isWellFormed(key)) {
      throw new IllegalArgumentException("not a well-formed idempotency key");
    }
    fingerprint = fingerprint.clone();
  }

  /** Whether {@code key} may be an idempotency key: 1 to 255 visible ASCII characters or spaces. */
  public static boolean isWellFormed(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_LENGTH || key.isBlank()) {
      return false;
    }
    return key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
  }

  @Override
  public byte[] fingerprint() {
    return fingerprint.clone();
  }

  /** Whether {@code other} is the fingerprint of the request this key first came with. */
  public boolean sameRequestAs(byte[] other) {
    return java.security.MessageDigest.isEqual(fingerprint, other);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdempotencyKey that
        && dialect.equals(that.dialect)
        && key.equals(that.key)
        && Arrays.equals(fingerprint, that.fingerprint);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dialect.hashCode() + key.hashCode()) + Arrays.hashCode(fingerprint);
  }

  @Override
  public String toString() {
    return "IdempotencyKey[dialect=" + dialect + ", length=" + key.length() + "]";
  }
}
