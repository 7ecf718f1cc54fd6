package io.clientele.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the embedded database's sparsely used chunks while it runs. H2 does this on its own
 * background writer, which it runs only when commits are written behind the answer; with every
 * commit written before the answer ({@code WRITE_DELAY=0}) each commit leaves a chunk of its own,
 * and without this the file grew with every commit (974 MiB after 46,600 creates).
 */
final class H2Housekeeping implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);
  static final long PERIOD_MILLIS = 1_000;
  static final int TARGET_FILL_RATE = 60;
  static final int WRITE_LIMIT_BYTES = 8 * 1024 * 1024;

  private final MVStore store;
  private final ScheduledExecutorService timer;

  private H2Housekeeping(MVStore store) {
    this.store = store;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "clientele-h2-housekeeping");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(this::tidy, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Starts housekeeping for an embedded H2 database; nothing for any other. */
  static Optional<H2Housekeeping> startFor(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isWrapperFor(JdbcConnection.class)) {
        return Optional.empty();
      }
      JdbcConnection h2 = connection.unwrap(JdbcConnection.class);
      if (!(h2.getSession() instanceof SessionLocal session)) {
        return Optional.empty();
      }
      MVStore store = session.getDatabase().getStore().getMvStore();
      if (store.getFileStore() == null) {
        return Optional.empty();
      }
      return Optional.of(new H2Housekeeping(store));
    } catch (SQLException e) {
      throw new StorageException("start housekeeping", e);
    }
  }

  private void tidy() {
    try {
      if (store.isClosed()) {
        return;
      }
      store.compact(TARGET_FILL_RATE, WRITE_LIMIT_BYTES);
    } catch (RuntimeException e) {
      LOG.warn(
          "housekeeping of the embedded database {} failed: {}",
          store.getFileStore().getFileName(),
          e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
