package io.clientele.vault;

import java.util.Base64;

/**
 * The text forms of what a customer's rows hold as bytes: the sealed values and wrapped keys
 * ({@code <key id>:<base64url>}, the form values sealed under the master key still have) and the
 * blind indexes (base64url of the 32 bytes). Customer rows held these forms in text columns from
 * V10 until V13 made the columns binary; only those two migrations use them.
 */
public final class TextForms {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private TextForms() {}

  public static String envelope(byte[] envelope) {
    return envelope == null ? null : Aead.text(envelope);
  }

  /**
   * @throws VaultException when the text names no key or is not base64url after it
   */
  public static byte[] envelope(String envelope) {
    return envelope == null ? null : Aead.binary(envelope);
  }

  public static String index(byte[] index) {
    return index == null ? null : ENCODER.encodeToString(index);
  }

  /**
   * @throws VaultException when the text is not base64url
   */
  public static byte[] index(String index) {
    if (index == null) {
      return null;
    }
    try {
      return DECODER.decode(index);
    } catch (IllegalArgumentException e) {
      throw new VaultException("a stored blind index is not base64url", e);
    }
  }
}
