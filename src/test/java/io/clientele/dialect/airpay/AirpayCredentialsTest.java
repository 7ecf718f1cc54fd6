package io.clientele.dialect.airpay;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.merchant.CredentialKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AirpayCredentialsTest {
  final AirpayCredentials kind = new AirpayCredentials();

  @Test
  void isNamedAirpayAndActsForNoProject() {
    assertThat(kind.wireName()).isEqualTo("airpay");
    assertThat(kind.actsForProject()).isFalse();
  }

  @Test
  void mintsATokenAndASecretKeyShownOnce() {
    CredentialKind.Minted minted = kind.mint(null);

    assertThat(minted.secret()).matches("[A-Za-z0-9]{40}");
    assertThat(minted.identifier()).isEqualTo(minted.secret());
    assertThat(minted.shown().keySet()).containsExactly("token", "secret_key");
    assertThat(minted.shown().get("token")).isEqualTo(minted.secret());
    assertThat(minted.shown().get("secret_key")).matches("[A-Za-z0-9]{32}");
  }

  @Test
  void keepsTheSecretKeyForTheIssuerToSeal() {
    CredentialKind.Minted minted = kind.mint(null);

    assertThat(minted.kept()).isEqualTo(minted.shown().get("secret_key"));
  }

  @Test
  void looksATokenUpByItsFirstTenCharacters() {
    assertThat(kind.lookupOf("abcdefghij0123456789")).isEqualTo("abcdefghij");
  }

  @Test
  void showsNoSecretWhenMintedIsPrinted() {
    CredentialKind.Minted minted = kind.mint(null);

    assertThat(minted.toString()).isEqualTo("Minted[shown=[token, secret_key]]");
  }

  @Test
  void acceptsTheTokensItMints() {
    assertThat(kind.problems(kind.mint(null).shown())).isEmpty();
  }

  @Test
  void makesOfAGivenTokenWhatItWouldHaveMinted() {
    String token = "SandboxAirpayToken0123456789abcdefghijkl";
    String secretKey = "SandboxAirpaySecretKey0123456789";
    CredentialKind.Minted given =
        kind.fromGiven(Map.of("token", token, "secret_key", secretKey), null);

    assertThat(given.identifier()).isEqualTo(token);
    assertThat(given.secret()).isEqualTo(token);
    assertThat(given.kept()).isEqualTo(secretKey);
    assertThat(given.shown())
        .containsExactly(Map.entry("token", token), Map.entry("secret_key", secretKey));
  }

  @Test
  void refusesAGivenTokenOfAnotherShapeWithoutShowingIt() {
    assertThat(
            kind.problems(
                Map.of(
                    "token", "SandboxAirpayToken0123456789abcdefghijk-",
                    "secret_key", "SandboxAirpaySecretKey012345678")))
        .containsExactly(
            "token must be 40 ASCII letters or digits",
            "secret_key must be 32 ASCII letters or digits");
  }
}
