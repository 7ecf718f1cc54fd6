package io.clientele.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.vault.MasterKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CredentialIssuerTest {
  static final Instant NOW = Instant.parse("2026-05-06T07:08:09.123456789Z");
  final SecretSealer sealer = new SecretSealer(MasterKeys.of(Secrets.randomBytes(32)));
  final CredentialIssuer issuer = new CredentialIssuer(Clock.fixed(NOW, ZoneOffset.UTC), sealer);

  /** A kind whose secrets are known, so what the issuer does with them can be seen. */
  static final class FixedKind implements CredentialKind {
    @Override
    public String wireName() {
      return "fixed";
    }

    @Override
    public Minted mint(String projectId) {
      return new Minted("ident", "secret", "kept", Map.of("shown_secret", "secret"));
    }

    @Override
    public List<Field> fields() {
      return List.of(
          new Field("shown_secret", Pattern.compile("[a-z]{6}"), "6 lower-case letters", true));
    }

    @Override
    public Minted fromGiven(Map<String, String> given, String projectId) {
      String secret = given.get("shown_secret");
      return new Minted("ident", secret, "kept", Map.of("shown_secret", secret));
    }

    @Override
    public String lookupOf(String identifier) {
      return identifier.toUpperCase(java.util.Locale.ROOT);
    }
  }

  @Test
  void showsTheNewCredentialsIdBeforeWhatTheKindShows() {
    CredentialIssuer.Issued issued = issuer.issue("m1", new FixedKind(), null);

    assertThat(issued.shown())
        .containsExactly(
            Map.entry("credential_id", issued.credential().id()),
            Map.entry("shown_secret", "secret"));
    assertThat(issued.credential().id()).matches("crd_[0-9a-f]{16}");
  }

  @Test
  void storesTheKindsLookupTheSecretsHashAndTheKeptPartSealed() {
    CredentialIssuer.Issued issued = issuer.issue("m1", new FixedKind(), "proj_1");
    Credential stored = issued.credential();

    assertThat(stored.merchantId()).isEqualTo("m1");
    assertThat(stored.projectId()).isEqualTo("proj_1");
    assertThat(stored.dialect()).isEqualTo("fixed");
    assertThat(stored.lookup()).isEqualTo("IDENT");
    assertThat(stored.secretHash()).isEqualTo(Secrets.sha256("secret"));
    assertThat(stored.sealedSecret()).doesNotContain("kept");
    assertThat(sealer.open(stored.sealedSecret(), stored.id())).isEqualTo("kept");
    assertThat(stored.revokedAt()).isNull();
    assertThat(stored.lastUsedAt()).isNull();
  }

  @Test
  void sealsTheKeptPartForThisCredentialOnly() {
    Credential stored = issuer.issue("m1", new FixedKind(), null).credential();

    assertThatThrownBy(() -> sealer.open(stored.sealedSecret(), "crd_other"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void stampsTheCreationToTheMicrosecondTheDatabaseKeeps() {
    assertThat(issuer.issue("m1", new FixedKind(), null).credential().createdAt())
        .isEqualTo(Instant.parse("2026-05-06T07:08:09.123456Z"));
  }

  @Test
  void givesEveryCredentialItsOwnId() {
    assertThat(issuer.issue("m1", new FixedKind(), null).credential().id())
        .isNotEqualTo(issuer.issue("m1", new FixedKind(), null).credential().id());
  }

  @Test
  void namesNoSecretWhenPrinted() {
    CredentialIssuer.Issued issued = issuer.issue("m1", new FixedKind(), null);

    assertThat(issued.toString()).doesNotContain("secret");
    assertThat(issued.credential().toString()).doesNotContain("secret");
  }

  @Test
  void storesAGivenCredentialAsItStoresAMintedOne() {
    Credential given =
        issuer
            .fromGiven("m1", new FixedKind(), "proj_1", Map.of("shown_secret", "secret"))
            .credential();
    Credential minted = issuer.issue("m1", new FixedKind(), "proj_1").credential();

    assertThat(given.lookup()).isEqualTo(minted.lookup());
    assertThat(given.secretHash()).isEqualTo(minted.secretHash());
    assertThat(sealer.open(given.sealedSecret(), given.id())).isEqualTo("kept");
    assertThat(given.projectId()).isEqualTo("proj_1");
    assertThat(given.id()).matches("crd_[0-9a-f]{16}").isNotEqualTo(minted.id());
  }

  @Test
  void refusesGivenValuesTheKindRefusesNamingEachProblemButNoValue() {
    assertThatThrownBy(
            () ->
                issuer.fromGiven(
                    "m1", new FixedKind(), null, Map.of("shown_secret", "SECRET", "extra", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fixed: unknown field 'extra'; shown_secret must be 6 lower-case letters");
  }
}
