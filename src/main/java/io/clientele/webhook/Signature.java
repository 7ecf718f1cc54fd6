package io.clientele.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Clientele-Signature} header of a delivery: {@code t=<unix seconds>,v1=<lowercase hex
 * HMAC-SHA256(secret, "<t>." + raw body)>}. The time is signed with the body, so a receiver that
 * refuses an old {@code t} refuses a captured delivery replayed later.
 */
public final class Signature {
  public static final String HEADER = "Clientele-Signature";

  private Signature() {}

  /** The header's value for {@code body} sent at {@code unixSeconds}. */
  public static String header(String secret, long unixSeconds, byte[] body) {
    return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds, body);
  }

  /** Lowercase hex of HMAC-SHA256 under {@code secret} of the time, a dot and the body. */
  static String hmac(String secret, long unixSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK ships HmacSHA256", e);
    }
  }
}
