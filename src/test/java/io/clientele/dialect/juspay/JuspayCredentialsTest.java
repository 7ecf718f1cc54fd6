package io.clientele.dialect.juspay;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.merchant.CredentialKind;
import org.junit.jupiter.api.Test;

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
}
