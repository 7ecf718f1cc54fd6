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
 * permit per connection queues them first come, first served. Waiting is bounded as the pool's own
 * wait is.
 */
final class ArrivalOrder {
  private ArrivalOrder() {}

  static DataSource of(DataSource pool, int connections, Duration maxWait) {
    Semaphore turns = new Semaphore(connections, true);
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (self, method, args) ->
                method.getName().equals("getConnection")
                    ? inTurn(turns, maxWait, () -> (Connection) invoke(method, pool, args))
                    : invoke(method, pool, args));
  }

  @FunctionalInterface
  private interface Opening {
    Connection open() throws Throwable;
  }

  private static Connection inTurn(Semaphore turns, Duration maxWait, Opening opening)
      throws Throwable {
    boolean turn;
    try {
      turn = turns.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
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
      connection = opening.open();
    } catch (Throwable e) {
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
