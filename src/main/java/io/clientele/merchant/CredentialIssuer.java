package io.clientele.merchant;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mints credentials of any kind: the stored form (lookup, hash, sealed key) and the secrets shown
 * once to the caller, led by the new credential's id.
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
    String id = "crd_" + Secrets.lowerHex(8);
    CredentialKind.Minted minted = kind.mint(projectId);
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
