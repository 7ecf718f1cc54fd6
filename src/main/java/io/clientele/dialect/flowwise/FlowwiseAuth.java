package io.clientele.dialect.flowwise;

import io.clientele.merchant.AuthException;
import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.Presented;
import io.javalin.http.Context;

/** Flowwise's credential headers: {@code x-client-id} names the client, {@code x-client-secret}. */
final class FlowwiseAuth {
  private FlowwiseAuth() {}

  /**
   * @throws AuthException.Unauthenticated when either header is missing or the client id is empty
   */
  static Presented presented(Context ctx, CredentialKind kind) {
    String clientId = ctx.header("x-client-id");
    String secret = ctx.header("x-client-secret");
    if (clientId == null || secret == null || clientId.isEmpty()) {
      throw new AuthException.Unauthenticated();
    }
    return new Presented(kind, clientId, secret, null, ctx.req().getRemoteAddr());
  }
}
