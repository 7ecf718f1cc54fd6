package io.clientele.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.vault.MerchantKeys.Index;
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
        .hasSize(43)
        .doesNotContain("asha");
  }

  @Test
  void makesUnrelatedBlindIndexesForAnotherRoleOrAnotherMerchant() {
    String email = M1.blind(Index.EMAIL, "9876543210");

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
    String sealed = key.seal("{\"reference\":\"r1\"}", "place");
    String wrappedV1 = M1.wrap("cst_1", key);
    String wrappedV2 = M1_ROTATED.wrap("cst_1", key);

    assertThat(wrappedV1).startsWith("d1:");
    assertThat(wrappedV2).startsWith("d2:");
    assertThat(MerchantKeys.versionOf(wrappedV2)).isEqualTo(2);
    assertThat(M1_ROTATED.unwrap("cst_1", wrappedV1).open(sealed, "place"))
        .isEqualTo("{\"reference\":\"r1\"}");
    assertThat(M1_ROTATED.unwrap("cst_1", wrappedV2).open(sealed, "place"))
        .isEqualTo("{\"reference\":\"r1\"}");
  }

  @Test
  void refusesAVersionItDoesNotHold() {
    String wrappedV2 = M1_ROTATED.wrap("cst_1", MerchantKeys.newCustomerKey());

    assertThatThrownBy(() -> M1.unwrap("cst_1", wrappedV2))
        .isInstanceOf(MerchantKeys.UnknownVersion.class)
        .hasMessage("merchant m1 holds no data key version 2");
  }

  @Test
  void refusesACustomerKeyCopiedToAnotherCustomer() {
    String wrapped = M1.wrap("cst_1", MerchantKeys.newCustomerKey());

    assertThatThrownBy(() -> M1.unwrap("cst_2", wrapped))
        .isInstanceOf(VaultException.class)
        .hasMessage("a ciphertext does not open under its key: wrong key or altered");
  }

  @Test
  void refusesAValueSealedForAnotherPlace() {
    CustomerKey key = MerchantKeys.newCustomerKey();
    String sealed = key.seal("Asha", "customers\0m1\0cst_1");

    assertThat(sealed).startsWith("c1:").doesNotContain("Asha");
    assertThatThrownBy(() -> key.open(sealed, "customers\0m1\0cst_2"))
        .isInstanceOf(VaultException.class);
    assertThatThrownBy(() -> MerchantKeys.newCustomerKey().open(sealed, "customers\0m1\0cst_1"))
        .isInstanceOf(VaultException.class);
  }

  @Test
  void refusesTextThatIsNoCiphertext() {
    assertThatThrownBy(() -> M1.unwrap("cst_1", "d1:not base64!"))
        .isInstanceOf(VaultException.class)
        .hasMessage("a stored ciphertext is not base64url");
    assertThatThrownBy(() -> M1.unwrap("cst_1", "d1:AAAA"))
        .isInstanceOf(VaultException.class)
        .hasMessage("a stored ciphertext is too short to be one");
    assertThatThrownBy(() -> M1.unwrap("cst_1", "x1:AAAA"))
        .isInstanceOf(VaultException.class)
        .hasMessage("a customer key is not wrapped under a data key: x1");
  }
}
