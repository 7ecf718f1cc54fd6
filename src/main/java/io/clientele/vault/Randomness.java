package io.clientele.vault;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The source of keys and nonces: the JDK's DRBG (NIST SP 800-90A, seeded from the operating
 * system). The default {@code SecureRandom} on Linux reads {@code /dev/urandom} under a lock on
 * every call, which took up to 4 % of a create's CPU (bench/results/vault.md); the DRBG only
 * reseeds now and then.
 */
final class Randomness {
  private static final SecureRandom DRBG = drbg();

  private Randomness() {}

  static byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    DRBG.nextBytes(bytes);
    return bytes;
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the DRBG SecureRandom is not available in this JVM", e);
    }
  }
}
