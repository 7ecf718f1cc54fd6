package io.clientele.server;

import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * The API described for machines and for people: an OpenAPI 3.1 document per route family under
 * {@code /openapi}, and at {@code /docs} a page rendering them with Swagger UI. Everything is read
 * from the jar; the page's policy lets it load nothing from anywhere but this server.
 */
public final class ApiDocs {
  /**
   * The page's policy: its own origin only, and nothing else but {@code data:} images, which
   * Swagger UI's stylesheet uses for its icons. The page runs no inline script and applies no
   * inline style.
   */
  static final String PAGE_POLICY =
      "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
          + " form-action 'none'; frame-ancestors 'none'";

  /** The documents are data: nothing in them may run or be framed. */
  static final String DOCUMENT_POLICY = "default-src 'none'; frame-ancestors 'none'";

  private final StaticAssets documents =
      new StaticAssets(
          "/openapi", "openapi", "index.json", Map.of("Content-Security-Policy", DOCUMENT_POLICY));
  private final StaticAssets page =
      new StaticAssets(
          "/docs", "docs", "index.html", Map.of("Content-Security-Policy", PAGE_POLICY));

  /** Adds {@code GET}/{@code HEAD} of {@code /openapi}, {@code /docs} and the files below them. */
  public void addRoutes(RoutesConfig routes) {
    documents.addRoutes(routes);
    page.addRoutes(routes);
  }
}
