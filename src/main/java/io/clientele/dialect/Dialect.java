package io.clientele.dialect;

import io.clientele.merchant.CredentialKind;
import io.clientele.server.Rendered;
import io.clientele.server.RequestFacts;
import io.clientele.server.RouteFamily;
import io.javalin.config.RoutesConfig;

/**
 * The contract every gateway wire format implements: the paths it owns, its routes, its kind of
 * credential, and the one place its failures become its documented error bodies. Adding a dialect
 * is one package with one implementation of this, and one line in the composition root.
 */
public interface Dialect extends RouteFamily {

  /**
   * How the dialect's credentials are made, found, stored and shown once; registered with the admin
   * API and presented to the authenticator by the dialect's routes.
   */
  CredentialKind credentialKind();

  /** The dialect's name in credentials and change records: {@code juspay}, {@code flowwise}. */
  @Override
  default String wireName() {
    return credentialKind().wireName();
  }

  /**
   * The path this dialect owns with every path below it, such as {@code /customers}: the server
   * answers faults on those paths (unknown route, wrong method, oversize body) with this dialect's
   * renderer.
   */
  @Override
  String routePrefix();

  /** Adds every route of the dialect; GET routes through {@code ApiServer.get}, with HEAD. */
  @Override
  void addRoutes(RoutesConfig routes);

  /**
   * The dialect's answer to any failure of a request on its paths: its own refusals, the domain's
   * exceptions, authentication failures and server faults in their documented shapes, and anything
   * else as its 500, marked unexpected. Pure: no I/O, no request, no logging.
   */
  @Override
  Rendered render(Throwable failure, RequestFacts request);
}
