package io.clientele.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a fresh 96-bit nonce per value, in one envelope every stored ciphertext has: the
 * id of the key (and version) that sealed it in ASCII, a colon, then nonce ‖ ciphertext ‖ tag. What
 * a customer's rows hold is stored as those bytes (binary columns: H2 writes a text column one
 * varint per character, which made sealed text cost H2 creates a fifth of their CPU); the few
 * values sealed under the master key are stored as text, {@code <key id>:<base64url(nonce ‖
 * ciphertext ‖ tag)>}. Either way the key id says what opens a value, and the associated data binds
 * it to the row and column it was written for, so a ciphertext copied elsewhere does not open.
 */
final class Aead {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /**
   * Ciphers idle between uses. {@code Cipher.getInstance} looks the algorithm up among the
   * providers every time: under load it took about half of the vault's CPU samples
   * (bench/vault.sh). Requests run on virtual threads, so a thread-local cipher would be made
   * afresh per request; a cipher is taken from here, initialised with its key and nonce for each
   * value, and put back only after it succeeded.
   */
  private static final BlockingQueue<Cipher> IDLE = new ArrayBlockingQueue<>(64);

  private Aead() {}

  /** Seals {@code plaintext} into the binary envelope. */
  static byte[] seal(SecretKey key, String keyId, byte[] plaintext, String boundTo) {
    byte[] nonce = Randomness.bytes(NONCE_BYTES);
    byte[] sealed = run(Cipher.ENCRYPT_MODE, key, nonce, boundTo, plaintext, 0, plaintext.length);
    return ByteBuffer.allocate(keyId.length() + 1 + nonce.length + sealed.length)
        .put(keyId.getBytes(StandardCharsets.US_ASCII))
        .put((byte) ':')
        .put(nonce)
        .put(sealed)
        .array();
  }

  /** Seals {@code plaintext} into the text envelope. */
  static String sealText(SecretKey key, String keyId, byte[] plaintext, String boundTo) {
    return text(seal(key, keyId, plaintext, boundTo));
  }

  /**
   * Opens a binary envelope.
   *
   * @throws VaultException when the value was sealed under another key, for another place, or was
   *     altered
   */
  static byte[] open(SecretKey key, byte[] envelope, String boundTo) {
    int colon = colon(envelope);
    return openDecoded(key, envelope, colon + 1, boundTo);
  }

  /** Opens a text envelope. */
  static byte[] openText(SecretKey key, String envelope, String boundTo) {
    return open(key, binary(envelope), boundTo);
  }

  /** The text envelope of a binary one. */
  static String text(byte[] envelope) {
    int colon = colon(envelope);
    return new String(envelope, 0, colon + 1, StandardCharsets.US_ASCII)
        + ENCODER.encodeToString(Arrays.copyOfRange(envelope, colon + 1, envelope.length));
  }

  /** The binary envelope of a text one. */
  static byte[] binary(String envelope) {
    int colon = envelope.indexOf(':');
    if (colon < 1) {
      throw new VaultException("a stored ciphertext names no key");
    }
    byte[] id = envelope.substring(0, colon + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] sealed = decode(DECODER, envelope.substring(colon + 1), "base64url");
    return ByteBuffer.allocate(id.length + sealed.length).put(id).put(sealed).array();
  }

  /** Where the colon after the key id is; key ids are a few ASCII letters and digits. */
  private static int colon(byte[] envelope) {
    for (int i = 1; i < Math.min(envelope.length, MAX_KEY_ID + 1); i++) {
      if (envelope[i] == ':') {
        return i;
      }
    }
    throw new VaultException("a stored ciphertext names no key");
  }

  private static final int MAX_KEY_ID = 16;

  /** Opens standard base64 of nonce and ciphertext with no key id before it. */
  static byte[] openUnnamed(SecretKey key, String base64, String boundTo) {
    return openDecoded(key, decode(Base64.getDecoder(), base64, "base64"), 0, boundTo);
  }

  private static byte[] decode(Base64.Decoder decoder, String text, String encoding) {
    try {
      return decoder.decode(text);
    } catch (IllegalArgumentException e) {
      throw new VaultException("a stored ciphertext is not " + encoding, e);
    }
  }

  /** Opens the nonce ‖ ciphertext ‖ tag that start at {@code from}, in place. */
  private static byte[] openDecoded(SecretKey key, byte[] all, int from, String boundTo) {
    if (all.length - from < NONCE_BYTES + TAG_BITS / 8) {
      throw new VaultException("a stored ciphertext is too short to be one");
    }
    return run(
        Cipher.DECRYPT_MODE,
        key,
        Arrays.copyOfRange(all, from, from + NONCE_BYTES),
        boundTo,
        all,
        from + NONCE_BYTES,
        all.length - from - NONCE_BYTES);
  }

  /** The id of the key a text envelope was sealed under: the text before its first colon. */
  static String keyId(String envelope) {
    int colon = envelope.indexOf(':');
    if (colon < 1) {
      throw new VaultException("a stored ciphertext names no key");
    }
    return envelope.substring(0, colon);
  }

  /** The id of the key a binary envelope was sealed under. */
  static String keyId(byte[] envelope) {
    return new String(envelope, 0, colon(envelope), StandardCharsets.US_ASCII);
  }

  /** Whether a binary envelope names {@code keyId}, without making a string of it. */
  static boolean names(byte[] envelope, byte[] keyId) {
    return envelope.length > keyId.length
        && envelope[keyId.length] == ':'
        && Arrays.equals(envelope, 0, keyId.length, keyId, 0, keyId.length);
  }

  private static byte[] run(
      int mode, SecretKey key, byte[] nonce, String boundTo, byte[] input, int offset, int length) {
    try {
      Cipher cipher = IDLE.poll();
      if (cipher == null) {
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
      }
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
      byte[] output = cipher.doFinal(input, offset, length);
      IDLE.offer(cipher);
      return output;
    } catch (javax.crypto.AEADBadTagException e) {
      throw new VaultException("a ciphertext does not open under its key: wrong key or altered", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }
}
