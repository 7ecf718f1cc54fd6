package io.clientele.dialect.juspay;

import io.clientele.merchant.AuthException;
import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.Presented;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Juspay's credential headers: Basic auth with the API key as user name, with or without the colon
 * of an empty password, and {@code x-merchantid}, which when sent must name the key's merchant.
 */
final class JuspayAuth {
  private JuspayAuth() {}

  /**
   * @throws AuthException.Unauthenticated for a missing or malformed {@code Authorization}
   */
  static Presented presented(Context ctx, CredentialKind kind) {
    return Presented.secret(
        kind,
        apiKey(ctx.header("Authorization")),
        ctx.header("x-merchantid"),
        ctx.req().getRemoteAddr());
  }

  static String apiKey(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new AuthException.Unauthenticated();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new AuthException.Unauthenticated();
    }
    int colon = decoded.indexOf(':');
    String key = colon < 0 ? decoded : decoded.substring(0, colon);
    if (key.isEmpty()) {
      throw new AuthException.Unauthenticated();
    }
    return key;
  }
}
