package io.clientele.admin;

import io.clientele.config.Config;
import io.clientele.config.DataDirectory;
import io.clientele.merchant.Secrets;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The bearer token guarding {@code /admin}: from the environment, else generated once in the data
 * dir.
 */
public final class AdminToken {
  static final String FILE = "admin-token";
  private final byte[] token;
  private final boolean generated;

  private AdminToken(String token, boolean generated) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.generated = generated;
  }

  public static AdminToken resolve(Config config) {
    if (config.adminToken().isPresent()) {
      return new AdminToken(config.adminToken().get(), false);
    }
    DataDirectory.Secret secret =
        config.directory().readOrCreate(FILE, () -> "adm_" + Secrets.lowerHex(24));
    return new AdminToken(secret.value(), secret.created());
  }

  /** Whether the token was made by this start, so it is printed this once. */
  public boolean generated() {
    return generated;
  }

  public String value() {
    return new String(token, StandardCharsets.UTF_8);
  }

  boolean authorises(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(
        header.substring(7).strip().getBytes(StandardCharsets.UTF_8), token);
  }

  @Override
  public String toString() {
    return "AdminToken[generated=" + generated + "]";
  }
}
