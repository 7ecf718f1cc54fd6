package io.clientele.dialect.flowwise;

import io.clientele.merchant.AuthException;
import io.clientele.merchant.Caller;
import io.clientele.merchant.Dialect;
import io.clientele.merchant.KeyOwner;
import io.clientele.merchant.Merchant;
import io.clientele.server.RequestIds;
import io.clientele.storage.JdbcMerchantStore;
import io.javalin.http.Context;

/** {@code x-client-id} and {@code x-client-secret}: a client of one project of one merchant. */
final class FlowwiseAuth {
  private final JdbcMerchantStore merchants;

  FlowwiseAuth(JdbcMerchantStore merchants) {
    this.merchants = merchants;
  }

  Caller callerOf(Context ctx) {
    String clientId = ctx.header("x-client-id");
    String secret = ctx.header("x-client-secret");
    if (clientId == null || secret == null || clientId.isEmpty()) {
      throw new AuthException.Unauthenticated();
    }
    KeyOwner owner =
        merchants
            .findKeyOwner(Dialect.FLOWWISE, clientId)
            .filter(o -> o.matches(secret))
            .orElseThrow(AuthException.Unauthenticated::new);
    Merchant merchant = owner.merchant();
    if (!merchant.admits(ctx.req().getRemoteAddr())) {
      throw new AuthException.OriginRefused();
    }
    return new Caller(
        merchant.id(),
        owner.credential().id(),
        "flowwise",
        owner.credential().projectId(),
        RequestIds.of(ctx));
  }
}
