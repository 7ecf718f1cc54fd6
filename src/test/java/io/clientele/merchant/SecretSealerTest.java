package io.clientele.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.vault.MasterKeys;
import io.clientele.vault.TestKeys;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretSealerTest {
  static final MasterKeys MASTER = MasterKeys.of(TestKeys.bytes(1));
  static final MasterKeys OTHER = MasterKeys.of(TestKeys.bytes(2));

  @Test
  void opensWhatItSealed() {
    SecretSealer sealer = new SecretSealer(MASTER);

    String sealed = sealer.seal("airpay-secret-key", "crd_1");

    assertThat(sealed).doesNotContain("airpay-secret-key").startsWith(MASTER.currentId() + ":");
    assertThat(sealer.open(sealed, "crd_1")).isEqualTo("airpay-secret-key");
  }

  @Test
  void sealsTheSameSecretDifferentlyEachTime() {
    SecretSealer sealer = new SecretSealer(MASTER);

    assertThat(sealer.seal("s", "crd_1")).isNotEqualTo(sealer.seal("s", "crd_1"));
  }

  @Test
  void refusesToOpenUnderAnotherMasterKeyNamingBoth() {
    String sealed = new SecretSealer(MASTER).seal("s", "crd_1");

    assertThatThrownBy(() -> new SecretSealer(OTHER).open(sealed, "crd_1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "sealed secret does not open: a value is sealed under master key "
                + MASTER.currentId()
                + ", which this node does not hold (it holds "
                + OTHER.currentId()
                + ")");
  }

  @Test
  void opensUnderThePreviousMasterKeyDuringARotation() {
    String sealed = new SecretSealer(MASTER).seal("s", "crd_1");

    MasterKeys rotating = new MasterKeys(TestKeys.bytes(2), Optional.of(TestKeys.bytes(1)));

    assertThat(new SecretSealer(rotating).open(sealed, "crd_1")).isEqualTo("s");
    assertThat(rotating.isCurrent(sealed)).isFalse();
  }

  @Test
  void refusesToOpenForAnotherCredential() {
    String sealed = new SecretSealer(MASTER).seal("s", "crd_1");

    assertThatThrownBy(() -> new SecretSealer(MASTER).open(sealed, "crd_2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "sealed secret does not open: a ciphertext does not open under its key: wrong key or"
                + " altered");
  }

  @Test
  void refusesATamperedValue() {
    String sealed = new SecretSealer(MASTER).seal("secret", "crd_1");
    // a character inside the ciphertext: the last one may carry only padding bits
    int at = sealed.indexOf(':') + 20;
    char was = sealed.charAt(at);
    String tampered = sealed.substring(0, at) + (was == 'A' ? 'B' : 'A') + sealed.substring(at + 1);

    assertThatThrownBy(() -> new SecretSealer(MASTER).open(tampered, "crd_1"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void needsA32ByteKey() {
    assertThatThrownBy(() -> MasterKeys.of(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a master key must be 32 bytes, got 16");
  }
}
