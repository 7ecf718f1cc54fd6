package io.clientele.server;

import io.javalin.config.RoutesConfig;

/**
 * Routes under one path prefix that answer every failure in one error shape: what the server needs
 * of a gateway dialect, so that the server does not depend on the dialects it serves.
 */
public interface RouteFamily extends Renderer {

  /** A name for messages about the family, such as {@code juspay}. */
  String wireName();

  /**
   * The path this family owns with every path below it, such as {@code /customers}: the server
   * answers faults on those paths (unknown route, wrong method, oversize body) with this family's
   * renderer.
   */
  String routePrefix();

  /** Adds every route of the family; GET routes through {@link ApiServer#get}, with HEAD. */
  void addRoutes(RoutesConfig routes);
}
