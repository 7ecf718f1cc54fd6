package io.clientele.dialect.airpay;

import io.clientele.customer.CustomerService;
import io.clientele.dialect.Dialect;
import io.clientele.merchant.CredentialIssuer;
import io.clientele.server.Rendered;
import io.clientele.server.RequestFacts;
import io.clientele.storage.JdbcMerchantStore;
import io.javalin.config.RoutesConfig;

/** Airpay prepaid cards' customer API under {@code /airpay}: update-customer only. */
public final class AirpayDialect implements Dialect {
  private final AirpayRoutes routes;

  public AirpayDialect(
      CustomerService customers, JdbcMerchantStore merchants, CredentialIssuer credentials) {
    this.routes = new AirpayRoutes(customers, merchants, credentials);
  }

  @Override
  public String wireName() {
    return "airpay";
  }

  @Override
  public String routePrefix() {
    return "/airpay";
  }

  @Override
  public void addRoutes(RoutesConfig config) {
    config.post("/airpay/ms/cards/api/update-customer", routes::updateCustomer);
  }

  @Override
  public Rendered render(Throwable failure, RequestFacts request) {
    return AirpayErrors.render(failure, request);
  }
}
