package io.clientele.vault;

import java.util.Arrays;

/** A fixed master key for tests that build stores by hand. */
public final class TestKeys {
  public static final MasterKeys MASTER = MasterKeys.of(bytes(7));

  private TestKeys() {}

  /** 32 bytes, each {@code value}. */
  public static byte[] bytes(int value) {
    byte[] key = new byte[MasterKeys.KEY_BYTES];
    Arrays.fill(key, (byte) value);
    return key;
  }
}
