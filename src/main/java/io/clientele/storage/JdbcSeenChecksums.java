package io.clientele.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Airpay checksums accepted within the replay window, in the database so that every node
 * sharing it refuses a replay, and a restart forgets none. Claiming is one insert: the primary key
 * decides which of two identical requests racing on any nodes wins, never a read before the write.
 */
public final class JdbcSeenChecksums {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSeenChecksums.class);
  private static final String INSERT =
      """
      insert into airpay_checksums (merchant_id, credential_id, checksum, expires_at)
      values (?, ?, ?, ?)""";
  private static final String DELETE_EXPIRED_ONE =
      """
      delete from airpay_checksums
      where merchant_id = ? and credential_id = ? and checksum = ? and expires_at <= ?""";
  private static final String SWEEP = "delete from airpay_checksums where expires_at <= ?";

  /** The longest a node lets expired rows lie before it sweeps them. */
  static final Duration MOST_BETWEEN_SWEEPS = Duration.ofMinutes(1);

  private final DataSource dataSource;
  private final Clock clock;
  private final Duration window;
  private final Duration betweenSweeps;
  private final AtomicReference<Instant> nextSweep;

  /**
   * @param window how long an accepted checksum is refused again; more than zero
   */
  public JdbcSeenChecksums(DataSource dataSource, Clock clock, Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a replay window must be longer than zero: " + window);
    }
    this.dataSource = dataSource;
    this.clock = clock;
    this.window = window;
    this.betweenSweeps = window.compareTo(MOST_BETWEEN_SWEEPS) < 0 ? window : MOST_BETWEEN_SWEEPS;
    this.nextSweep = new AtomicReference<>(Instant.MIN);
  }

  public Duration window() {
    return window;
  }

  /**
   * Remembers {@code checksum} of the credential until the window has passed.
   *
   * @param checksum lowercase hex, as computed by the server (never as presented)
   * @return whether it is new: false when the credential had it accepted within the window
   */
  public boolean claim(String merchantId, String credentialId, String checksum) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    sweepIfDue(now);
    try (Connection connection = dataSource.getConnection()) {
      if (insert(connection, merchantId, credentialId, checksum, now)) {
        return true;
      }
      // Taken: by a live row (a replay), or by one whose window has passed, which goes now. Should
      // two requests find it expired at once, both delete and insert again: one insert wins.
      return deleteExpired(connection, merchantId, credentialId, checksum, now)
          && insert(connection, merchantId, credentialId, checksum, now);
    } catch (SQLException e) {
      throw new StorageException("claim airpay checksum", e);
    }
  }

  private boolean insert(
      Connection connection, String merchantId, String credentialId, String checksum, Instant now)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      statement.setString(1, merchantId);
      statement.setString(2, credentialId);
      statement.setString(3, checksum);
      Sql.setInstant(statement, 4, now.plus(window));
      statement.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (Sql.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  private static boolean deleteExpired(
      Connection connection, String merchantId, String credentialId, String checksum, Instant now)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(DELETE_EXPIRED_ONE)) {
      statement.setString(1, merchantId);
      statement.setString(2, credentialId);
      statement.setString(3, checksum);
      Sql.setInstant(statement, 4, now);
      return statement.executeUpdate() > 0;
    }
  }

  /**
   * Deletes the rows whose window has passed, at most once per {@link #MOST_BETWEEN_SWEEPS} (or per
   * window, when shorter) on this node; one request a minute pays for it. A failed sweep is left to
   * the next: expired rows only take room, they refuse nothing.
   */
  private void sweepIfDue(Instant now) {
    Instant due = nextSweep.get();
    if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(betweenSweeps))) {
      return;
    }
    sweep(now);
  }

  /**
   * @return how many expired rows were deleted
   */
  int sweep(Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SWEEP)) {
      Sql.setInstant(statement, 1, now);
      return statement.executeUpdate();
    } catch (SQLException e) {
      LOG.warn("expired airpay checksums not swept: SQLState {}", e.getSQLState());
      return 0;
    }
  }
}
