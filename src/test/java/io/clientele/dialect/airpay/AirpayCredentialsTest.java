package io.clientele.dialect.airpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.merchant.Credential;
import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.SecretSealer;
import io.clientele.merchant.Secrets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AirpayCredentialsTest {
  final SecretSealer sealer = new SecretSealer(Secrets.randomBytes(32));
  final AirpayCredentials kind = new AirpayCredentials(sealer);

  static Credential stored(String id, String sealedSecret) {
    return new Credential(
        id, "m1", null, "airpay", "x", new byte[32], sealedSecret, Instant.EPOCH, null, null);
  }

  @Test
  void isNamedAirpayAndActsForNoProject() {
    assertThat(kind.wireName()).isEqualTo("airpay");
    assertThat(kind.actsForProject()).isFalse();
  }

  @Test
  void mintsATokenAndASecretKeyShownOnce() {
    CredentialKind.Minted minted = kind.mint("crd_1", null);

    assertThat(minted.secret()).matches("[A-Za-z0-9]{40}");
    assertThat(minted.identifier()).isEqualTo(minted.secret());
    assertThat(minted.shown().keySet()).containsExactly("token", "secret_key");
    assertThat(minted.shown().get("token")).isEqualTo(minted.secret());
    assertThat(minted.shown().get("secret_key")).matches("[A-Za-z0-9]{32}");
  }

  @Test
  void storesTheSecretKeySealedForThisCredentialOnly() {
    CredentialKind.Minted minted = kind.mint("crd_1", null);
    String secretKey = minted.shown().get("secret_key");

    assertThat(minted.sealedSecret()).doesNotContain(secretKey);
    assertThat(kind.secretKey(stored("crd_1", minted.sealedSecret()))).isEqualTo(secretKey);
    assertThatThrownBy(() -> kind.secretKey(stored("crd_2", minted.sealedSecret())))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void looksATokenUpByItsFirstTenCharacters() {
    assertThat(kind.lookupOf("abcdefghij0123456789")).isEqualTo("abcdefghij");
  }

  @Test
  void showsNoSecretWhenMintedIsPrinted() {
    CredentialKind.Minted minted = kind.mint("crd_1", null);

    assertThat(minted.toString()).isEqualTo("Minted[shown=[token, secret_key]]");
  }
}
