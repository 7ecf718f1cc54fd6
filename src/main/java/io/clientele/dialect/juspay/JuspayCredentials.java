package io.clientele.dialect.juspay;

import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.Secrets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Juspay's API keys: 32 upper-case hex characters, Juspay's own shape, found by their first 10 so
 * the stored lookup leaves 88 bits of the key unknown.
 */
public final class JuspayCredentials implements CredentialKind {
  static final String WIRE_NAME = "juspay";
  static final int LOOKUP_LENGTH = 10;
  private static final Field API_KEY =
      new Field("api_key", Pattern.compile("[0-9A-F]{32}"), "32 upper-case hex characters", true);

  @Override
  public String wireName() {
    return WIRE_NAME;
  }

  @Override
  public Minted mint(String projectId) {
    return made(Secrets.hex(16));
  }

  @Override
  public List<Field> fields() {
    return List.of(API_KEY);
  }

  @Override
  public Minted fromGiven(Map<String, String> given, String projectId) {
    return made(given.get(API_KEY.name()));
  }

  private static Minted made(String apiKey) {
    return new Minted(apiKey, apiKey, null, Map.of(API_KEY.name(), apiKey));
  }

  @Override
  public String lookupOf(String identifier) {
    return CredentialKind.prefix(identifier, LOOKUP_LENGTH);
  }
}
