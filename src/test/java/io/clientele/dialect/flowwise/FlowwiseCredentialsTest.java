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

  @Test
  void acceptsTheClientsItMints() {
    Map<String, String> shown = new java.util.LinkedHashMap<>(kind.mint("proj_1").shown());
    shown.remove("project_id");

    assertThat(kind.problems(shown)).isEmpty();
  }

  @Test
  void makesOfAGivenClientWhatItWouldHaveMinted() {
    String id = "CF0123456789ABCDEF0123";
    String secret = "cfsk_0123456789abcdef0123456789abcdef0123456789abcdef";
    CredentialKind.Minted given =
        kind.fromGiven(Map.of("client_id", id, "client_secret", secret), "proj_1");

    assertThat(given.identifier()).isEqualTo(id);
    assertThat(given.secret()).isEqualTo(secret);
    assertThat(given.kept()).isNull();
    assertThat(given.shown())
        .containsExactly(
            Map.entry("client_id", id),
            Map.entry("client_secret", secret),
            Map.entry("project_id", "proj_1"));
  }

  @Test
  void refusesAGivenClientOfAnotherShapeWithoutShowingIt() {
    assertThat(
            kind.problems(
                Map.of("client_id", "cf0123456789abcdef0123", "client_secret", "cfsk_short")))
        .containsExactly(
            "client_id must be CF and 20 upper-case hex characters",
            "client_secret must be cfsk_ and 48 lower-case hex characters");
  }
}
