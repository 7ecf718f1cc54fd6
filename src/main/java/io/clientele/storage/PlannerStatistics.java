package io.clientele.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's planner statistics of Clientele's tables as fresh as the tables grow, whatever
 * autovacuum is set to. A table created empty and never analysed gives the planner no statistics:
 * it then cannot tell the primary key {@code (merchant_id, id)} from any other index starting with
 * {@code merchant_id}, and picked one that reads all of a merchant's rows (EXPLAIN on 11,000
 * customers: "Rows Removed by Filter: 10999", a get by id at 490 req/s instead of 8,600). An
 * analysed table keeps its plans, and ANALYZE also invalidates plans cached before it.
 */
final class PlannerStatistics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlannerStatistics.class);
  static final long PERIOD_MILLIS = 2_000;

  /** A table is analysed once this many rows changed since its last analysis… */
  static final long MIN_CHANGES = 100;

  /**
   * …and at least half as many as it holds: once it has doubled, or rewritten half its rows. Plans
   * turn on a table's order of size, and ANALYZE reads a sample of up to 30,000 rows whatever the
   * table's size: analysing at every tenth, as autovacuum's default rule does, had PostgreSQL spend
   * nearly as much of an import's time analysing as inserting (pg_stat_activity samples while
   * 100,000 customers were imported: 17 analysing, 20 copying).
   */
  static final double CHANGED_SHARE = 0.5;

  static final List<String> TABLES =
      List.of(
          "merchants",
          "merchant_allowed_ips",
          "projects",
          "credentials",
          "customers",
          "customer_changes",
          "client_auth_tokens",
          "airpay_checksums");

  private static final String STALE =
      """
      select relname from pg_stat_user_tables
      where schemaname = current_schema() and relname in (%s)
        and n_mod_since_analyze >= greatest(?, ? * n_live_tup)"""
          .formatted(String.join(", ", TABLES.stream().map(t -> "'" + t + "'").toList()));

  private final DataSource dataSource;
  private final ScheduledExecutorService timer;

  private PlannerStatistics(DataSource dataSource) {
    this.dataSource = dataSource;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "clientele-planner-statistics");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(this::refresh, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Starts keeping statistics for a PostgreSQL database; nothing for any other. */
  static Optional<PlannerStatistics> startFor(DataSource dataSource) {
    return Sql.isPostgres(dataSource)
        ? Optional.of(new PlannerStatistics(dataSource))
        : Optional.empty();
  }

  /** Analyses every table whose statistics lag its changes; answers the tables analysed. */
  List<String> refresh() {
    List<String> analysed = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      for (String table : stale(connection)) {
        analyse(connection, table);
        analysed.add(table);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("planner statistics not refreshed: {}", e.toString().lines().findFirst().orElse(""));
    }
    return analysed;
  }

  private static List<String> stale(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(STALE)) {
      statement.setLong(1, MIN_CHANGES);
      statement.setDouble(2, CHANGED_SHARE);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
    }
    return tables;
  }

  /**
   * ANALYZE in a transaction that waits at most half a second for the table's lock, so a node never
   * queues behind another node's analysis of the same table; it tries again next period.
   */
  private static void analyse(Connection connection, String table) throws SQLException {
    if (!TABLES.contains(table)) {
      throw new IllegalArgumentException("not a table of Clientele: " + table);
    }
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("set local lock_timeout = '500ms'");
      statement.execute("analyze " + table);
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
