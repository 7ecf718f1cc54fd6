package io.clientele.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CredentialIssuerTest {
  static final Instant NOW = Instant.parse("2026-05-06T07:08:09Z");
  final SecretSealer sealer = new SecretSealer(Secrets.randomBytes(32));
  final CredentialIssuer issuer = new CredentialIssuer(sealer, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void issuesAJuspayKeyFoundByItsPrefix() {
    CredentialIssuer.Issued issued = issuer.issue("m1", Dialect.JUSPAY, null);
    String apiKey = issued.shown().get("api_key");
    Credential stored = issued.credential();

    assertThat(issued.shown()).containsOnlyKeys("api_key");
    assertThat(apiKey).matches("[0-9A-F]{32}");
    assertThat(stored.id()).matches("crd_[0-9a-f]{16}");
    assertThat(stored.lookup())
        .isEqualTo(CredentialIssuer.lookupOf(Dialect.JUSPAY, apiKey))
        .isEqualTo(apiKey.substring(0, 10));
    assertThat(stored.secretHash()).isEqualTo(Secrets.sha256(apiKey));
    assertThat(stored.sealedSecret()).isNull();
    assertThat(stored.createdAt()).isEqualTo(NOW);
    assertThat(stored.matches(apiKey)).isTrue();
    assertThat(stored.matches(apiKey.toLowerCase())).isFalse();
    assertThat(stored.toString()).doesNotContain(apiKey);
  }

  @Test
  void issuesAFlowwiseClientFoundByItsId() {
    CredentialIssuer.Issued issued = issuer.issue("m1", Dialect.FLOWWISE, "proj_1");
    String clientId = issued.shown().get("client_id");

    assertThat(issued.shown()).containsOnlyKeys("client_id", "client_secret", "project_id");
    assertThat(issued.shown().get("project_id")).isEqualTo("proj_1");
    assertThat(issued.credential().projectId()).isEqualTo("proj_1");
    assertThat(issued.credential().lookup())
        .isEqualTo(CredentialIssuer.lookupOf(Dialect.FLOWWISE, clientId))
        .isEqualTo(clientId);
    assertThat(issued.credential().matches(issued.shown().get("client_secret"))).isTrue();
    assertThat(issued.credential().matches(clientId)).isFalse();
  }

  @Test
  void issuesAnAirpayTokenWithASealedSecretKey() {
    CredentialIssuer.Issued issued = issuer.issue("m1", Dialect.AIRPAY, null);
    String token = issued.shown().get("token");
    String secretKey = issued.shown().get("secret_key");

    assertThat(issued.credential().lookup()).isEqualTo(token.substring(0, 10));
    assertThat(issued.credential().matches(token)).isTrue();
    assertThat(issued.credential().sealedSecret()).doesNotContain(secretKey);
    assertThat(issuer.secretKey(issued.credential())).isEqualTo(secretKey);
  }

  @Test
  void neverMatchesARevokedCredential() {
    CredentialIssuer.Issued issued = issuer.issue("m1", Dialect.JUSPAY, null);
    Credential active = issued.credential();
    Credential revoked =
        new Credential(
            active.id(),
            active.merchantId(),
            null,
            active.dialect(),
            active.lookup(),
            active.secretHash(),
            null,
            active.createdAt(),
            NOW);

    assertThat(active.matches(issued.shown().get("api_key"))).isTrue();
    assertThat(revoked.isActive()).isFalse();
    assertThat(revoked.matches(issued.shown().get("api_key"))).isFalse();
    assertThat(Secrets.matches(null, active.secretHash())).isFalse();
  }
}
