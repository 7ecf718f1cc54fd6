package io.clientele.merchant;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mints credentials of any kind, or makes them of well-known values: the stored form (lookup, hash,
 * sealed key) and the secrets shown once to the caller, led by the new credential's id.
 */
public final class CredentialIssuer {
  private final Clock clock;
  private final SecretSealer sealer;

  /**
   * @param sealer seals what a kind keeps to read back in clear, under the node's data key
   */
  public CredentialIssuer(Clock clock, SecretSealer sealer) {
    this.clock = clock;
    this.sealer = sealer;
  }

  /** A credential to store and what its owner is shown, in the admin API's field names. */
  public record Issued(Credential credential, Map<String, String> shown) {
    @Override
    public String toString() {
      return "Issued[" + credential + "]";
    }
  }

  /**
   * @param projectId the project the credential acts for, when its kind acts for one
   */
  public Issued issue(String merchantId, CredentialKind kind, String projectId) {
    return issued(merchantId, kind, projectId, kind.mint(projectId));
  }

  /**
   * A credential of well-known values (a sandbox keys file), stored exactly as a minted one.
   *
   * @param given the values in the admin API's field names, {@code project_id} aside
   * @throws IllegalArgumentException when the kind refuses them, naming each problem but no value
   */
  public Issued fromGiven(
      String merchantId, CredentialKind kind, String projectId, Map<String, String> given) {
    List<String> problems = kind.problems(given);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(kind.wireName() + ": " + String.join("; ", problems));
    }
    return issued(merchantId, kind, projectId, kind.fromGiven(given, projectId));
  }

  private Issued issued(
      String merchantId, CredentialKind kind, String projectId, CredentialKind.Minted minted) {
    String id = "crd_" + Secrets.lowerHex(8);
    Credential credential =
        new Credential(
            id,
            merchantId,
            projectId,
            kind.wireName(),
            kind.lookupOf(minted.identifier()),
            Secrets.sha256(minted.secret()),
            minted.kept() == null ? null : sealer.seal(minted.kept(), id),
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            null,
            null);
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("credential_id", id);
    shown.putAll(minted.shown());
    return new Issued(credential, java.util.Collections.unmodifiableMap(shown));
  }
}
