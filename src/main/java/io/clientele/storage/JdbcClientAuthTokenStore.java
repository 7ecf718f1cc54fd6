package io.clientele.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/** Client auth tokens issued for customers, kept as SHA-256 hashes with their expiry. */
public final class JdbcClientAuthTokenStore {
  private static final String INSERT =
      """
      insert into client_auth_tokens (merchant_id, token_hash, customer_id, expires_at, created_at)
      values (?, ?, ?, ?, ?)""";
  private static final String LOCK_LIVE_CUSTOMER =
      """
      select id from customers where merchant_id = ? and id = ? and status = 'ACTIVE' for update""";
  private static final String FIND =
      """
      select customer_id, expires_at from client_auth_tokens
      where merchant_id = ? and token_hash = ?""";

  private final DataSource dataSource;

  public JdbcClientAuthTokenStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A stored token: the customer it was issued for and when it stops being valid. */
  public record Stored(String customerId, Instant expiresAt) {}

  /**
   * Stores a token for a live customer, under the customer's row lock so that an erasure running at
   * the same time either sees the token and deletes it, or makes this call find no customer.
   *
   * @return false, storing nothing, when the merchant has no live customer with this id
   */
  public boolean save(
      String merchantId,
      byte[] tokenHash,
      String customerId,
      Instant expiresAt,
      Instant createdAt) {
    return Sql.inTransaction(
        dataSource,
        "save client auth token",
        connection -> {
          try (PreparedStatement lock = connection.prepareStatement(LOCK_LIVE_CUSTOMER)) {
            lock.setString(1, merchantId);
            lock.setString(2, customerId);
            try (ResultSet rows = lock.executeQuery()) {
              if (!rows.next()) {
                return false;
              }
            }
          }
          try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setString(1, merchantId);
            statement.setString(2, HexFormat.of().formatHex(tokenHash));
            statement.setString(3, customerId);
            Sql.setInstant(statement, 4, expiresAt);
            Sql.setInstant(statement, 5, createdAt);
            statement.executeUpdate();
          }
          return true;
        });
  }

  public Optional<Stored> find(String merchantId, byte[] tokenHash) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(FIND)) {
      statement.setString(1, merchantId);
      statement.setString(2, HexFormat.of().formatHex(tokenHash));
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next()
            ? Optional.of(
                new Stored(rows.getString("customer_id"), Sql.instant(rows, "expires_at")))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageException("find client auth token", e);
    }
  }
}
