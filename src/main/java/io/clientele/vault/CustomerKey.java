package io.clientele.vault;

import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key one customer's personal values are sealed under, in their row and in every change record
 * of their history. It is stored only wrapped under the merchant's data key, and destroyed when the
 * customer is erased: whatever copies of the values survive in database files or later backups then
 * open under no key that exists. Values it seals are named {@code c1}, generation 1 of a customer's
 * key (a customer's key is never replaced, only re-wrapped).
 */
public final class CustomerKey {
  static final int BYTES = 32;
  private static final String KEY_ID = "c1";
  private static final byte[] KEY_ID_BYTES = KEY_ID.getBytes(StandardCharsets.US_ASCII);

  private final SecretKey key;

  CustomerKey(byte[] key) {
    if (key.length != BYTES) {
      throw new VaultException("a customer key must be " + BYTES + " bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  byte[] bytes() {
    return key.getEncoded();
  }

  /** Seals {@code text} for the place {@code boundTo} names (table, merchant, row). */
  public byte[] seal(String text, String boundTo) {
    return Aead.seal(key, KEY_ID, text.getBytes(StandardCharsets.UTF_8), boundTo);
  }

  /** Seals {@code bytes} for the place {@code boundTo} names. */
  public byte[] sealBytes(byte[] bytes, String boundTo) {
    return Aead.seal(key, KEY_ID, bytes, boundTo);
  }

  public byte[] openBytes(byte[] sealed, String boundTo) {
    if (!Aead.names(sealed, KEY_ID_BYTES)) {
      throw new VaultException("a personal value is not sealed under a customer key");
    }
    return Aead.open(key, sealed, boundTo);
  }

  public String open(byte[] sealed, String boundTo) {
    return new String(openBytes(sealed, boundTo), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "CustomerKey[…]";
  }
}
