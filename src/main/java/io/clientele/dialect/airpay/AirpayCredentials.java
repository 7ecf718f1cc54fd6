package io.clientele.dialect.airpay;

import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.Secrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Airpay tokens (40 alphanumerics, found by their first 10) with a secret key of 32 the server
 * needs in clear to verify checksums: the key is kept, so the issuer stores it sealed under the
 * data key, bound to the credential id.
 */
public final class AirpayCredentials implements CredentialKind {
  static final String WIRE_NAME = "airpay";
  static final int LOOKUP_LENGTH = 10;
  private static final Field TOKEN =
      new Field("token", Pattern.compile("[A-Za-z0-9]{40}"), "40 ASCII letters or digits", true);
  private static final Field SECRET_KEY =
      new Field(
          "secret_key", Pattern.compile("[A-Za-z0-9]{32}"), "32 ASCII letters or digits", true);

  @Override
  public String wireName() {
    return WIRE_NAME;
  }

  @Override
  public Minted mint(String projectId) {
    return made(Secrets.alphanumeric(40), Secrets.alphanumeric(32));
  }

  @Override
  public List<Field> fields() {
    return List.of(TOKEN, SECRET_KEY);
  }

  @Override
  public Minted fromGiven(Map<String, String> given, String projectId) {
    return made(given.get(TOKEN.name()), given.get(SECRET_KEY.name()));
  }

  private static Minted made(String token, String secretKey) {
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put(TOKEN.name(), token);
    shown.put(SECRET_KEY.name(), secretKey);
    return new Minted(token, token, secretKey, shown);
  }

  @Override
  public String lookupOf(String identifier) {
    return CredentialKind.prefix(identifier, LOOKUP_LENGTH);
  }
}
