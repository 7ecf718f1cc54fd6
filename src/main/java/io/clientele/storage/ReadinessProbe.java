package io.clientele.storage;

import io.clientele.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Checks, every {@link #PERIOD_MILLIS} in the background, that the database answers a query on a
 * connection of the probe's own, outside the pool: readiness is then read without waiting, never
 * behind requests that hold every pooled connection, and a frozen database is seen as down within
 * {@link #FRESH_MILLIS} while its checks hang.
 */
final class ReadinessProbe implements AutoCloseable {
  static final long PERIOD_MILLIS = 200;

  /** How old the last answered check may be for the database to count as up. */
  static final long FRESH_MILLIS = 700;

  /** How long one check may wait for an answer on PostgreSQL. */
  static final int CHECK_TIMEOUT_MILLIS = 400;

  private final String url;
  private final DatabaseConfig config;
  private final Thread thread;
  private volatile boolean lastFailed;
  private volatile long lastAnswered;
  private volatile boolean closed;
  private Connection connection;

  private ReadinessProbe(String url, DatabaseConfig config) {
    this.url = url;
    this.config = config;
    this.thread = new Thread(this::run, "clientele-readiness");
    thread.setDaemon(true);
  }

  /**
   * Checks once now, then keeps checking in the background.
   *
   * @param url the pool's URL, so the probe opens the same database as the requests do
   */
  static ReadinessProbe start(String url, DatabaseConfig config) {
    ReadinessProbe probe = new ReadinessProbe(url, config);
    probe.check();
    probe.thread.start();
    return probe;
  }

  /** Whether the last check was answered, and lately. */
  boolean isReady() {
    return !lastFailed
        && System.nanoTime() - lastAnswered < TimeUnit.MILLISECONDS.toNanos(FRESH_MILLIS);
  }

  private void run() {
    while (!closed) {
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      check();
    }
  }

  private void check() {
    try {
      if (connection == null) {
        connection = open();
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("select 1");
      }
      lastAnswered = System.nanoTime();
      lastFailed = false;
    } catch (SQLException | RuntimeException e) {
      lastFailed = true;
      forget();
    }
  }

  /**
   * A connection whose connecting, logging in and every read are bounded on PostgreSQL; the
   * embedded H2 answers in the process or not at all.
   */
  private Connection open() throws SQLException {
    Properties properties = new Properties();
    if (!config.user().isEmpty()) {
      properties.setProperty("user", config.user());
    }
    if (!config.password().isEmpty()) {
      properties.setProperty("password", config.password());
    }
    if (!config.isPostgres()) {
      return DriverManager.getConnection(url, properties);
    }
    properties.setProperty("connectTimeout", "1");
    properties.setProperty("loginTimeout", "1");
    Connection opened = DriverManager.getConnection(url, properties);
    opened.setNetworkTimeout(Runnable::run, CHECK_TIMEOUT_MILLIS);
    return opened;
  }

  private void forget() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // a broken connection is dropped all the same
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    forget();
  }
}
