package io.clientele.storage;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
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
 * #MIN_POOL_WAIT}).
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
    Semaphore turns = new Semaphore(connections, true);
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (self, method, args) ->
                method.getName().equals("getConnection")
                    ? inTurn(turns, maxWait, opening)
                    : invoke(method, pool, args));
  }

  private static Connection inTurn(Semaphore turns, Duration maxWait, Opening opening)
      throws SQLException {
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
    return releasingOnClose(connection, turns);
  }

  private static Connection releasingOnClose(Connection connection, Semaphore turns) {
    AtomicBoolean released = new AtomicBoolean();
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (self, method, args) -> {
              try {
                return invoke(method, connection, args);
              } finally {
                if (method.getName().equals("close") && released.compareAndSet(false, true)) {
                  turns.release();
                }
              }
            });
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
