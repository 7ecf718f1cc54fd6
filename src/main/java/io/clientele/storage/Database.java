package io.clientele.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import com.zaxxer.hikari.pool.HikariPool;
import io.clientele.config.DatabaseConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The connection pool and the schema migrations, shared by {@code serve}, {@code migrate} and
 * tests.
 */
public final class Database implements AutoCloseable {
  /** The request deadline of {@code serve} unless configured, and of every other user. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private static final int MAX_POOL_SIZE = 16;
  private final HikariDataSource pool;
  private final RequestDeadlines deadlines;
  private final ReadinessProbe readiness;
  private final Optional<H2Housekeeping> housekeeping;
  private final Optional<PlannerStatistics> statistics;
  private final Optional<ClosedH2Eviction> closedH2;

  private final DataSource inArrivalOrder;

  private Database(
      HikariDataSource pool,
      DatabaseConfig config,
      Timeouts timeouts,
      Optional<ClosedH2Eviction> closedH2) {
    this.pool = pool;
    this.closedH2 = closedH2;
    this.deadlines = new RequestDeadlines(timeouts.databaseBudget());
    HikariPool connections = (HikariPool) pool.getHikariPoolMXBean();
    this.inArrivalOrder =
        ArrivalOrder.of(
            pool,
            wait -> connections.getConnection(wait.toMillis()),
            MAX_POOL_SIZE,
            Duration.ofMillis(pool.getConnectionTimeout()),
            deadlines,
            config.isPostgres());
    this.readiness = ReadinessProbe.start(pool.getJdbcUrl(), config);
    this.housekeeping = H2Housekeeping.startFor(pool);
    this.statistics = PlannerStatistics.startFor(pool);
  }

  /**
   * Opens a pool for requests with the default deadline; see {@link #open(DatabaseConfig,
   * Duration)}.
   */
  public static Database open(DatabaseConfig config) {
    return open(config, DEFAULT_REQUEST_TIMEOUT);
  }

  /**
   * Opens a pool, failing within a few seconds when the database cannot be reached, whose waits fit
   * inside requests of {@code requestTimeout} (see {@link Timeouts}).
   *
   * @throws Unavailable with a one-line reason when no connection can be made
   */
  public static Database open(DatabaseConfig config, Duration requestTimeout) {
    Timeouts timeouts = Timeouts.of(requestTimeout);
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(timeouts.applyTo(DurableFiles.durableUrl(config.url())));
    if (!config.user().isEmpty()) {
      hikari.setUsername(config.user());
    }
    if (!config.password().isEmpty()) {
      hikari.setPassword(config.password());
    }
    if (config.url().startsWith("jdbc:postgresql:")) {
      // An import's batch of inserts goes as multi-row inserts: half PostgreSQL's CPU per row, as
      // measured with 100,000 imported customers. A URL parameter of the same name still wins.
      hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
      timeouts.applyTo(hikari);
    }
    Optional<ClosedH2Eviction> closedH2 =
        config.url().startsWith("jdbc:h2:")
            ? Optional.of(new ClosedH2Eviction())
            : Optional.empty();
    closedH2.ifPresent(hikari::setExceptionOverride);
    hikari.setPoolName("clientele");
    hikari.setMaximumPoolSize(MAX_POOL_SIZE);
    hikari.setConnectionTimeout(timeouts.requestTimeout().toMillis());
    hikari.setInitializationFailTimeout(5_000);
    hikari.setValidationTimeout(timeouts.validation().toMillis());
    try {
      return new Database(new HikariDataSource(hikari), config, timeouts, closedH2);
    } catch (RuntimeException e) {
      throw new Unavailable(config.url(), rootMessage(e));
    }
  }

  /**
   * Applies every pending migration; answers how many ran. The master key seals what earlier
   * versions stored in clear (migration 11); migration 13 makes the sealed columns binary.
   */
  public int migrate(io.clientele.vault.MasterKeys master) {
    try {
      MigrateResult result =
          Flyway.configure()
              .dataSource(pool)
              .locations("classpath:db/migration")
              .javaMigrations(new SealPersonalValues(master), new BinarySealedColumns())
              .loggers("slf4j")
              .load()
              .migrate();
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      throw new Unavailable(pool.getJdbcUrl(), "migration failed: " + rootMessage(e));
    }
  }

  /**
   * Publishes the pool's meters ({@code hikaricp_connections_active}, {@code _pending}, {@code
   * _acquire_seconds} and the rest, tagged {@code pool="clientele"}) in {@code registry}; once.
   */
  public void bindMetrics(MeterRegistry registry) {
    pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
  }

  public DataSource dataSource() {
    return inArrivalOrder;
  }

  /** Where the server starts and ends each request's deadline. */
  public RequestDeadlines deadlines() {
    return deadlines;
  }

  /**
   * Whether the database answered a check of its own connection lately, without waiting: the
   * readiness check, which a busy pool or a frozen database never holds up. An embedded H2 also
   * counts as down for {@link ReadinessProbe#FRESH_MILLIS} after a request found it closed, though
   * the probe's own connection may already have opened it again.
   */
  public boolean isReachable() {
    return readiness.isReady()
        && closedH2.map(closed -> !closed.seenWithin(ReadinessProbe.FRESH_MILLIS)).orElse(true);
  }

  @Override
  public void close() {
    readiness.close();
    housekeeping.ifPresent(H2Housekeeping::close);
    statistics.ifPresent(PlannerStatistics::close);
    pool.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return (message == null ? root.getClass().getSimpleName() : message)
        .lines()
        .findFirst()
        .orElse("");
  }

  /** The database could not be reached or prepared; the message is one line for the operator. */
  public static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String url, String reason) {
      super(
          "database " + DatabaseConfig.shown(url) + " is unavailable: " + reason,
          null,
          false,
          false);
    }
  }
}
