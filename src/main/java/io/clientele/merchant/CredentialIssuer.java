package io.clientele.merchant;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mints credentials: the stored form (hashes, sealed key) and the secrets shown once to the caller.
 */
public final class CredentialIssuer {
  static final int LOOKUP_LENGTH = 10;
  private final SecretSealer sealer;
  private final Clock clock;

  public CredentialIssuer(SecretSealer sealer, Clock clock) {
    this.sealer = sealer;
    this.clock = clock;
  }

  /** A credential to store and what its owner is shown, in the admin API's field names. */
  public record Issued(Credential credential, Map<String, String> shown) {}

  public Issued issue(String merchantId, Dialect dialect, String projectId) {
    String id = "crd_" + Secrets.lowerHex(8);
    Map<String, String> shown = new LinkedHashMap<>();
    return switch (dialect) {
      case JUSPAY -> {
        String apiKey = Secrets.hex(16);
        shown.put("api_key", apiKey);
        yield new Issued(
            stored(id, merchantId, null, dialect, apiKey.substring(0, LOOKUP_LENGTH), apiKey, null),
            shown);
      }
      case FLOWWISE -> {
        String clientId = "CF" + Secrets.hex(10);
        String clientSecret = "cfsk_" + Secrets.lowerHex(24);
        shown.put("client_id", clientId);
        shown.put("client_secret", clientSecret);
        shown.put("project_id", projectId);
        yield new Issued(
            stored(id, merchantId, projectId, dialect, clientId, clientSecret, null), shown);
      }
      case AIRPAY -> {
        String token = Secrets.alphanumeric(40);
        String secretKey = Secrets.alphanumeric(32);
        shown.put("token", token);
        shown.put("secret_key", secretKey);
        String sealed = sealer.seal(secretKey, id);
        yield new Issued(
            stored(id, merchantId, null, dialect, token.substring(0, LOOKUP_LENGTH), token, sealed),
            shown);
      }
    };
  }

  /** The public part of a presented secret that finds its stored credential. */
  public static String lookupOf(Dialect dialect, String presented) {
    if (dialect == Dialect.FLOWWISE) {
      return presented;
    }
    return presented.length() < LOOKUP_LENGTH ? presented : presented.substring(0, LOOKUP_LENGTH);
  }

  /**
   * Whether {@code lookup} could belong to an issued credential (ASCII letters and digits);
   * anything else is not looked up at all, so text the database cannot compare never reaches it.
   */
  public static boolean isWellFormedLookup(String lookup) {
    return lookup.length() >= 1
        && lookup.length() <= 64
        && lookup.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
  }

  /** The Airpay secret key of {@code credential}, opened with the data key. */
  public String secretKey(Credential credential) {
    return sealer.open(credential.sealedSecret(), credential.id());
  }

  private Credential stored(
      String id,
      String merchantId,
      String projectId,
      Dialect dialect,
      String lookup,
      String secret,
      String sealed) {
    return new Credential(
        id,
        merchantId,
        projectId,
        dialect,
        lookup,
        Secrets.sha256(secret),
        sealed,
        clock.instant(),
        null);
  }
}
