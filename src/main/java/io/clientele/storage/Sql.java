package io.clientele.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/** The small JDBC conversions both stores need, kept identical for H2 and PostgreSQL. */
final class Sql {
  static final String UNIQUE_VIOLATION = "23505";

  private Sql() {}

  static void setInstant(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
  }

  static Instant instant(ResultSet rows, String column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /**
   * Binds {@code values} from {@code index} on, each by its type (text, a whole number or a time;
   * {@code null} as text); answers the next free index.
   */
  static int bindAll(PreparedStatement statement, int index, List<Object> values)
      throws SQLException {
    int i = index;
    for (Object value : values) {
      if (value instanceof Instant instant) {
        setInstant(statement, i++, instant);
      } else if (value instanceof Long number) {
        statement.setLong(i++, number);
      } else if (value instanceof Integer number) {
        statement.setInt(i++, number);
      } else if (value instanceof byte[] bytes) {
        statement.setBytes(i++, bytes);
      } else if (value == null) {
        statement.setNull(i++, Types.NULL); // of no type: PostgreSQL takes it for text and binary
      } else {
        statement.setString(i++, (String) value);
      }
    }
    return i;
  }

  /**
   * Runs {@code sql} with {@code values} bound as by {@link #bindAll}; answers the rows it wrote.
   */
  static int update(Connection connection, String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bindAll(statement, 1, java.util.Arrays.asList(values));
      return statement.executeUpdate();
    }
  }

  /** Runs {@code work} in one transaction on its own connection, rolling back on any failure. */
  static <T> T inTransaction(DataSource dataSource, String operation, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StorageException(operation, e);
    }
  }

  /**
   * Locks the merchant's row until the transaction ends, so that what is checked and written under
   * it for that merchant happens one transaction at a time; answers whether the merchant exists.
   */
  static boolean lockMerchant(Connection connection, String merchantId) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("select id from merchants where id = ? for update")) {
      lock.setString(1, merchantId);
      try (ResultSet rows = lock.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** Statements to run in one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Whether {@code dataSource} is a PostgreSQL database, where some writes take one statement. */
  static boolean isPostgres(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isWrapperFor(PGConnection.class);
    } catch (SQLException e) {
      throw new StorageException("identify the database", e);
    }
  }

  static boolean isUniqueViolation(SQLException e) {
    return hasState(e, UNIQUE_VIOLATION);
  }

  /**
   * Whether a row named a parent that is not there: PostgreSQL's 23503, H2's 23506 (a customer
   * written under a data key version a rotation has just destroyed).
   */
  static boolean isForeignKeyViolation(Throwable e) {
    return e instanceof SQLException sql && (hasState(sql, "23503") || hasState(sql, "23506"));
  }

  private static boolean hasState(SQLException e, String state) {
    for (SQLException next = e; next != null; next = next.getNextException()) {
      if (state.equals(next.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
