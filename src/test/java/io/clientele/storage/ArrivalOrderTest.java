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

  private DataSource pool(boolean failing) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (self, method, args) -> {
              if (failing) {
                throw new SQLException("pool refused");
              }
              opened.incrementAndGet();
              return Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (c, m, a) -> {
                    if (m.getName().equals("close")) {
                      closed.incrementAndGet();
                    }
                    return null;
                  });
            });
  }

  private static void awaitWaiting(Thread thread) throws InterruptedException {
    while (thread.getState() != Thread.State.TIMED_WAITING) {
      Thread.sleep(1);
    }
  }

  @Test
  void handsAFreedConnectionToTheRequestsInTheOrderTheyAskedNotToANewcomer() throws Exception {
    DataSource ordered = ArrivalOrder.of(pool(false), 1, Duration.ofSeconds(10));
    Connection held = ordered.getConnection();
    List<String> served = new CopyOnWriteArrayList<>();
    List<Thread> waiting = new CopyOnWriteArrayList<>();
    for (String name : List.of("first", "second", "third")) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  ordered.getConnection().close();
                  served.add(name);
                } catch (SQLException e) {
                  served.add(e.getMessage());
                }
              });
      thread.start();
      awaitWaiting(thread);
      waiting.add(thread);
    }

    held.close();
    ordered.getConnection().close();
    served.add("newcomer");
    for (Thread thread : waiting) {
      thread.join(10_000);
    }

    assertThat(served).containsExactly("first", "second", "third", "newcomer");
    assertThat(closed).hasValue(5);
  }

  @Test
  void refusesWithTheWaitItGaveWhenNoConnectionIsFreedInTime() throws Exception {
    DataSource ordered = ArrivalOrder.of(pool(false), 1, Duration.ofMillis(50));
    Connection held = ordered.getConnection();
    assertThatThrownBy(ordered::getConnection)
        .isInstanceOf(SQLTransientConnectionException.class)
        .hasMessage("no database connection free within 50 ms");
    held.close();
    assertThat(opened).hasValue(1);
  }

  @Test
  void givesBackOneTurnPerConnectionHoweverOftenItIsClosed() throws Exception {
    DataSource ordered = ArrivalOrder.of(pool(false), 1, Duration.ofMillis(50));
    Connection connection = ordered.getConnection();
    connection.close();
    connection.close();

    Connection again = ordered.getConnection();
    assertThatThrownBy(ordered::getConnection).isInstanceOf(SQLTransientConnectionException.class);
    again.close();
  }

  @Test
  void givesBackTheTurnWhenThePoolCannotOpenAConnection() {
    DataSource ordered = ArrivalOrder.of(pool(true), 1, Duration.ofMillis(50));

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(ordered::getConnection)
          .isInstanceOf(SQLException.class)
          .hasMessage("pool refused");
    }
  }
}
