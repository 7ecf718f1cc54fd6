package io.clientele.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.vault.MerchantKeys.Index;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MerchantKeysTest {
  static final MerchantKeys M1 =
      new MerchantKeys("m1", Map.of(1, TestKeys.bytes(1)), TestKeys.bytes(9));
  static final MerchantKeys M1_ROTATED =
      new MerchantKeys("m1", Map.of(1, TestKeys.bytes(1), 2, TestKeys.bytes(2)), TestKeys.bytes(9));
  static final MerchantKeys M2 =
      new MerchantKeys("m2", Map.of(1, TestKeys.bytes(1)), TestKeys.bytes(8));

  @Test
  void makesTheSameBlindIndexForTheSameValueAndRole() {
    assertThat(M1.blind(Index.EMAIL, "asha@example.com"))
        .isEqualTo(M1.blind(Index.EMAIL, "asha@example.com"))
        .hasSize(32);
    assertThat(new String(M1.blind(Index.EMAIL, "asha@example.com"), StandardCharsets.ISO_8859_1))
        .doesNotContain("asha");
  }

  @Test
  void makesUnrelatedBlindIndexesForAnotherRoleOrAnotherMerchant() {
    byte[] email = M1.blind(Index.EMAIL, "9876543210");

    assertThat(M1.blind(Index.REFERENCE, "9876543210")).isNotEqualTo(email);
    assertThat(M1.blind(Index.PHONE, "9876543210")).isNotEqualTo(email);
    assertThat(M2.blind(Index.EMAIL, "9876543210")).isNotEqualTo(email);
  }

  @Test
  void blindsNullToNull() {
    assertThat(M1.blind(Index.PHONE, null)).isNull();
  }

  @Test
  void wrapsUnderTheNewestVersionAndUnwrapsUnderAnyItHolds() {
    CustomerKey key = MerchantKeys.newCustomerKey();
    byte[] sealed = key.seal("{\"reference\":\"r1\"}", "place");
    byte[] wrappedV1 = M1.wrap("cst_1", key);
    byte[] wrappedV2 = M1_ROTATED.wrap("cst_1", key);

    assertThat(wrappedV1)
        .startsWith("d1:".getBytes(StandardCharsets.US_ASCII))
        .hasSize(3 + 12 + 32 + 16);
    assertThat(wrappedV2).startsWith("d2:".getBytes(StandardCharsets.US_ASCII));
    assertThat(MerchantKeys.versionOf(wrappedV2)).isEqualTo(2);
    assertThat(M1_ROTATED.unwrap("cst_1", wrappedV1).open(sealed, "place"))
        .isEqualTo("{\"reference\":\"r1\"}");
    assertThat(M1_ROTATED.unwrap("cst_1", wrappedV2).open(sealed, "place"))
        .isEqualTo("{\"reference\":\"r1\"}");
  }

  @Test
  void refusesAVersionItDoesNotHold() {
    byte[] wrappedV2 = M1_ROTATED.wrap("cst_1", MerchantKeys.newCustomerKey());

    assertThatThrownBy(() -> M1.unwrap("cst_1", wrappedV2))
        .isInstanceOf(MerchantKeys.UnknownVersion.class)
        .hasMessage("merchant m1 holds no data key version 2");
  }

  @Test
  void refusesACustomerKeyCopiedToAnotherCustomer() {
    byte[] wrapped = M1.wrap("cst_1", MerchantKeys.newCustomerKey());

    assertThatThrownBy(() -> M1.unwrap("cst_2", wrapped))
        .isInstanceOf(VaultException.class)
        .hasMessage("a ciphertext does not open under its key: wrong key or altered");
  }

  @Test
  void refusesAValueSealedForAnotherPlace() {
    CustomerKey key = MerchantKeys.newCustomerKey();
    byte[] sealed = key.seal("Asha", "customers\0m1\0cst_1");

    assertThat(sealed).startsWith("c1:".getBytes(StandardCharsets.US_ASCII));
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Asha");
    assertThatThrownBy(() -> key.open(sealed, "customers\0m1\0cst_2"))
        .isInstanceOf(VaultException.class);
    assertThatThrownBy(() -> MerchantKeys.newCustomerKey().open(sealed, "customers\0m1\0cst_1"))
        .isInstanceOf(VaultException.class);
  }

  @Test
  void refusesBytesThatAreNoCiphertext() {
    assertThatThrownBy(() -> M1.unwrap("cst_1", bytes("d1:AAAA")))
        .isInstanceOf(VaultException.class)
        .hasMessage("a stored ciphertext is too short to be one");
    assertThatThrownBy(() -> M1.unwrap("cst_1", bytes("x1:AAAA")))
        .isInstanceOf(VaultException.class)
        .hasMessage("a customer key is not wrapped under a data key: x1");
    assertThatThrownBy(() -> M1.unwrap("cst_1", bytes("d1AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")))
        .isInstanceOf(VaultException.class)
        .hasMessage("a stored ciphertext names no key");
    assertThatThrownBy(() -> M1.unwrap("cst_1", new byte[0]))
        .isInstanceOf(VaultException.class)
        .hasMessage("a stored ciphertext names no key");
    assertThatThrownBy(() -> MerchantKeys.newCustomerKey().open(bytes("d1:AAAA"), "place"))
        .isInstanceOf(VaultException.class)
        .hasMessage("a personal value is not sealed under a customer key");
  }

  @Test
  void turnsEnvelopesAndIndexesIntoTheTextFormsEarlierColumnsHeldAndBack() {
    CustomerKey key = MerchantKeys.newCustomerKey();
    byte[] wrapped = M1.wrap("cst_1", key);
    String text = TextForms.envelope(wrapped);
    byte[] index = M1.blind(Index.EMAIL, "asha@example.com");

    assertThat(text).startsWith("d1:").hasSize(3 + 80).matches("d1:[A-Za-z0-9_-]+");
    assertThat(TextForms.envelope(text)).isEqualTo(wrapped);
    assertThat(TextForms.index(index)).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(TextForms.index(TextForms.index(index))).isEqualTo(index);
    assertThat(TextForms.envelope((String) null)).isNull();
    assertThat(TextForms.index((byte[]) null)).isNull();
    assertThatThrownBy(() -> TextForms.envelope("d1:not base64!"))
        .isInstanceOf(VaultException.class)
        .hasMessage("a stored ciphertext is not base64url");
    assertThatThrownBy(() -> TextForms.envelope("no key id"))
        .isInstanceOf(VaultException.class)
        .hasMessage("a stored ciphertext names no key");
    assertThatThrownBy(() -> TextForms.index("not base64!"))
        .isInstanceOf(VaultException.class)
        .hasMessage("a stored blind index is not base64url");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
