package io.clientele.dialect.canonical;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerService;
import io.clientele.dialect.Dialect;
import io.clientele.merchant.Authenticator;
import io.clientele.merchant.CredentialKind;
import io.clientele.server.ApiServer;
import io.clientele.server.Idempotency;
import io.clientele.server.Rendered;
import io.clientele.server.RequestFacts;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * Clientele's own customer API under {@code /v1}: JSON in and out, merge-patch updates, versions as
 * entity tags, one error shape. Every customer of the merchant is visible through it, whichever
 * dialect stored it.
 */
public final class CanonicalDialect implements Dialect {
  private final CanonicalRoutes routes;
  private final CanonicalCredentials credentials;

  public CanonicalDialect(
      CustomerService customers, Authenticator authenticator, Idempotency idempotency) {
    this.credentials = new CanonicalCredentials();
    this.routes = new CanonicalRoutes(customers, authenticator, credentials, idempotency);
  }

  /**
   * A customer as {@code /v1} shows it: the data of webhook events, which must read the same as the
   * API's answers.
   */
  public static Map<String, Object> customerBody(Customer customer) {
    return CanonicalWire.body(customer);
  }

  @Override
  public CredentialKind credentialKind() {
    return credentials;
  }

  @Override
  public String routePrefix() {
    return "/v1";
  }

  @Override
  public void addRoutes(RoutesConfig config) {
    config.post("/v1/customers", routes::create);
    ApiServer.get(config, "/v1/customers", routes::list);
    ApiServer.get(config, "/v1/customers/{customer}", routes::get);
    config.patch("/v1/customers/{customer}", routes::update);
    config.delete("/v1/customers/{customer}", routes::delete);
  }

  @Override
  public Rendered render(Throwable failure, RequestFacts request) {
    return CanonicalErrors.render(failure, request);
  }
}
