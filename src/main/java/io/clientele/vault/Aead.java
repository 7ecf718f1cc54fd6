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
 * AES-256-GCM with a fresh 96-bit nonce per value, in the one text form every stored ciphertext
 * has: {@code <key id>:<base64url(nonce ‖ ciphertext ‖ tag)>}. The key id names the key (and its
 * version) that sealed it, so any value says what opens it; the associated data binds a value to
 * the row and column it was written for, so a ciphertext copied elsewhere does not open.
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

  static String seal(SecretKey key, String keyId, byte[] plaintext, String boundTo) {
    byte[] nonce = Randomness.bytes(NONCE_BYTES);
    byte[] sealed = run(Cipher.ENCRYPT_MODE, key, nonce, boundTo, plaintext, 0, plaintext.length);
    byte[] all = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    return keyId + ":" + ENCODER.encodeToString(all);
  }

  /**
   * @throws VaultException when the value was sealed under another key, for another place, or was
   *     altered
   */
  static byte[] open(SecretKey key, String envelope, String boundTo) {
    int colon = envelope.indexOf(':');
    byte[] all = decode(DECODER, envelope.substring(colon + 1), "base64url");
    if (colon < 1) {
      throw new VaultException("a stored ciphertext is too short to be one");
    }
    return openDecoded(key, all, boundTo);
  }

  /** Opens standard base64 of nonce and ciphertext with no key id before it. */
  static byte[] openUnnamed(SecretKey key, String base64, String boundTo) {
    return openDecoded(key, decode(Base64.getDecoder(), base64, "base64"), boundTo);
  }

  private static byte[] decode(Base64.Decoder decoder, String text, String encoding) {
    try {
      return decoder.decode(text);
    } catch (IllegalArgumentException e) {
      throw new VaultException("a stored ciphertext is not " + encoding, e);
    }
  }

  /** Opens nonce ‖ ciphertext ‖ tag, in place. */
  private static byte[] openDecoded(SecretKey key, byte[] all, String boundTo) {
    if (all.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new VaultException("a stored ciphertext is too short to be one");
    }
    return run(
        Cipher.DECRYPT_MODE,
        key,
        Arrays.copyOf(all, NONCE_BYTES),
        boundTo,
        all,
        NONCE_BYTES,
        all.length - NONCE_BYTES);
  }

  /** The id of the key a value was sealed under: the text before its first colon. */
  static String keyId(String envelope) {
    int colon = envelope.indexOf(':');
    if (colon < 1) {
      throw new VaultException("a stored ciphertext names no key");
    }
    return envelope.substring(0, colon);
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
