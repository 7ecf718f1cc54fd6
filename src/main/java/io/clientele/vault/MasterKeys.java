package io.clientele.vault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key every other key is wrapped under, held outside the database (configuration, environment
 * or a file), and the one before it while a rotation re-wraps what it sealed. Each master key is
 * named by an id derived from it ({@code m} and eight hex digits), written before every value it
 * seals, so a node tells which key a value needs without trying them in turn.
 */
public final class MasterKeys {
  /** The bytes of an AES-256 key. */
  public static final int KEY_BYTES = 32;

  private final SecretKey current;
  private final String currentId;
  private final Optional<SecretKey> previous;
  private final String previousId;

  public MasterKeys(byte[] current, Optional<byte[]> previous) {
    this.current = key(current);
    this.currentId = idOf(current);
    this.previous = previous.map(MasterKeys::key);
    this.previousId = previous.map(MasterKeys::idOf).orElse(null);
  }

  public static MasterKeys of(byte[] current) {
    return new MasterKeys(current, Optional.empty());
  }

  /** The id of the current master key, as written before what it seals. */
  public String currentId() {
    return currentId;
  }

  public Optional<String> previousId() {
    return Optional.ofNullable(previousId);
  }

  public String seal(byte[] plaintext, String boundTo) {
    return Aead.sealText(current, currentId, plaintext, boundTo);
  }

  /**
   * @throws VaultException when the value names a master key this node does not hold, or does not
   *     open under it
   */
  public byte[] open(String envelope, String boundTo) {
    String id = Aead.keyId(envelope);
    if (id.equals(currentId)) {
      return Aead.openText(current, envelope, boundTo);
    }
    if (id.equals(previousId)) {
      return Aead.openText(previous.get(), envelope, boundTo);
    }
    throw new NotHeld(id, this);
  }

  /** A stored value sealed under a master key this node holds neither as current nor previous. */
  public static final class NotHeld extends VaultException {
    private final String keyId;

    NotHeld(String keyId, MasterKeys held) {
      super(
          "a value is sealed under master key "
              + keyId
              + ", which this node does not hold (it holds "
              + held.currentId
              + (held.previousId == null ? "" : " and " + held.previousId)
              + ")");
      this.keyId = keyId;
    }

    /** The id of the master key the value needs. */
    public String keyId() {
      return keyId;
    }
  }

  /** Whether a value was sealed under the current master key, and needs no re-wrap. */
  public boolean isCurrent(String envelope) {
    return Aead.keyId(envelope).equals(currentId);
  }

  /**
   * Opens a value sealed before values named their key (an Airpay secret sealed by an earlier
   * version, under this same key as it was then called, the data key: standard base64 of nonce and
   * ciphertext), trying the current key and then the previous one; only the migration that re-seals
   * them calls it.
   */
  public byte[] openUnnamed(String base64, String boundTo) {
    try {
      return Aead.openUnnamed(current, base64, boundTo);
    } catch (VaultException e) {
      if (previous.isEmpty()) {
        throw e;
      }
      return Aead.openUnnamed(previous.get(), base64, boundTo);
    }
  }

  /** The id of a master key: {@code m} and the first eight hex digits of a hash of it. */
  static String idOf(byte[] key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("clientele master key id\0".getBytes(StandardCharsets.UTF_8));
      return "m" + HexFormat.of().formatHex(sha.digest(key), 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  private static SecretKey key(byte[] bytes) {
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "a master key must be " + KEY_BYTES + " bytes, got " + bytes.length);
    }
    return new SecretKeySpec(bytes.clone(), "AES");
  }
}
