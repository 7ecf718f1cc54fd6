package io.clientele.dialect.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.merchant.AuthException;
import org.junit.jupiter.api.Test;

/** How the canonical routes read Authorization and If-None-Match, without a server. */
class CanonicalHeadersTest {
  @Test
  void takesABearerTokenInAnyCaseOfTheScheme() {
    assertThat(CanonicalRoutes.bearer("Bearer ck_abc")).isEqualTo("ck_abc");
    assertThat(CanonicalRoutes.bearer("bearer  ck_abc ")).isEqualTo("ck_abc");
    for (String refused :
        new String[] {null, "", "Bearer", "Bearer   ", "Basic Y2tfYWJjOg==", "ck_abc"}) {
      assertThatThrownBy(() -> CanonicalRoutes.bearer(refused))
          .as("%s", refused)
          .isInstanceOf(AuthException.Unauthenticated.class);
    }
  }

  @Test
  void matchesIfNoneMatchByTheVersionStrongOrWeakInAListOrStar() {
    assertThat(CanonicalRoutes.matchesAny("\"3\"", 3)).isTrue();
    assertThat(CanonicalRoutes.matchesAny("W/\"3\"", 3)).isTrue();
    assertThat(CanonicalRoutes.matchesAny("\"1\", \"3\"", 3)).isTrue();
    assertThat(CanonicalRoutes.matchesAny("*", 3)).isTrue();
    assertThat(CanonicalRoutes.matchesAny("\"4\"", 3)).isFalse();
    assertThat(CanonicalRoutes.matchesAny("3", 3)).isFalse();
  }

  @Test
  void findsAKeyByTheTwelveCharactersAfterItsPrefix() {
    CanonicalCredentials kind = new CanonicalCredentials();
    String key = kind.mint(null).identifier();

    assertThat(key).matches("ck_[A-Za-z0-9]{40}");
    assertThat(kind.lookupOf(key)).isEqualTo(key.substring(3, 15));
    assertThat(kind.problems(java.util.Map.of("api_key", key))).isEmpty();
    assertThat(kind.problems(java.util.Map.of("api_key", "ck_short")))
        .containsExactly("api_key must be ck_ and 40 letters and digits");
  }
}
