package io.clientele.cli;

import io.clientele.admin.AdminApi;
import io.clientele.admin.AdminCustomers;
import io.clientele.admin.AdminErrors;
import io.clientele.admin.AdminImport;
import io.clientele.admin.AdminKeys;
import io.clientele.admin.AdminToken;
import io.clientele.admin.AdminWebhooks;
import io.clientele.admin.Console;
import io.clientele.admin.SandboxBootstrap;
import io.clientele.admin.SandboxKeyRules;
import io.clientele.admin.SandboxSeeder;
import io.clientele.config.Config;
import io.clientele.config.DataDirectory;
import io.clientele.config.LogFormat;
import io.clientele.config.SandboxKeys;
import io.clientele.customer.CustomerService;
import io.clientele.dialect.Dialect;
import io.clientele.dialect.airpay.AirpayCredentials;
import io.clientele.dialect.airpay.AirpayDialect;
import io.clientele.dialect.canonical.CanonicalCredentials;
import io.clientele.dialect.canonical.CanonicalDialect;
import io.clientele.dialect.flowwise.FlowwiseCredentials;
import io.clientele.dialect.flowwise.FlowwiseDialect;
import io.clientele.dialect.juspay.JuspayCredentials;
import io.clientele.dialect.juspay.JuspayDialect;
import io.clientele.merchant.Authenticator;
import io.clientele.merchant.CredentialIssuer;
import io.clientele.merchant.CredentialKinds;
import io.clientele.merchant.RateLimiter;
import io.clientele.merchant.SecretSealer;
import io.clientele.server.ApiDocs;
import io.clientele.server.ApiServer;
import io.clientele.server.Health;
import io.clientele.server.Idempotency;
import io.clientele.server.ServerMetrics;
import io.clientele.server.TlsKeys;
import io.clientele.storage.Database;
import io.clientele.storage.JdbcClientAuthTokenStore;
import io.clientele.storage.JdbcCustomerStore;
import io.clientele.storage.JdbcIdempotencyKeys;
import io.clientele.storage.JdbcMerchantStore;
import io.clientele.storage.JdbcSeenChecksums;
import io.clientele.storage.JdbcWebhookStore;
import io.clientele.storage.KeyRotations;
import io.clientele.storage.Keyring;
import io.clientele.vault.MasterKeys;
import io.clientele.webhook.WebhookDispatcher;
import io.clientele.webhook.WebhookTiming;
import io.javalin.config.RoutesConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds configuration, database, stores, services, dialects and server by
 * hand, in one place.
 */
public final class Application implements AutoCloseable {
  static final String DATA_KEY_FILE = "data-key";

  private static final Logger STARTUP = LoggerFactory.getLogger("clientele.startup");

  private final Database database;
  private final ApiServer server;
  private final AdminToken adminToken;
  private final ServerMetrics metrics;
  private final Duration shutdownGrace;
  private final KeyRotations rotations;
  private final WebhookDispatcher webhooks;

  private Application(
      Database database,
      ApiServer server,
      AdminToken adminToken,
      ServerMetrics metrics,
      Duration shutdownGrace,
      KeyRotations rotations,
      WebhookDispatcher webhooks) {
    this.rotations = rotations;
    this.webhooks = webhooks;
    this.database = database;
    this.server = server;
    this.adminToken = adminToken;
    this.metrics = metrics;
    this.shutdownGrace = shutdownGrace;
  }

  /**
   * The credential kind of every dialect, known before anything starts, so a sandbox keys file is
   * judged with the rest of the configuration; {@link #start} refuses dialects whose kinds differ.
   */
  public static CredentialKinds credentialKinds() {
    return new CredentialKinds(
        List.of(
            new JuspayCredentials(),
            new FlowwiseCredentials(),
            new AirpayCredentials(),
            new CanonicalCredentials()));
  }

  /** The rules a sandbox keys file's values must follow, for the configuration to apply. */
  public static SandboxKeyRules sandboxKeyRules() {
    return new SandboxKeyRules(credentialKinds());
  }

  /**
   * Migrates the database, seeds the sandbox keys file's credentials if one is configured, starts
   * serving, and then says what was seeded, or else bootstraps the sandbox on an empty database, so
   * its secrets are printed only by a start that serves.
   *
   * @throws Database.Unavailable when the database cannot be reached or migrated
   */
  public static Application start(Config config, PrintStream out) {
    return start(config, out, System::nanoTime);
  }

  /**
   * As {@link #start(Config, PrintStream)}, with the rate limits' buckets refilled by {@code
   * rateLimitClock}, a monotonic clock in nanoseconds: tests advance one of their own.
   */
  public static Application start(Config config, PrintStream out, LongSupplier rateLimitClock) {
    return start(config, out, rateLimitClock, WebhookTiming.DEFAULT);
  }

  /**
   * As {@link #start(Config, PrintStream, LongSupplier)}, with webhooks delivered on {@code
   * webhookTiming}: tests poll and retry in milliseconds.
   */
  public static Application start(
      Config config, PrintStream out, LongSupplier rateLimitClock, WebhookTiming webhookTiming) {
    Clock clock = Clock.systemUTC();
    CompletableFuture<TlsKeys> tlsKeys = tlsKeysInBackground(config);
    Database database = Database.open(config.database(), config.requestTimeout());
    ServerMetrics metrics = ServerMetrics.start();
    try {
      database.bindMetrics(metrics.registry());
      MasterKeys master = masterKeys(config);
      database.migrate(master);
      Keyring keyring = new Keyring(database.dataSource(), master);
      reportRewrapped(rewrapUnderCurrentMaster(keyring, config), config);
      JdbcMerchantStore merchants =
          new JdbcMerchantStore(database.dataSource(), JdbcMerchantStore.KEY_OWNER_MAX_AGE);
      Authenticator authenticator =
          new Authenticator(merchants, clock, new RateLimiter(rateLimitClock));
      AdminToken adminToken = AdminToken.resolve(config);
      Health health = new Health(database::isReachable);
      CustomerService customers =
          new CustomerService(
              new JdbcCustomerStore(database.dataSource(), keyring, CanonicalDialect::customerBody),
              clock);
      Idempotency idempotency =
          new Idempotency(
              new JdbcIdempotencyKeys(database.dataSource(), keyring, clock),
              clock,
              config.requestTimeout());
      JdbcClientAuthTokenStore tokens = new JdbcClientAuthTokenStore(database.dataSource());
      SecretSealer sealer = new SecretSealer(master);
      JdbcWebhookStore webhookStore = new JdbcWebhookStore(database.dataSource(), keyring, sealer);
      CredentialIssuer issuer = new CredentialIssuer(clock, sealer);
      List<Dialect> dialects =
          List.of(
              new JuspayDialect(customers, authenticator, tokens, idempotency, clock),
              new FlowwiseDialect(customers, authenticator, idempotency),
              new AirpayDialect(
                  customers, authenticator, sealer, seenChecksums(config, database, clock)),
              new CanonicalDialect(customers, authenticator, idempotency));
      CredentialKinds kinds = servedKinds(dialects);
      AdminApi admin = new AdminApi(merchants, issuer, kinds, adminToken, clock);
      AdminCustomers adminCustomers = new AdminCustomers(customers, merchants);
      AdminImport adminImport = new AdminImport(customers, merchants);
      KeyRotations rotations = new KeyRotations(database.dataSource(), keyring, clock);
      AdminKeys adminKeys = new AdminKeys(rotations, merchants);
      AdminWebhooks adminWebhooks = new AdminWebhooks(webhookStore, merchants, clock);
      TlsKeys tls = tlsKeys.join();
      ApiServer server =
          new ApiServer(
              config.httpPort(),
              config.httpsPort(),
              tls,
              metrics.registry(),
              routes -> {
                routes.before(ctx -> database.deadlines().begin());
                routes.after(ctx -> database.deadlines().end());
                routes(
                    routes,
                    admin,
                    adminCustomers,
                    adminImport,
                    adminKeys,
                    adminWebhooks,
                    health,
                    new ApiDocs());
              },
              dialects,
              new AdminErrors(),
              config.safeguards().httpsOnly());
      SandboxSeeder seeder = new SandboxSeeder(merchants, issuer, kinds, sealer, clock);
      Optional<SandboxKeys> keys = config.sandboxKeys();
      Optional<List<SandboxSeeder.Seeded>> seeded = keys.map(seeder::ensure);
      server.start();
      PrintStream secrets =
          showsSecrets(config) ? out : new PrintStream(OutputStream.nullOutputStream());
      if (keys.isPresent()) {
        SandboxSeeder.print(keys.get(), seeded.get(), secrets);
        if (!showsSecrets(config)) {
          STARTUP.warn(
              "sandbox keys of merchant '{}' from {} seeded ({} credentials): public test"
                  + " credentials, usable by anyone who has the file; never seed them into a"
                  + " production database",
              keys.get().merchantId(),
              keys.get().file(),
              seeded.get().size());
        }
      } else if (new SandboxBootstrap(merchants, issuer, kinds, clock)
              .runIfEmpty(endpoints(config, tls), secrets)
          && !showsSecrets(config)) {
        STARTUP.info(
            "sandbox merchant '{}' created; its secrets are not shown with log-format json:"
                + " issue a credential through the admin API",
            SandboxBootstrap.MERCHANT_ID);
      }
      rotations.resumeUnfinished();
      WebhookDispatcher webhooks = WebhookDispatcher.start(webhookStore, clock, webhookTiming);
      return new Application(
          database, server, adminToken, metrics, config.shutdownGrace(), rotations, webhooks);
    } catch (CompletionException e) {
      database.close();
      metrics.close();
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    } catch (RuntimeException e) {
      database.close();
      metrics.close();
      throw e;
    }
  }

  /**
   * Whether start-up may print secrets (sandbox credentials, a generated admin token) on standard
   * output: in text, where a person reads it once; not in json, where it is the log stream.
   */
  static boolean showsSecrets(Config config) {
    return config.logFormat() == LogFormat.TEXT;
  }

  /**
   * The dialects' credential kinds, which must be those the configuration was judged by: a dialect
   * left out of {@link #credentialKinds} fails every start, not just a sandbox keys file.
   */
  private static CredentialKinds servedKinds(List<Dialect> dialects) {
    CredentialKinds served =
        new CredentialKinds(dialects.stream().map(Dialect::credentialKind).toList());
    if (!served.wireNames().equals(credentialKinds().wireNames())) {
      throw new IllegalStateException(
          "the dialects' credential kinds "
              + served.wireNames()
              + " are not those Application.credentialKinds lists, "
              + credentialKinds().wireNames());
    }
    return served;
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

  /** Every route no dialect owns, in one table; each dialect lists its own. */
  private static void routes(
      RoutesConfig routes,
      AdminApi admin,
      AdminCustomers adminCustomers,
      AdminImport adminImport,
      AdminKeys adminKeys,
      AdminWebhooks webhooks,
      Health health,
      ApiDocs docs) {
    ApiServer.get(routes, "/health/live", health::live);
    ApiServer.get(routes, "/health/ready", health::ready);
    docs.addRoutes(routes);
    // The console's files hold no data and need no token; every call their script makes does.
    Console.assets().addRoutes(routes);

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
    routes.put("/admin/merchants/{merchant_id}/rate-limit", admin::replaceRateLimit);
    ApiServer.get(routes, "/admin/merchants/{merchant_id}/customers", adminCustomers::search);
    routes.post("/admin/merchants/{merchant_id}/customers/import", adminImport::importBatch);
    ApiServer.get(
        routes, "/admin/merchants/{merchant_id}/customers/{customer_id}", adminCustomers::show);
    ApiServer.get(
        routes,
        "/admin/merchants/{merchant_id}/customers/{customer_id}/history",
        adminCustomers::history);
    ApiServer.get(routes, "/admin/merchants/{merchant_id}/keys", adminKeys::show);
    routes.post("/admin/merchants/{merchant_id}/keys/rotate", adminKeys::rotate);
    routes.post("/admin/merchants/{merchant_id}/webhooks", webhooks::add);
    ApiServer.get(routes, "/admin/merchants/{merchant_id}/webhooks", webhooks::list);
    routes.delete("/admin/merchants/{merchant_id}/webhooks/{webhook_id}", webhooks::remove);
    ApiServer.get(
        routes,
        "/admin/merchants/{merchant_id}/webhooks/{webhook_id}/deliveries",
        webhooks::deliveries);
    routes.post(
        "/admin/merchants/{merchant_id}/webhooks/{webhook_id}/deliveries/{event_id}/replay",
        webhooks::replay);
  }

  /** The Airpay checksums accepted within the replay window, when the operator set one. */
  private static Optional<JdbcSeenChecksums> seenChecksums(
      Config config, Database database, Clock clock) {
    Duration window = config.safeguards().airpayReplayWindow();
    return window.isZero()
        ? Optional.empty()
        : Optional.of(new JdbcSeenChecksums(database.dataSource(), clock, window));
  }

  /** Where the master key was read from, named in messages; never the key. */
  static String masterKeySource(Config config) {
    return config
        .masterKeys()
        .masterSource()
        .orElse(config.directory().resolve(DATA_KEY_FILE).toString());
  }

  /**
   * Re-wraps under the master key what the previous one wrapped, and refuses a start whose master
   * keys cannot open what the database holds, naming the key it needs and where this node's keys
   * came from (never a key).
   */
  private static int rewrapUnderCurrentMaster(Keyring keyring, Config config) {
    try {
      return keyring.rewrapUnderCurrentMaster();
    } catch (MasterKeys.NotHeld e) {
      MasterKeys held = keyring.master();
      String previous =
          held.previousId()
              .map(
                  id -> " and " + id + " (" + config.masterKeys().previousSource().orElse("") + ")")
              .orElse("");
      throw new IllegalStateException(
          "the database's keys are sealed under master key "
              + e.keyId()
              + ", which this node does not hold: it holds "
              + held.currentId()
              + " ("
              + masterKeySource(config)
              + ")"
              + previous
              + "; start with that key as --master-key-file, or as --previous-master-key-file"
              + " to rotate to a new one");
    } catch (io.clientele.vault.VaultException e) {
      throw new IllegalStateException(
          "the master key ("
              + masterKeySource(config)
              + ") cannot open the keys stored in the database: "
              + e.getMessage());
    }
  }

  /**
   * Says what a start re-wrapped under a new master key, after which the previous one is no longer
   * needed by this database.
   */
  private static void reportRewrapped(int rewrapped, Config config) {
    config
        .masterKeys()
        .previousSource()
        .ifPresent(
            previous ->
                STARTUP.info(
                    "master key rotation: {} wrapped key(s) and sealed secret(s) re-wrapped from"
                        + " the previous master key ({}) under the master key ({}); nothing in the"
                        + " database needs the previous key any more",
                    rewrapped,
                    previous,
                    masterKeySource(config)));
  }

  /**
   * The master key (and the previous one, during a rotation) from the configuration, or else the
   * one generated into the data directory on first use.
   */
  public static MasterKeys masterKeys(Config config) {
    return new MasterKeys(dataKey(config), config.masterKeys().previous());
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

  /** Every route served, as {@code METHOD /path}; see {@link ApiServer#routes()}. */
  public List<String> servedRoutes() {
    return server.routes();
  }

  public AdminToken adminToken() {
    return adminToken;
  }

  /**
   * Stops gracefully: no new connection is accepted, the requests in flight get the shutdown grace
   * to finish, then whatever still runs is cut and the pool is closed.
   *
   * @return whether every request in flight finished within the grace
   */
  public boolean stop() {
    boolean finished = server.stop(shutdownGrace);
    webhooks.close();
    rotations.close();
    database.close();
    metrics.close();
    return finished;
  }

  @Override
  public void close() {
    server.close();
    webhooks.close();
    rotations.close();
    database.close();
    metrics.close();
  }
}
