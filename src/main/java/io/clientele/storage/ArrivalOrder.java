package io.clientele.storage;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Hands the pool's connections to requests in the order they asked. HikariCP lets a newcomer take a
 * connection freed a moment before ahead of a request already waiting, which under 64 writers on 16
 * connections doubled the writes' 99th percentile (docs/performance.md); a fair semaphore with one
 * permit per connection queues them first come, first served. The wait for a turn and the pool's
 * own wait share one bound: the pool gets only the time the turn left (at least {@link
 * #MIN_POOL_WAIT}). A request with a deadline waits no longer than its deadline leaves and, on
 * PostgreSQL, every read on its connection is bounded by the time left too: a frozen network then
 * ends in a broken connection at the deadline, where a query cancel could not get through.
 */
final class ArrivalOrder {
  /**
   * The least the pool is given once a turn is had, so a turn that came at the deadline still takes
   * a free connection instead of failing; the same 250 ms is the least wait HikariCP's
   * configuration accepts. A request thus waits at most {@code maxWait} plus this.
   */
  static final Duration MIN_POOL_WAIT = Duration.ofMillis(250);

  private ArrivalOrder() {}

  /** Opens a pooled connection, waiting at most {@code maxWait} for one. */
  @FunctionalInterface
  interface Opening {
    Connection open(Duration maxWait) throws SQLException;
  }

  /**
   * {@code pool}, whose connections are taken through {@code opening} in turn, each request waiting
   * at most {@code maxWait} in all.
   */
  static DataSource of(DataSource pool, Opening opening, int connections, Duration maxWait) {
    return of(pool, opening, connections, maxWait, new RequestDeadlines(maxWait), false);
  }

  /**
   * The same, each request waiting at most what its deadline in {@code deadlines} leaves; with
   * {@code boundReads} each read on a connection it holds also waits no longer.
   */
  static DataSource of(
      DataSource pool,
      Opening opening,
      int connections,
      Duration maxWait,
      RequestDeadlines deadlines,
      boolean boundReads) {
    Semaphore turns = new Semaphore(connections, true);
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (self, method, args) ->
                method.getName().equals("getConnection")
                    ? inTurn(turns, deadlines, maxWait, opening, boundReads)
                    : invoke(method, pool, args));
  }

  private static Connection inTurn(
      Semaphore turns,
      RequestDeadlines deadlines,
      Duration ceiling,
      Opening opening,
      boolean boundReads)
      throws SQLException {
    Optional<Duration> requestLeft = deadlines.left();
    if (requestLeft.isPresent() && hasPassed(requestLeft.get())) {
      throw passed();
    }
    Duration maxWait = requestLeft.filter(left -> left.compareTo(ceiling) < 0).orElse(ceiling);
    long deadline = System.nanoTime() + maxWait.toNanos();
    boolean turn;
    try {
      turn = turns.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a database connection", e);
    }
    if (!turn) {
      throw new SQLTransientConnectionException(
          "no database connection free within " + maxWait.toMillis() + " ms");
    }
    Connection connection;
    try {
      Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0));
      connection = opening.open(left.compareTo(MIN_POOL_WAIT) < 0 ? MIN_POOL_WAIT : left);
    } catch (SQLException | RuntimeException e) {
      turns.release();
      throw e;
    }
    return releasingOnClose(
        connection, turns, requestLeft.isPresent() ? deadlines : null, boundReads);
  }

  private static boolean hasPassed(Duration left) {
    return left.isNegative() || left.isZero();
  }

  private static SQLException passed() {
    return new SQLTimeoutException("the request's deadline passed before its database work ended");
  }

  /**
   * {@code connection}, giving its turn back when closed; with a {@code deadlines}, each call after
   * the deadline fails, and with {@code boundReads} each call first bounds the reads that follow by
   * the time left.
   */
  private static Connection releasingOnClose(
      Connection connection, Semaphore turns, RequestDeadlines deadlines, boolean boundReads) {
    AtomicBoolean released = new AtomicBoolean();
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (self, method, args) -> {
              try {
                if (deadlines != null && !ENDLESS.contains(method.getName())) {
                  bound(connection, deadlines, boundReads);
                }
                return invoke(method, connection, args);
              } finally {
                if (method.getName().equals("close") && released.compareAndSet(false, true)) {
                  turns.release();
                }
              }
            });
  }

  /** Calls that must work whatever the time: giving the connection back and asking its state. */
  private static final Set<String> ENDLESS =
      Set.of("close", "isClosed", "rollback", "setAutoCommit", "unwrap", "isWrapperFor");

  private static void bound(Connection connection, RequestDeadlines deadlines, boolean boundReads)
      throws SQLException {
    Duration left = deadlines.left().orElseThrow();
    if (hasPassed(left)) {
      throw passed();
    }
    if (boundReads) {
      connection.setNetworkTimeout(
          Runnable::run, (int) Math.max(1, Math.min(left.toMillis(), Integer.MAX_VALUE)));
    }
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
