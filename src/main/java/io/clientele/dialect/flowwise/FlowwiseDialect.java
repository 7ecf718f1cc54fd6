package io.clientele.dialect.flowwise;

import io.clientele.customer.CustomerService;
import io.clientele.dialect.Dialect;
import io.clientele.merchant.Authenticator;
import io.clientele.merchant.CredentialKind;
import io.clientele.server.ApiServer;
import io.clientele.server.Idempotency;
import io.clientele.server.Rendered;
import io.clientele.server.RequestFacts;
import io.javalin.config.RoutesConfig;

/** Cashfree Flowwise's customer API under its base path {@code /router}. */
public final class FlowwiseDialect implements Dialect {
  private final FlowwiseRoutes routes;
  private final FlowwiseCredentials credentials;

  public FlowwiseDialect(
      CustomerService customers, Authenticator authenticator, Idempotency idempotency) {
    this.credentials = new FlowwiseCredentials();
    this.routes = new FlowwiseRoutes(customers, authenticator, credentials, idempotency);
  }

  @Override
  public CredentialKind credentialKind() {
    return credentials;
  }

  @Override
  public String routePrefix() {
    return "/router";
  }

  @Override
  public void addRoutes(RoutesConfig config) {
    config.post("/router/customer", routes::create);
    ApiServer.get(config, "/router/customer/{customer_id}", routes::get);
    config.put("/router/customer/{customer_id}", routes::update);
    config.delete("/router/customer/{customer_id}", routes::delete);
  }

  @Override
  public Rendered render(Throwable failure, RequestFacts request) {
    return FlowwiseErrors.render(failure, request);
  }
}
