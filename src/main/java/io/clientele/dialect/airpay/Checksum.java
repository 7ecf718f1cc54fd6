package io.clientele.dialect.airpay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Airpay's request checksum: the lowercase hex SHA-256 of every body value, decoded, in the order
 * sent, with no separator, followed by the merchant's secret key.
 */
public final class Checksum {
  private Checksum() {}

  public static String of(List<String> values, String secretKey) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (String value : values) {
        sha256.update(value.getBytes(StandardCharsets.UTF_8));
      }
      sha256.update(secretKey.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }

  /** Compares hex case-insensitively, in time that does not depend on where the two differ. */
  public static boolean matches(String presented, String expected) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        presented.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }
}
