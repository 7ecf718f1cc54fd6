package io.clientele.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.storage.Database;
import io.clientele.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Attacks on the fair semaphore in front of the pool. */
class HostileArrivalOrderTest {

  /**
   * Through the real pool, turns are given back exactly once per connection, even when connections
   * are closed twice from two threads, used after close, and many ask at once: after the storm all
   * 16 connections can be held at once and a 17th is refused.
   */
  @Test
  void everyTurnComesBackAfterAStormOfDoubleClosesAndMisuse() throws Exception {
    try (TestDatabase testDatabase = TestDatabase.h2()) {
      Database database = Database.open(testDatabase.config());
      try {
        DataSource dataSource = database.dataSource();
        ExecutorService threads = Executors.newFixedThreadPool(32);
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int t = 0; t < 32; t++) {
            done.add(
                threads.submit(
                    () -> {
                      for (int i = 0; i < 40; i++) {
                        Connection connection = dataSource.getConnection();
                        int kind = ThreadLocalRandom.current().nextInt(4);
                        if (kind == 0) {
                          CompletableFuture<Void> other =
                              CompletableFuture.runAsync(
                                  () -> {
                                    try {
                                      connection.close();
                                    } catch (SQLException e) {
                                      throw new IllegalStateException(e);
                                    }
                                  });
                          connection.close();
                          other.join();
                        } else if (kind == 1) {
                          connection.close();
                          try {
                            connection.createStatement();
                          } catch (SQLException expected) {
                            // used after close: refused, and must not give back a turn
                          }
                          connection.close();
                        } else {
                          try (var statement = connection.createStatement()) {
                            statement.execute("select 1");
                          } finally {
                            connection.close();
                          }
                        }
                      }
                      return null;
                    }));
          }
          for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
          }
        } finally {
          threads.shutdownNow();
        }

        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          held.add(dataSource.getConnection());
        }
        long started = System.nanoTime();
        assertThatThrownBy(dataSource::getConnection)
            .isInstanceOf(SQLTransientConnectionException.class)
            .hasMessageContaining("no database connection free");
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(waited).isBetween(4_900L, 5_600L);
        for (Connection connection : held) {
          connection.close();
        }
        dataSource.getConnection().close();
      } finally {
        database.close();
      }
    }
  }
}
