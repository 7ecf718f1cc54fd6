package io.clientele.merchant;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets the server must read back in clear (Airpay's checksum key) with AES-256-GCM under
 * the node's data key. The credential id is bound in as associated data, so a sealed value copied
 * onto another credential does not open.
 */
public final class SecretSealer {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private final SecretKeySpec key;

  public SecretSealer(byte[] dataKey) {
    if (dataKey.length != 32) {
      throw new IllegalArgumentException("the data key must be 32 bytes, got " + dataKey.length);
    }
    this.key = new SecretKeySpec(dataKey.clone(), "AES");
  }

  public String seal(String plaintext, String boundTo) {
    byte[] nonce = Secrets.randomBytes(NONCE_BYTES);
    byte[] sealed =
        run(Cipher.ENCRYPT_MODE, nonce, boundTo, plaintext.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder()
        .encodeToString(
            ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
  }

  /**
   * @throws IllegalStateException if the value was sealed under another key or tampered with
   */
  public String open(String sealedValue, String boundTo) {
    byte[] all = Base64.getDecoder().decode(sealedValue);
    byte[] nonce = java.util.Arrays.copyOfRange(all, 0, NONCE_BYTES);
    byte[] sealed = java.util.Arrays.copyOfRange(all, NONCE_BYTES, all.length);
    return new String(run(Cipher.DECRYPT_MODE, nonce, boundTo, sealed), StandardCharsets.UTF_8);
  }

  private byte[] run(int mode, byte[] nonce, String boundTo, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealed secret does not open under this data key", e);
    }
  }
}
