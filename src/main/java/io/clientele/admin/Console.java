package io.clientele.admin;

import io.clientele.server.StaticAssets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator's console at {@code /console}: a page shipped in the jar whose script calls the
 * admin API with the token the operator types. The files hold no data, so they are served without
 * the token, under a policy that lets them run only their own script and reach only this server.
 */
public final class Console {
  public static final String PATH = "/console";

  /**
   * Scripts, styles and the icon only from this origin and never inline; requests only to this
   * origin; no plugins, frames, forms that submit or {@code <base>}; Trusted Types with no policy,
   * so the browser itself refuses any string written as markup ({@code innerHTML} and the like).
   */
  static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'none'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self'",
          "connect-src 'self'",
          "base-uri 'none'",
          "form-action 'none'",
          "frame-ancestors 'none'",
          "require-trusted-types-for 'script'",
          "trusted-types 'none'");

  private Console() {}

  /** The console's files, with the headers every one of them carries. */
  public static StaticAssets assets() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("X-Frame-Options", "DENY");
    headers.put("Cross-Origin-Opener-Policy", "same-origin");
    headers.put("Cross-Origin-Resource-Policy", "same-origin");
    return new StaticAssets(PATH, "console", "index.html", headers);
  }
}
