package io.clientele.dialect.juspay;

import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.Secrets;
import java.util.Map;

/**
 * Juspay's API keys: 32 upper-case hex characters, Juspay's own shape, found by their first 10 so
 * the stored lookup leaves 88 bits of the key unknown.
 */
public final class JuspayCredentials implements CredentialKind {
  static final String WIRE_NAME = "juspay";
  static final int LOOKUP_LENGTH = 10;

  @Override
  public String wireName() {
    return WIRE_NAME;
  }

  @Override
  public Minted mint(String projectId) {
    String apiKey = Secrets.hex(16);
    return new Minted(apiKey, apiKey, null, Map.of("api_key", apiKey));
  }

  @Override
  public String lookupOf(String identifier) {
    return CredentialKind.prefix(identifier, LOOKUP_LENGTH);
  }
}
