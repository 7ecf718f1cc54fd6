package io.clientele.dialect.juspay;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.merchant.CredentialKind;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JuspayCredentialsTest {
  final JuspayCredentials kind = new JuspayCredentials();

  @Test
  void isNamedJuspayAndActsForNoProject() {
    assertThat(kind.wireName()).isEqualTo("juspay");
    assertThat(kind.actsForProject()).isFalse();
  }

  @Test
  void mintsA32HexKeyThatIsBothIdentifierAndSecret() {
    CredentialKind.Minted minted = kind.mint(null);

    assertThat(minted.secret()).matches("[0-9A-F]{32}");
    assertThat(minted.identifier()).isEqualTo(minted.secret());
    assertThat(minted.kept()).isNull();
    assertThat(minted.shown()).containsOnlyKeys("api_key").containsValue(minted.secret());
  }

  @Test
  void mintsADifferentKeyEachTime() {
    assertThat(kind.mint(null).secret()).isNotEqualTo(kind.mint(null).secret());
  }

  @Test
  void looksAKeyUpByItsFirstTenCharacters() {
    assertThat(kind.lookupOf("0123456789ABCDEF0123456789ABCDEF")).isEqualTo("0123456789");
    assertThat(kind.lookupOf("012345")).isEqualTo("012345");
  }

  @Test
  void acceptsTheKeysItMints() {
    assertThat(kind.problems(kind.mint(null).shown())).isEmpty();
  }

  @Test
  void makesOfAGivenKeyWhatItWouldHaveMinted() {
    String key = "0123456789ABCDEF0123456789ABCDEF";
    CredentialKind.Minted given = kind.fromGiven(Map.of("api_key", key), null);

    assertThat(given.identifier()).isEqualTo(key);
    assertThat(given.secret()).isEqualTo(key);
    assertThat(given.kept()).isNull();
    assertThat(given.shown()).containsExactly(Map.entry("api_key", key));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0123456789abcdef0123456789abcdef",
        "0123456789ABCDEF0123456789ABCDE",
        "0123456789ABCDEF0123456789ABCDEF0",
        "0123456789ABCDEG0123456789ABCDEF"
      })
  void refusesAGivenKeyOfAnotherShapeWithoutShowingIt(String key) {
    assertThat(kind.problems(Map.of("api_key", key)))
        .containsExactly("api_key must be 32 upper-case hex characters");
  }

  @Test
  void refusesAMissingKeyAndFieldsOfOtherDialects() {
    assertThat(kind.problems(Map.of("token", "x")))
        .containsExactly("unknown field 'token'", "api_key is missing");
  }
}
