package io.clientele.dialect.juspay;

import io.clientele.merchant.ApiKeyKind;
import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.Secrets;
import java.util.regex.Pattern;

/**
 * Juspay's API keys: 32 upper-case hex characters, Juspay's own shape, found by their first 10 so
 * the stored lookup leaves 88 bits of the key unknown.
 */
public final class JuspayCredentials extends ApiKeyKind {
  static final String WIRE_NAME = "juspay";
  static final int LOOKUP_LENGTH = 10;

  public JuspayCredentials() {
    super(
        WIRE_NAME,
        new Field(
            "api_key", Pattern.compile("[0-9A-F]{32}"), "32 upper-case hex characters", true));
  }

  @Override
  protected String drawKey() {
    return Secrets.hex(16);
  }

  @Override
  public String lookupOf(String identifier) {
    return CredentialKind.prefix(identifier, LOOKUP_LENGTH);
  }
}
