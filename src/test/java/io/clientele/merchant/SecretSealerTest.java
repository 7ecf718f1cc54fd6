package io.clientele.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretSealerTest {
  static final byte[] KEY = new byte[32];
  static final byte[] OTHER_KEY = Secrets.randomBytes(32);

  @Test
  void opensWhatItSealed() {
    SecretSealer sealer = new SecretSealer(KEY);

    String sealed = sealer.seal("airpay-secret-key", "crd_1");

    assertThat(sealed).doesNotContain("airpay-secret-key");
    assertThat(sealer.open(sealed, "crd_1")).isEqualTo("airpay-secret-key");
  }

  @Test
  void sealsTheSameSecretDifferentlyEachTime() {
    SecretSealer sealer = new SecretSealer(KEY);

    assertThat(sealer.seal("s", "crd_1")).isNotEqualTo(sealer.seal("s", "crd_1"));
  }

  @Test
  void refusesToOpenUnderAnotherKey() {
    String sealed = new SecretSealer(KEY).seal("s", "crd_1");

    assertThatThrownBy(() -> new SecretSealer(OTHER_KEY).open(sealed, "crd_1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sealed secret does not open under this data key");
  }

  @Test
  void refusesToOpenForAnotherCredential() {
    String sealed = new SecretSealer(KEY).seal("s", "crd_1");

    assertThatThrownBy(() -> new SecretSealer(KEY).open(sealed, "crd_2"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesATamperedValue() {
    byte[] sealed = Base64.getDecoder().decode(new SecretSealer(KEY).seal("secret", "crd_1"));
    sealed[sealed.length - 1] ^= 1;

    assertThatThrownBy(
            () -> new SecretSealer(KEY).open(Base64.getEncoder().encodeToString(sealed), "crd_1"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void needsA32ByteKey() {
    assertThatThrownBy(() -> new SecretSealer(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the data key must be 32 bytes, got 16");
  }
}
