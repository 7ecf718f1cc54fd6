package io.clientele.merchant;

/**
 * A credential as one request presented it, parsed from its dialect's headers: the one value every
 * dialect hands to {@link Authenticator}.
 *
 * @param identifier what names the credential: a Flowwise client id, or a whole Juspay key or
 *     Airpay token, of which the kind looks up only a prefix
 * @param secret what proves it: the Flowwise client secret, or the same key or token
 * @param claimedMerchantId the merchant the request says it acts for (Juspay's {@code
 *     x-merchantid}), else {@code null}
 * @param remoteAddress the IP literal the connection came from, for the allow-list
 */
public record Presented(
    CredentialKind kind,
    String identifier,
    String secret,
    String claimedMerchantId,
    String remoteAddress) {

  /** A credential whose one secret both names and proves it (Juspay's key, Airpay's token). */
  public static Presented secret(
      CredentialKind kind, String secret, String claimedMerchantId, String remoteAddress) {
    return new Presented(kind, secret, secret, claimedMerchantId, remoteAddress);
  }

  @Override
  public String toString() {
    return "Presented[kind=" + kind.wireName() + "]";
  }
}
