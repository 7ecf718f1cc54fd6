package io.clientele.dialect.airpay;

import io.clientele.merchant.Credential;
import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.SecretSealer;
import io.clientele.merchant.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Airpay tokens (40 alphanumerics, found by their first 10) with a secret key of 32 the server
 * needs in clear to verify checksums: that key is stored sealed under the data key, bound to the
 * credential id.
 */
public final class AirpayCredentials implements CredentialKind {
  static final String WIRE_NAME = "airpay";
  static final int LOOKUP_LENGTH = 10;
  private final SecretSealer sealer;

  public AirpayCredentials(SecretSealer sealer) {
    this.sealer = sealer;
  }

  @Override
  public String wireName() {
    return WIRE_NAME;
  }

  @Override
  public Minted mint(String credentialId, String projectId) {
    String token = Secrets.alphanumeric(40);
    String secretKey = Secrets.alphanumeric(32);
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("token", token);
    shown.put("secret_key", secretKey);
    return new Minted(token, token, sealer.seal(secretKey, credentialId), shown);
  }

  @Override
  public String lookupOf(String identifier) {
    return CredentialKind.prefix(identifier, LOOKUP_LENGTH);
  }

  /** The secret key of {@code credential}, opened with the data key. */
  String secretKey(Credential credential) {
    return sealer.open(credential.sealedSecret(), credential.id());
  }
}
