package io.clientele.merchant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Generation, hashing and constant-time comparison of credential secrets. */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Secrets() {}

  public static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }

  public static boolean matches(String presented, byte[] expectedHash) {
    return presented != null && MessageDigest.isEqual(sha256(presented), expectedHash);
  }

  /** Uppercase hex, the shape of the API keys Juspay issues. */
  public static String hex(int bytes) {
    return HexFormat.of().withUpperCase().formatHex(randomBytes(bytes));
  }

  public static String lowerHex(int bytes) {
    return HexFormat.of().formatHex(randomBytes(bytes));
  }

  public static String alphanumeric(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
    }
    return out.toString();
  }

  public static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
