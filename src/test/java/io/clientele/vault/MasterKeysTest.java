package io.clientele.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MasterKeysTest {
  @Test
  void namesEachKeyByAnIdDerivedFromIt() {
    assertThat(MasterKeys.of(TestKeys.bytes(1)).currentId())
        .matches("m[0-9a-f]{8}")
        .isEqualTo(MasterKeys.of(TestKeys.bytes(1)).currentId())
        .isNotEqualTo(MasterKeys.of(TestKeys.bytes(2)).currentId());
  }

  @Test
  void sealsUnderTheCurrentKeyAndOpensUnderTheCurrentOrThePrevious() {
    MasterKeys old = MasterKeys.of(TestKeys.bytes(1));
    MasterKeys rotating = new MasterKeys(TestKeys.bytes(2), Optional.of(TestKeys.bytes(1)));
    String underOld = old.seal(bytes("data key"), "place");
    String underNew = rotating.seal(bytes("data key"), "place");

    assertThat(underNew).startsWith(rotating.currentId() + ":");
    assertThat(rotating.previousId()).contains(old.currentId());
    assertThat(rotating.open(underOld, "place")).isEqualTo(bytes("data key"));
    assertThat(rotating.open(underNew, "place")).isEqualTo(bytes("data key"));
    assertThat(rotating.isCurrent(underOld)).isFalse();
    assertThat(rotating.isCurrent(underNew)).isTrue();
  }

  @Test
  void refusesAValueUnderAKeyItDoesNotHoldNamingTheKeys() {
    MasterKeys a = MasterKeys.of(TestKeys.bytes(1));
    MasterKeys b = MasterKeys.of(TestKeys.bytes(2));
    String sealed = a.seal(bytes("x"), "place");

    assertThatThrownBy(() -> b.open(sealed, "place"))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "a value is sealed under master key "
                + a.currentId()
                + ", which this node does not hold (it holds "
                + b.currentId()
                + ")");
  }

  @Test
  void opensTheUnnamedSealOfEarlierVersionsUnderTheSameKey() throws Exception {
    byte[] key = TestKeys.bytes(3);
    byte[] nonce = new byte[12];
    javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        javax.crypto.Cipher.ENCRYPT_MODE,
        new javax.crypto.spec.SecretKeySpec(key, "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, nonce));
    cipher.updateAAD(bytes("crd_1"));
    byte[] sealed = cipher.doFinal(bytes("secret"));
    byte[] all = new byte[nonce.length + sealed.length];
    System.arraycopy(sealed, 0, all, nonce.length, sealed.length);
    String legacy = java.util.Base64.getEncoder().encodeToString(all);

    assertThat(MasterKeys.of(key).openUnnamed(legacy, "crd_1")).isEqualTo(bytes("secret"));
    assertThatThrownBy(() -> MasterKeys.of(TestKeys.bytes(4)).openUnnamed(legacy, "crd_1"))
        .isInstanceOf(VaultException.class);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
