package io.clientele.dialect.airpay;

import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Airpay tokens (40 alphanumerics, found by their first 10) with a secret key of 32 the server
 * needs in clear to verify checksums: the key is kept, so the issuer stores it sealed under the
 * data key, bound to the credential id.
 */
public final class AirpayCredentials implements CredentialKind {
  static final String WIRE_NAME = "airpay";
  static final int LOOKUP_LENGTH = 10;

  @Override
  public String wireName() {
    return WIRE_NAME;
  }

  @Override
  public Minted mint(String projectId) {
    String token = Secrets.alphanumeric(40);
    String secretKey = Secrets.alphanumeric(32);
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("token", token);
    shown.put("secret_key", secretKey);
    return new Minted(token, token, secretKey, shown);
  }

  @Override
  public String lookupOf(String identifier) {
    return CredentialKind.prefix(identifier, LOOKUP_LENGTH);
  }
}
