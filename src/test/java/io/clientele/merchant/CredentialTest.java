package io.clientele.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CredentialTest {
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  static Credential revokedAt(Instant revokedAt) {
    return new Credential(
        "crd_1", "m1", null, "juspay", "A", Secrets.sha256("k"), null, T0, revokedAt, null);
  }

  @Test
  void isActiveWhenNeverRevoked() {
    assertThat(revokedAt(null).isActiveAt(T0.plusSeconds(1_000_000))).isTrue();
  }

  @Test
  void isActiveUntilTheMomentOfItsRevocation() {
    Credential rotated = revokedAt(T0.plusSeconds(60));

    assertThat(rotated.isActiveAt(T0.plusSeconds(59))).isTrue();
    assertThat(rotated.isActiveAt(T0.plusSeconds(60))).isFalse();
    assertThat(rotated.isActiveAt(T0.plusSeconds(61))).isFalse();
  }

  @Test
  void matchesOnlyItsOwnSecret() {
    Credential credential = revokedAt(null);

    assertThat(credential.secretMatches("k")).isTrue();
    assertThat(credential.secretMatches("K")).isFalse();
    assertThat(credential.secretMatches(null)).isFalse();
  }
}
