package io.clientele.storage;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.h2.api.ErrorCode;

/**
 * Tells the pool to drop a connection to an embedded H2 database that H2 has closed under it (a
 * full disk, or another fatal error): H2's SQLStates are not among those HikariCP evicts for, so
 * every pooled connection would keep answering "The database has been closed" until a restart,
 * while a new connection opens the file again. Any other error is left to HikariCP's own rules. It
 * also remembers when it last saw one, so readiness can report the database down meanwhile.
 */
final class ClosedH2Eviction implements SQLExceptionOverride {
  private volatile long lastSeen;
  private volatile boolean seen;

  /**
   * {@code DATABASE_IS_CLOSED} (90098): H2 closed the database after a fatal error, every session
   * of it is dead. {@code DATABASE_CALLED_AT_SHUTDOWN} (90121): the session was closed with the
   * database (a shutdown, or a close at exit). Not {@code OBJECT_CLOSED} (90007): that is a
   * statement or result set used after its own close, on a connection still sound.
   */
  static boolean isClosedDatabase(SQLException e) {
    return e.getErrorCode() == ErrorCode.DATABASE_IS_CLOSED
        || e.getErrorCode() == ErrorCode.DATABASE_CALLED_AT_SHUTDOWN;
  }

  @java.lang.Override
  public Override adjudicate(SQLException e) {
    if (!isClosedDatabase(e)) {
      return Override.CONTINUE_EVICT;
    }
    lastSeen = System.nanoTime();
    seen = true;
    return Override.MUST_EVICT;
  }

  /** Whether a pooled connection failed on a closed database within the last {@code millis}. */
  boolean seenWithin(long millis) {
    return seen && System.nanoTime() - lastSeen < TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
