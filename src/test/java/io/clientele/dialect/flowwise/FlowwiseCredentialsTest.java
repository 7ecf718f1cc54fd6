package io.clientele.dialect.flowwise;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.merchant.CredentialKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowwiseCredentialsTest {
  final FlowwiseCredentials kind = new FlowwiseCredentials();

  @Test
  void isNamedFlowwiseAndActsForAProject() {
    assertThat(kind.wireName()).isEqualTo("flowwise");
    assertThat(kind.actsForProject()).isTrue();
  }

  @Test
  void mintsAClientIdAndASecretShownWithTheProject() {
    CredentialKind.Minted minted = kind.mint("proj_1");

    assertThat(minted.identifier()).matches("CF[0-9A-F]{20}");
    assertThat(minted.secret()).matches("cfsk_[0-9a-f]{48}");
    assertThat(minted.kept()).isNull();
    assertThat(minted.shown())
        .containsExactly(
            Map.entry("client_id", minted.identifier()),
            Map.entry("client_secret", minted.secret()),
            Map.entry("project_id", "proj_1"));
  }

  @Test
  void looksAClientUpByItsWholeId() {
    assertThat(kind.lookupOf("CF0123456789ABCDEF0123")).isEqualTo("CF0123456789ABCDEF0123");
  }
}
