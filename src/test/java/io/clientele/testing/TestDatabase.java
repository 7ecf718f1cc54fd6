package io.clientele.testing;

import io.clientele.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own for one test: a fresh in-memory H2 in PostgreSQL mode, or a fresh schema on
 * the real PostgreSQL server, dropped afterwards.
 */
public final class TestDatabase implements AutoCloseable {
  public static final String POSTGRES_URL =
      System.getenv()
          .getOrDefault("CLIENTELE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  public static final String POSTGRES_USER =
      System.getenv().getOrDefault("CLIENTELE_TEST_POSTGRES_USER", "postgres");
  private static final String REQUIRE_POSTGRES = "CLIENTELE_REQUIRE_POSTGRES";

  /** The engines a store test runs on. */
  public enum Engine {
    H2,
    POSTGRES
  }

  private final DatabaseConfig config;
  private final String schema;

  private TestDatabase(DatabaseConfig config, String schema) {
    this.config = config;
    this.schema = schema;
  }

  public static TestDatabase create(Engine engine) {
    return engine == Engine.H2 ? h2() : postgres();
  }

  public static TestDatabase h2() {
    String name = "t" + UUID.randomUUID().toString().replace("-", "");
    return new TestDatabase(
        new DatabaseConfig(
            "jdbc:h2:mem:"
                + name
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "",
            ""),
        null);
  }

  /**
   * A new schema on the PostgreSQL server. Without a reachable server the calling test is skipped,
   * saying why, unless {@code CLIENTELE_REQUIRE_POSTGRES=1}, which makes it fail instead.
   */
  public static TestDatabase postgres() {
    String schema =
        "t_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 20)
                .toLowerCase(Locale.ROOT);
    try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("create schema " + schema);
    } catch (SQLException e) {
      String reason =
          "PostgreSQL is not reachable at " + POSTGRES_URL + " (" + e.getMessage() + ")";
      if ("1".equals(System.getenv(REQUIRE_POSTGRES))) {
        Assertions.fail(reason + " and " + REQUIRE_POSTGRES + "=1");
      }
      Assumptions.abort(
          reason + "; PostgreSQL tests skipped (set " + REQUIRE_POSTGRES + "=1 to fail instead)");
    }
    String separator = POSTGRES_URL.contains("?") ? "&" : "?";
    return new TestDatabase(
        new DatabaseConfig(POSTGRES_URL + separator + "currentSchema=" + schema, POSTGRES_USER, ""),
        schema);
  }

  public DatabaseConfig config() {
    return config;
  }

  /**
   * Claims an idempotency key behind the server's back, as a write that committed at {@code
   * claimedAt} on a node that stopped before recording its answer would have left it.
   */
  public void claimWithoutAnswer(
      String merchantId,
      String dialect,
      String key,
      byte[] fingerprint,
      java.time.Instant claimedAt) {
    try (Connection connection =
            DriverManager.getConnection(config.url(), config.user(), config.password());
        java.sql.PreparedStatement insert =
            connection.prepareStatement(
                "insert into idempotency_keys (merchant_id, dialect, idempotency_key,"
                    + " fingerprint, created_at) values (?, ?, ?, ?, ?)")) {
      insert.setString(1, merchantId);
      insert.setString(2, dialect);
      insert.setString(3, key);
      insert.setBytes(4, fingerprint);
      insert.setObject(5, java.time.OffsetDateTime.ofInstant(claimedAt, java.time.ZoneOffset.UTC));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs a query behind the server's back and answers each row as its values joined by {@code |}.
   */
  public List<String> query(String sql) {
    try (Connection connection =
            DriverManager.getConnection(config.url(), config.user(), config.password());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> result = new ArrayList<>();
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(String.valueOf(rows.getString(i)));
        }
        result.add(String.join("|", row));
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs a query behind the server's back and answers each row as its column labels (lower case)
   * and values, for checks that must see a value exactly, separators and all.
   */
  public List<Map<String, String>> rows(String sql) {
    try (Connection connection =
            DriverManager.getConnection(config.url(), config.user(), config.password());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<Map<String, String>> result = new ArrayList<>();
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns; i++) {
          row.put(rows.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT), rows.getString(i));
        }
        result.add(row);
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (schema == null) {
      try (Connection connection = DriverManager.getConnection(config.url());
          Statement statement = connection.createStatement()) {
        statement.execute("shutdown");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      return;
    }
    try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("drop schema " + schema + " cascade");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
