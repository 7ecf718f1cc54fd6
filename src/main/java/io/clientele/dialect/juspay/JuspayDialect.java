package io.clientele.dialect.juspay;

import io.clientele.customer.CustomerService;
import io.clientele.dialect.Dialect;
import io.clientele.merchant.Authenticator;
import io.clientele.merchant.CredentialKind;
import io.clientele.server.ApiServer;
import io.clientele.server.Idempotency;
import io.clientele.server.Rendered;
import io.clientele.server.RequestFacts;
import io.clientele.storage.JdbcClientAuthTokenStore;
import io.javalin.config.RoutesConfig;
import java.time.Clock;

/** Juspay Express Checkout's customer API under {@code /customers}. */
public final class JuspayDialect implements Dialect {
  private final JuspayRoutes routes;
  private final JuspayCredentials credentials;

  public JuspayDialect(
      CustomerService customers,
      Authenticator authenticator,
      JdbcClientAuthTokenStore tokenStore,
      Idempotency idempotency,
      Clock clock) {
    this.credentials = new JuspayCredentials();
    this.routes =
        new JuspayRoutes(customers, authenticator, credentials, tokenStore, idempotency, clock);
  }

  @Override
  public CredentialKind credentialKind() {
    return credentials;
  }

  @Override
  public String routePrefix() {
    return "/customers";
  }

  @Override
  public void addRoutes(RoutesConfig config) {
    config.post("/customers", routes::create);
    ApiServer.get(config, "/customers", routes::list);
    ApiServer.get(config, "/customers/{customer_id}", routes::get);
    config.post("/customers/{customer_id}", routes::update);
  }

  @Override
  public Rendered render(Throwable failure, RequestFacts request) {
    return JuspayErrors.render(failure, request);
  }
}
