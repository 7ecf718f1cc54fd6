package io.clientele.dialect.juspay;

import io.clientele.merchant.AuthException;
import io.clientele.merchant.Caller;
import io.clientele.merchant.CredentialIssuer;
import io.clientele.merchant.Dialect;
import io.clientele.merchant.KeyOwner;
import io.clientele.merchant.Merchant;
import io.clientele.server.RequestIds;
import io.clientele.storage.JdbcMerchantStore;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Juspay's Basic auth: the API key as user name, with or without the colon of an empty password.
 * Then {@code x-merchantid}, when sent, must name the key's merchant, and the caller must be on the
 * merchant's allow-list.
 */
final class JuspayAuth {
  private final JdbcMerchantStore merchants;

  JuspayAuth(JdbcMerchantStore merchants) {
    this.merchants = merchants;
  }

  /**
   * @return who the request acts as
   * @throws AuthException.Unauthenticated for a missing, unknown or revoked key or a foreign
   *     merchant id
   * @throws AuthException.OriginRefused for a caller outside the merchant's allow-list
   */
  Caller callerOf(Context ctx) {
    String key = apiKey(ctx.header("Authorization"));
    KeyOwner owner =
        merchants
            .findKeyOwner(Dialect.JUSPAY, CredentialIssuer.lookupOf(Dialect.JUSPAY, key))
            .filter(o -> o.matches(key))
            .orElseThrow(AuthException.Unauthenticated::new);
    Merchant merchant = owner.merchant();
    String claimed = ctx.header("x-merchantid");
    if (claimed != null && !claimed.equals(merchant.id())) {
      throw new AuthException.Unauthenticated();
    }
    if (!merchant.admits(ctx.req().getRemoteAddr())) {
      throw new AuthException.OriginRefused();
    }
    return new Caller(merchant.id(), owner.credential().id(), "juspay", null, RequestIds.of(ctx));
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
