package io.clientele.dialect.canonical;

import io.clientele.merchant.ApiKeyKind;
import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.Secrets;
import java.util.regex.Pattern;

/**
 * The canonical API's keys: {@code ck_} and 40 letters and digits (about 238 bits), sent as a
 * bearer token. A key is found by the first 12 letters and digits after {@code ck_}, so the stored
 * lookup leaves the other 28 (about 166 bits) unknown; only the key's SHA-256 is stored.
 */
public final class CanonicalCredentials extends ApiKeyKind {
  static final String WIRE_NAME = "canonical";
  static final String PREFIX = "ck_";
  static final int LOOKUP_LENGTH = 12;

  public CanonicalCredentials() {
    super(
        WIRE_NAME,
        new Field(
            "api_key",
            Pattern.compile("ck_[A-Za-z0-9]{40}"),
            "ck_ and 40 letters and digits",
            true));
  }

  @Override
  protected String drawKey() {
    return PREFIX + Secrets.alphanumeric(40);
  }

  @Override
  public String lookupOf(String identifier) {
    String body =
        identifier.startsWith(PREFIX) ? identifier.substring(PREFIX.length()) : identifier;
    return CredentialKind.prefix(body, LOOKUP_LENGTH);
  }
}
