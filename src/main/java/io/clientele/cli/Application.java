package io.clientele.cli;

import io.clientele.admin.AdminApi;
import io.clientele.admin.AdminErrors;
import io.clientele.admin.AdminToken;
import io.clientele.admin.SandboxBootstrap;
import io.clientele.config.Config;
import io.clientele.config.DataDirectory;
import io.clientele.customer.CustomerService;
import io.clientele.dialect.airpay.AirpayCredentials;
import io.clientele.dialect.airpay.AirpayErrors;
import io.clientele.dialect.airpay.AirpayRoutes;
import io.clientele.dialect.flowwise.FlowwiseCredentials;
import io.clientele.dialect.flowwise.FlowwiseErrors;
import io.clientele.dialect.flowwise.FlowwiseRoutes;
import io.clientele.dialect.juspay.JuspayCredentials;
import io.clientele.dialect.juspay.JuspayErrors;
import io.clientele.dialect.juspay.JuspayRoutes;
import io.clientele.merchant.Authenticator;
import io.clientele.merchant.CredentialIssuer;
import io.clientele.merchant.CredentialKinds;
import io.clientele.merchant.MerchantException;
import io.clientele.merchant.SecretSealer;
import io.clientele.server.ApiServer;
import io.clientele.server.Health;
import io.clientele.server.TlsKeys;
import io.clientele.storage.Database;
import io.clientele.storage.JdbcClientAuthTokenStore;
import io.clientele.storage.JdbcCustomerStore;
import io.clientele.storage.JdbcMerchantStore;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The composition root: builds configuration, database, stores, services, dialects and server by
 * hand, in one place, and lists every route of the product.
 */
public final class Application implements AutoCloseable {
  static final String DATA_KEY_FILE = "data-key";

  private final Database database;
  private final ApiServer server;
  private final AdminToken adminToken;

  private Application(Database database, ApiServer server, AdminToken adminToken) {
    this.database = database;
    this.server = server;
    this.adminToken = adminToken;
  }

  /**
   * Migrates the database, starts serving, and then bootstraps the sandbox on an empty database, so
   * its secrets are printed only by a start that serves.
   *
   * @throws Database.Unavailable when the database cannot be reached or migrated
   */
  public static Application start(Config config, PrintStream out) {
    Clock clock = Clock.systemUTC();
    CompletableFuture<TlsKeys> tlsKeys = tlsKeysInBackground(config);
    Database database = Database.open(config.database());
    try {
      database.migrate();
      JdbcMerchantStore merchants = new JdbcMerchantStore(database.dataSource());
      JuspayCredentials juspayCredentials = new JuspayCredentials();
      FlowwiseCredentials flowwiseCredentials = new FlowwiseCredentials();
      AirpayCredentials airpayCredentials =
          new AirpayCredentials(new SecretSealer(dataKey(config)));
      CredentialKinds kinds =
          new CredentialKinds(List.of(juspayCredentials, flowwiseCredentials, airpayCredentials));
      CredentialIssuer issuer = new CredentialIssuer(clock);
      Authenticator authenticator = new Authenticator(merchants, clock);
      AdminToken adminToken = AdminToken.resolve(config);
      AdminApi admin = new AdminApi(merchants, issuer, kinds, adminToken, clock);
      Health health = new Health(database::isReachable);
      CustomerService customers =
          new CustomerService(new JdbcCustomerStore(database.dataSource()), clock);
      JuspayRoutes juspay =
          new JuspayRoutes(
              customers,
              authenticator,
              juspayCredentials,
              new JdbcClientAuthTokenStore(database.dataSource()),
              clock);
      FlowwiseRoutes flowwise = new FlowwiseRoutes(customers, authenticator, flowwiseCredentials);
      AirpayRoutes airpay = new AirpayRoutes(customers, authenticator, airpayCredentials);
      TlsKeys tls = tlsKeys.join();
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ApiServer server =
          new ApiServer(
              config.httpPort(),
              config.httpsPort(),
              tls,
              metrics,
              routes -> routes(routes, admin, health, juspay, flowwise, airpay),
              List.of(
                  new JuspayErrors(), new FlowwiseErrors(), new AirpayErrors(), new AdminErrors()));
      server.start();
      new SandboxBootstrap(merchants, issuer, kinds, clock).runIfEmpty(endpoints(config, tls), out);
      return new Application(database, server, adminToken);
    } catch (CompletionException e) {
      database.close();
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * Loads or makes the HTTPS key while the database starts: on a first start that overlaps key
   * generation with migrations on the second core.
   */
  private static CompletableFuture<TlsKeys> tlsKeysInBackground(Config config) {
    if (config.httpsPort() == 0) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.supplyAsync(
        () -> TlsKeys.load(config), task -> new Thread(task, "clientele-tls-keys").start());
  }

  /** Every route of the product, in one table. */
  private static void routes(
      RoutesConfig routes,
      AdminApi admin,
      Health health,
      JuspayRoutes juspay,
      FlowwiseRoutes flowwise,
      AirpayRoutes airpay) {
    routes.post("/customers", juspay::create);
    ApiServer.get(routes, "/customers", juspay::list);
    ApiServer.get(routes, "/customers/{customer_id}", juspay::get);
    routes.post("/customers/{customer_id}", juspay::update);

    routes.post("/router/customer", flowwise::create);
    ApiServer.get(routes, "/router/customer/{customer_id}", flowwise::get);
    routes.put("/router/customer/{customer_id}", flowwise::update);
    routes.delete("/router/customer/{customer_id}", flowwise::delete);

    routes.post("/airpay/ms/cards/api/update-customer", airpay::updateCustomer);

    ApiServer.get(routes, "/health/live", health::live);
    ApiServer.get(routes, "/health/ready", health::ready);

    routes.beforeMatched("/admin/*", admin::authorise);
    routes.post("/admin/merchants", admin::createMerchant);
    ApiServer.get(routes, "/admin/merchants", admin::listMerchants);
    ApiServer.get(routes, "/admin/merchants/{merchant_id}", admin::getMerchant);
    routes.post("/admin/merchants/{merchant_id}/credentials", admin::createCredential);
    ApiServer.get(routes, "/admin/merchants/{merchant_id}/credentials", admin::listCredentials);
    routes.delete(
        "/admin/merchants/{merchant_id}/credentials/{credential_id}", admin::revokeCredential);
    routes.post(
        "/admin/merchants/{merchant_id}/credentials/{credential_id}/rotate",
        admin::rotateCredential);
    routes.put("/admin/merchants/{merchant_id}/allowed-ips", admin::replaceAllowedIps);
    routes.exception(AdminApi.AdminError.class, admin::render);
    routes.exception(MerchantException.class, admin::render);
  }

  private static byte[] dataKey(Config config) {
    if (config.dataKey().isPresent()) {
      return config.dataKey().get();
    }
    DataDirectory.Secret stored =
        config
            .directory()
            .readOrCreate(
                DATA_KEY_FILE,
                () ->
                    Base64.getEncoder()
                        .encodeToString(io.clientele.merchant.Secrets.randomBytes(32)));
    return Base64.getDecoder().decode(stored.value());
  }

  private static SandboxBootstrap.Endpoints endpoints(Config config, TlsKeys tls) {
    return new SandboxBootstrap.Endpoints(
        config.httpPort() > 0 ? "http://localhost:" + config.httpPort() : null,
        config.httpsPort() > 0 ? "https://localhost:" + config.httpsPort() : null,
        tls == null ? null : tls.generatedPem().map(Object::toString).orElse(null));
  }

  public int httpPort() {
    return server.port("http");
  }

  public int httpsPort() {
    return server.port("https");
  }

  public AdminToken adminToken() {
    return adminToken;
  }

  @Override
  public void close() {
    server.close();
    database.close();
  }
}
