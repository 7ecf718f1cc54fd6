package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class ArrivalOrderTest {
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();

  private final List<Duration> poolWaits = new CopyOnWriteArrayList<>();
  private final List<String> openedBy = new CopyOnWriteArrayList<>();

  /** A pool of fake connections through {@link ArrivalOrder}, noting each wait it is given. */
  private DataSource ordered(boolean failing, int connections, Duration maxWait) {
    DataSource pool =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (self, method, args) -> null);
    return ArrivalOrder.of(
        pool,
        wait -> {
          poolWaits.add(wait);
          if (failing) {
            throw new SQLException("pool refused");
          }
          opened.incrementAndGet();
          openedBy.add(Thread.currentThread().getName());
          return (Connection)
              Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (c, m, a) -> {
                    if (m.getName().equals("close")) {
                      closed.incrementAndGet();
                    }
                    return null;
                  });
        },
        connections,
        maxWait);
  }

  private static void awaitWaiting(Thread thread) throws InterruptedException {
    while (thread.getState() != Thread.State.TIMED_WAITING) {
      Thread.sleep(1);
    }
  }

  @Test
  void handsAFreedConnectionToTheRequestsInTheOrderTheyAskedNotToANewcomer() throws Exception {
    DataSource ordered = ordered(false, 1, Duration.ofSeconds(10));
    Connection held = ordered.getConnection();
    List<Thread> waiting = new CopyOnWriteArrayList<>();
    for (String name : List.of("first", "second", "third")) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  ordered.getConnection().close();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              },
              name);
      thread.start();
      awaitWaiting(thread);
      waiting.add(thread);
    }

    held.close();
    ordered.getConnection().close();
    for (Thread thread : waiting) {
      thread.join(10_000);
    }

    String newcomer = Thread.currentThread().getName();
    assertThat(openedBy).containsExactly(newcomer, "first", "second", "third", newcomer);
    assertThat(closed).hasValue(5);
  }

  @Test
  void refusesWithTheWaitItGaveWhenNoConnectionIsFreedInTime() throws Exception {
    DataSource ordered = ordered(false, 1, Duration.ofMillis(50));
    Connection held = ordered.getConnection();
    assertThatThrownBy(ordered::getConnection)
        .isInstanceOf(SQLTransientConnectionException.class)
        .hasMessage("no database connection free within 50 ms");
    held.close();
    assertThat(opened).hasValue(1);
  }

  @Test
  void givesBackOneTurnPerConnectionHoweverOftenItIsClosed() throws Exception {
    DataSource ordered = ordered(false, 1, Duration.ofMillis(50));
    Connection connection = ordered.getConnection();
    connection.close();
    connection.close();

    Connection again = ordered.getConnection();
    assertThatThrownBy(ordered::getConnection).isInstanceOf(SQLTransientConnectionException.class);
    again.close();
  }

  @Test
  void givesThePoolOnlyTheTimeTheWaitForATurnLeft() throws Exception {
    DataSource ordered = ordered(false, 1, Duration.ofSeconds(2));
    Connection held = ordered.getConnection();
    Thread waiting =
        new Thread(
            () -> {
              try {
                ordered.getConnection().close();
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    waiting.start();
    awaitWaiting(waiting);

    Thread.sleep(500);
    held.close();
    waiting.join(10_000);

    assertThat(poolWaits).hasSize(2);
    assertThat(poolWaits.get(1))
        .isLessThanOrEqualTo(Duration.ofMillis(1500))
        .isGreaterThanOrEqualTo(ArrivalOrder.MIN_POOL_WAIT);
  }

  @Test
  void givesThePoolItsLeastWaitWhenATurnComesAtTheDeadline() throws Exception {
    DataSource ordered = ordered(false, 1, Duration.ZERO);

    ordered.getConnection().close();

    assertThat(poolWaits).containsExactly(ArrivalOrder.MIN_POOL_WAIT);
  }

  /**
   * As HikariCP does while the database cannot be reached, the pool waits all it is given, then
   * fails: a request queued behind one such wait still fails within the bound, plus the pool's
   * least wait, not after two full waits (found by a hostile test).
   */
  @Test
  void waitsNoLongerThanItsBoundWhenThePoolCannotOpenAConnection() throws Exception {
    Duration bound = Duration.ofMillis(400);
    DataSource pool =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (self, method, args) -> null);
    DataSource ordered =
        ArrivalOrder.of(
            pool,
            wait -> {
              try {
                Thread.sleep(wait.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new SQLTransientConnectionException("timed out after " + wait.toMillis());
            },
            1,
            bound);
    Thread first =
        new Thread(
            () -> {
              try {
                ordered.getConnection();
              } catch (SQLException expected) {
                // the pool cannot open one
              }
            });
    first.start();
    Thread.sleep(50);

    long started = System.nanoTime();
    assertThatThrownBy(ordered::getConnection).isInstanceOf(SQLTransientConnectionException.class);
    Duration waited = Duration.ofNanos(System.nanoTime() - started);
    first.join(5_000);

    assertThat(waited).isLessThanOrEqualTo(bound.plus(ArrivalOrder.MIN_POOL_WAIT).plusMillis(150));
  }

  @Test
  void givesBackTheTurnWhenThePoolCannotOpenAConnection() {
    DataSource ordered = ordered(true, 1, Duration.ofMillis(50));

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(ordered::getConnection)
          .isInstanceOf(SQLException.class)
          .hasMessage("pool refused");
    }
  }

  private final List<Integer> networkTimeouts = new CopyOnWriteArrayList<>();

  /**
   * A pool of one fake connection through {@link ArrivalOrder} with request deadlines, noting each
   * network timeout set on it; the pool waits as long as it is given and then refuses.
   */
  private DataSource withDeadlines(RequestDeadlines deadlines, boolean boundReads) {
    DataSource pool =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (self, method, args) -> null);
    return ArrivalOrder.of(
        pool,
        wait -> {
          poolWaits.add(wait);
          return (Connection)
              Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (c, m, a) -> {
                    if (m.getName().equals("setNetworkTimeout")) {
                      networkTimeouts.add((Integer) a[1]);
                    }
                    return null;
                  });
        },
        1,
        Duration.ofSeconds(10),
        deadlines,
        boundReads);
  }

  @Test
  void waitsForATurnNoLongerThanTheRequestsDeadlineLeaves() throws Exception {
    RequestDeadlines deadlines = new RequestDeadlines(Duration.ofMillis(300));
    DataSource ordered = withDeadlines(deadlines, false);
    Connection held = ordered.getConnection();

    deadlines.begin();
    long started = System.nanoTime();
    try {
      assertThatThrownBy(ordered::getConnection)
          .isInstanceOf(SQLTransientConnectionException.class);
    } finally {
      deadlines.end();
      held.close();
    }

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(250))
        .isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void refusesAtOnceWhenTheDeadlineHasPassed() throws Exception {
    RequestDeadlines deadlines = new RequestDeadlines(Duration.ofMillis(1));
    DataSource ordered = withDeadlines(deadlines, true);

    deadlines.begin();
    Thread.sleep(5);
    try {
      assertThatThrownBy(ordered::getConnection)
          .isInstanceOf(java.sql.SQLTimeoutException.class)
          .hasMessage("the request's deadline passed before its database work ended");
    } finally {
      deadlines.end();
    }
    assertThat(poolWaits).isEmpty();
  }

  @Test
  void boundsEachReadOfARequestByTheTimeItsDeadlineLeaves() throws Exception {
    RequestDeadlines deadlines = new RequestDeadlines(Duration.ofSeconds(2));
    DataSource ordered = withDeadlines(deadlines, true);

    deadlines.begin();
    try (Connection connection = ordered.getConnection()) {
      connection.prepareStatement("select 1");
      connection.commit();
    } finally {
      deadlines.end();
    }

    assertThat(poolWaits)
        .singleElement()
        .satisfies(
            wait -> assertThat(wait).isBetween(Duration.ofMillis(1_500), Duration.ofSeconds(2)));
    assertThat(networkTimeouts).hasSize(2).allSatisfy(t -> assertThat(t).isBetween(1, 2_000));
  }

  @Test
  void leavesTheReadsOfWorkWithoutADeadlineAlone() throws Exception {
    RequestDeadlines deadlines = new RequestDeadlines(Duration.ofSeconds(2));
    DataSource ordered = withDeadlines(deadlines, true);

    try (Connection connection = ordered.getConnection()) {
      connection.prepareStatement("select 1");
    }

    assertThat(poolWaits)
        .singleElement()
        .satisfies(
            wait -> assertThat(wait).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10)));
    assertThat(networkTimeouts).isEmpty();
  }
}
