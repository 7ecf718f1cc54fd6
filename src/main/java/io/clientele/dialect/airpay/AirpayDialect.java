package io.clientele.dialect.airpay;

import io.clientele.customer.CustomerService;
import io.clientele.dialect.Dialect;
import io.clientele.merchant.Authenticator;
import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.SecretSealer;
import io.clientele.server.Rendered;
import io.clientele.server.RequestFacts;
import io.clientele.storage.JdbcSeenChecksums;
import io.javalin.config.RoutesConfig;
import java.util.Optional;

/** Airpay prepaid cards' customer API under {@code /airpay}: update-customer only. */
public final class AirpayDialect implements Dialect {
  private final AirpayRoutes routes;
  private final AirpayCredentials credentials;

  /**
   * @param sealer opens the sealed secret keys Airpay checksums need in clear
   * @param seen the checksums accepted within the replay window, each refused again within it;
   *     empty to serve replays, as Airpay's scheme does
   */
  public AirpayDialect(
      CustomerService customers,
      Authenticator authenticator,
      SecretSealer sealer,
      Optional<JdbcSeenChecksums> seen) {
    this.credentials = new AirpayCredentials();
    this.routes = new AirpayRoutes(customers, authenticator, credentials, sealer, seen);
  }

  @Override
  public CredentialKind credentialKind() {
    return credentials;
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
