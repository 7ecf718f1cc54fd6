package io.clientele.storage;

import io.clientele.merchant.Credential;
import io.clientele.merchant.CredentialStore;
import io.clientele.merchant.IpRange;
import io.clientele.merchant.KeyOwner;
import io.clientele.merchant.Merchant;
import io.clientele.merchant.MerchantException;
import io.clientele.merchant.RateLimit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Merchants, their allow-lists, projects and credentials. */
public final class JdbcMerchantStore implements CredentialStore {
  private static final String INSERT_MERCHANT =
      "insert into merchants (id, name, created_at) values (?, ?, ?)";
  private static final String INSERT_IP =
      "insert into merchant_allowed_ips (merchant_id, cidr) values (?, ?)";
  private static final String DELETE_IPS = "delete from merchant_allowed_ips where merchant_id = ?";
  private static final String SELECT_MERCHANTS =
      """
      select m.id, m.name, m.created_at, m.rate_limit_per_second, m.rate_limit_burst, ip.cidr
      from merchants m left join merchant_allowed_ips ip on ip.merchant_id = m.id
      %s order by m.id, ip.cidr""";
  private static final String UPDATE_RATE_LIMIT =
      "update merchants set rate_limit_per_second = ?, rate_limit_burst = ? where id = ?";
  private static final String ANY_MERCHANT = "select count(*) from merchants";
  private static final String INSERT_PROJECT =
      """
      insert into projects (merchant_id, id, name, created_at)
      select ?, ?, ?, ? where not exists (select 1 from projects where merchant_id = ? and id = ?)""";
  private static final String CREDENTIAL_COLUMNS =
      """
      c.id, c.merchant_id, c.project_id, c.dialect, c.lookup, c.secret_hash, c.sealed_secret,
        c.created_at, c.revoked_at, c.last_used_at""";
  private static final String INSERT_CREDENTIAL =
      """
      insert into credentials
        (id, merchant_id, project_id, dialect, lookup, secret_hash, sealed_secret, created_at, revoked_at,
         last_used_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
  static final String SELECT_KEY_OWNER =
      """
      select %s, m.name as merchant_name, m.created_at as merchant_created_at,
        m.rate_limit_per_second, m.rate_limit_burst, ip.cidr, current_timestamp as read_at
      from credentials c
      join merchants m on m.id = c.merchant_id
      left join merchant_allowed_ips ip on ip.merchant_id = m.id
      where c.dialect = ? and c.lookup = ?
      order by ip.cidr"""
          .formatted(CREDENTIAL_COLUMNS);
  private static final String SELECT_CREDENTIALS =
      """
      select %s from credentials c where c.merchant_id = ? %s order by c.created_at, c.id""";
  private static final String LOCK_CREDENTIAL =
      "select revoked_at from credentials where merchant_id = ? and id = ? for update";

  /**
   * Revokes from {@code ?} or the database's own now, whichever is earlier: nodes judge revocation
   * by the database's clock, so a revocation takes effect at once on every node even when the
   * revoking node's clock runs ahead.
   */
  private static final String REVOKE =
      """
      update credentials set revoked_at = least(?, current_timestamp)
      where merchant_id = ? and id = ? and (revoked_at is null or revoked_at > least(?, current_timestamp))""";

  /** Ends a rotation's overlap at a later instant. */
  private static final String RETIRE_LATER =
      """
      update credentials set revoked_at = ?
      where merchant_id = ? and id = ? and (revoked_at is null or revoked_at > ?)""";

  /**
   * Skips a row another transaction holds (a revocation, an operator's lock): recording a use is
   * bookkeeping and must never make a request wait.
   */
  private static final String RECORD_USE =
      """
      update credentials set last_used_at = ?
      where merchant_id = ? and id = (
        select id from credentials
        where merchant_id = ? and id = ? and (last_used_at is null or last_used_at <= ?)
        for update skip locked)""";

  /** A backstop for {@link #RECORD_USE}, in seconds, should a lock be met all the same. */
  private static final int RECORD_USE_TIMEOUT = 1;

  private final DataSource dataSource;
  private final KeyOwnerCache keyOwners;

  /** A store that reads every key owner from the database. */
  public JdbcMerchantStore(DataSource dataSource) {
    this(dataSource, Duration.ZERO);
  }

  /**
   * A store that serves a key owner from memory for up to {@code keyOwnerMaxAge} after reading it;
   * see {@link #KEY_OWNER_MAX_AGE}.
   */
  public JdbcMerchantStore(DataSource dataSource, Duration keyOwnerMaxAge) {
    this.dataSource = dataSource;
    this.keyOwners = new KeyOwnerCache(keyOwnerMaxAge, System::nanoTime);
  }

  /**
   * How long a node serves a key owner it read: a credential revoked, or an allow-list changed,
   * through another node is enforced here within this time; through this node, at once.
   */
  public static final Duration KEY_OWNER_MAX_AGE = KeyOwnerCache.MAX_AGE;

  /**
   * @throws MerchantException.AlreadyExists if the id is taken
   */
  public void create(Merchant merchant) {
    inTransaction(
        "create merchant",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(INSERT_MERCHANT)) {
            statement.setString(1, merchant.id());
            statement.setString(2, merchant.name());
            Sql.setInstant(statement, 3, merchant.createdAt());
            statement.executeUpdate();
          } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
              throw new MerchantException.AlreadyExists(merchant.id());
            }
            throw e;
          }
          insertIps(connection, merchant.id(), merchant.allowedIps());
          return null;
        });
  }

  public Optional<Merchant> find(String merchantId) {
    return select("where m.id = ?", merchantId).stream().findFirst();
  }

  public List<Merchant> list() {
    return select("", null);
  }

  public boolean isEmpty() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(ANY_MERCHANT);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1) == 0;
    } catch (SQLException e) {
      throw new StorageException("count merchants", e);
    }
  }

  /**
   * Replaces the allow-list in one transaction.
   *
   * @throws MerchantException.NotFound if there is no such merchant
   */
  public Merchant replaceAllowedIps(String merchantId, List<IpRange> ranges) {
    inTransaction(
        "replace allowed ips",
        connection -> {
          lockMerchant(connection, merchantId);
          try (PreparedStatement statement = connection.prepareStatement(DELETE_IPS)) {
            statement.setString(1, merchantId);
            statement.executeUpdate();
          }
          insertIps(connection, merchantId, ranges);
          return null;
        });
    keyOwners.forgetAll();
    return find(merchantId).orElseThrow(() -> new MerchantException.NotFound(merchantId));
  }

  /**
   * Sets or, with none, removes the merchant's rate limit. This node applies it from its next
   * request; every other node once its key owners are {@link #KEY_OWNER_MAX_AGE} old.
   *
   * @throws MerchantException.NotFound if there is no such merchant
   */
  public Merchant replaceRateLimit(String merchantId, Optional<RateLimit> limit) {
    int updated;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(UPDATE_RATE_LIMIT)) {
      if (limit.isPresent()) {
        statement.setInt(1, limit.get().requestsPerSecond());
        statement.setInt(2, limit.get().burst());
      } else {
        statement.setNull(1, Types.INTEGER);
        statement.setNull(2, Types.INTEGER);
      }
      statement.setString(3, merchantId);
      updated = statement.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("replace rate limit", e);
    }
    keyOwners.forgetAll();
    if (updated == 0) {
      throw new MerchantException.NotFound(merchantId);
    }
    return find(merchantId).orElseThrow(() -> new MerchantException.NotFound(merchantId));
  }

  /**
   * Stores a credential, creating its project first when it names a new one.
   *
   * @throws MerchantException.NotFound if there is no such merchant
   */
  public void addCredential(Credential credential) {
    inTransaction(
        "add credential",
        connection -> {
          insertUnderMerchantLock(connection, credential);
          return null;
        });
  }

  /**
   * Stores a credential as {@link #addCredential} does, unless a credential of its dialect already
   * has its lookup: the database's unique key decides between nodes seeding the same well-known
   * keys at once, and the loser's transaction (its project included) is rolled back.
   *
   * @return whether it was stored
   * @throws MerchantException.NotFound if there is no such merchant
   */
  public boolean addCredentialUnlessLookupTaken(Credential credential) {
    try {
      inTransaction(
          "add credential",
          connection -> {
            try {
              insertUnderMerchantLock(connection, credential);
            } catch (SQLException e) {
              if (Sql.isUniqueViolation(e)) {
                throw new LookupTaken();
              }
              throw e;
            }
            return null;
          });
      return true;
    } catch (LookupTaken taken) {
      return false;
    }
  }

  /** Leaves a transaction whose credential lost the race for its lookup, rolling it back. */
  private static final class LookupTaken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LookupTaken() {
      super("lookup taken", null, false, false);
    }
  }

  /**
   * The credential a presented secret's public part names, revoked or not, with its merchant and
   * allow-list, in one query: authentication costs one round trip.
   */
  @Override
  public Optional<KeyOwner> findKeyOwner(String dialect, String lookup) {
    return keyOwners.find(dialect, lookup, () -> readKeyOwner(dialect, lookup));
  }

  private Optional<KeyOwner> readKeyOwner(String dialect, String lookup) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SELECT_KEY_OWNER)) {
      statement.setString(1, dialect);
      statement.setString(2, lookup);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        Credential credential = credential(rows);
        Instant readAt = Sql.instant(rows, "read_at");
        String merchantName = rows.getString("merchant_name");
        Instant merchantCreatedAt = Sql.instant(rows, "merchant_created_at");
        Optional<RateLimit> rateLimit = rateLimit(rows);
        List<IpRange> ranges = new ArrayList<>();
        do {
          String cidr = rows.getString("cidr");
          if (cidr != null) {
            ranges.add(IpRange.parse(cidr).orElseThrow());
          }
        } while (rows.next());
        return Optional.of(
            new KeyOwner(
                credential,
                new Merchant(
                    credential.merchantId(), merchantName, ranges, merchantCreatedAt, rateLimit),
                readAt));
      }
    } catch (SQLException e) {
      throw new StorageException("find credential", e);
    }
  }

  @Override
  public boolean recordUse(
      String merchantId, String credentialId, Instant now, Instant staleBefore) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(RECORD_USE)) {
      statement.setQueryTimeout(RECORD_USE_TIMEOUT);
      Sql.setInstant(statement, 1, now);
      statement.setString(2, merchantId);
      statement.setString(3, merchantId);
      statement.setString(4, credentialId);
      Sql.setInstant(statement, 5, staleBefore);
      boolean written = statement.executeUpdate() == 1;
      keyOwners.usedAt(credentialId, now);
      return written;
    } catch (SQLException e) {
      throw new StorageException("record credential use", e);
    }
  }

  /**
   * The merchant's credentials, oldest first, revoked ones included.
   *
   * @throws MerchantException.NotFound if there is no such merchant
   */
  public List<Credential> credentials(String merchantId) {
    List<Credential> credentials = selectCredentials(merchantId, null);
    if (credentials.isEmpty() && find(merchantId).isEmpty()) {
      throw new MerchantException.NotFound(merchantId);
    }
    return credentials;
  }

  /**
   * @throws MerchantException.NotFound if there is no such merchant
   * @throws MerchantException.CredentialNotFound if the merchant has no such credential
   */
  public Credential credential(String merchantId, String credentialId) {
    return selectCredentials(merchantId, credentialId).stream()
        .findFirst()
        .orElseThrow(() -> notFound(merchantId, credentialId));
  }

  /**
   * Refuses the credential from {@code at}; an earlier revocation stands, so revoking twice keeps
   * the first time, and a rotated credential's overlap is cut short.
   *
   * @throws MerchantException.NotFound if there is no such merchant
   * @throws MerchantException.CredentialNotFound if the merchant has no such credential
   */
  public void revoke(String merchantId, String credentialId, Instant at) {
    int revoked;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(REVOKE)) {
      Sql.setInstant(statement, 1, at);
      statement.setString(2, merchantId);
      statement.setString(3, credentialId);
      Sql.setInstant(statement, 4, at);
      revoked = statement.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("revoke credential", e);
    }
    keyOwners.forgetAll();
    if (revoked == 0) {
      credential(merchantId, credentialId);
    }
  }

  /**
   * Stores {@code successor} and refuses {@code credentialId} from {@code retiredAt}, in one
   * transaction holding the old row's lock, so one credential is rotated at most once.
   *
   * @throws MerchantException.CredentialRevoked if it is revoked or rotated already
   * @throws MerchantException.CredentialNotFound if the merchant has no such credential
   */
  public void rotate(
      String merchantId, String credentialId, Credential successor, Instant retiredAt) {
    inTransaction(
        "rotate credential",
        connection -> {
          try (PreparedStatement lock = connection.prepareStatement(LOCK_CREDENTIAL)) {
            lock.setString(1, merchantId);
            lock.setString(2, credentialId);
            try (ResultSet rows = lock.executeQuery()) {
              if (!rows.next()) {
                throw new MerchantException.CredentialNotFound(merchantId, credentialId);
              }
              if (Sql.instant(rows, "revoked_at") != null) {
                throw new MerchantException.CredentialRevoked(merchantId, credentialId);
              }
            }
          }
          insertCredential(connection, successor);
          boolean atOnce = !retiredAt.isAfter(successor.createdAt());
          try (PreparedStatement retire =
              connection.prepareStatement(atOnce ? REVOKE : RETIRE_LATER)) {
            Sql.setInstant(retire, 1, retiredAt);
            retire.setString(2, merchantId);
            retire.setString(3, credentialId);
            Sql.setInstant(retire, 4, retiredAt);
            retire.executeUpdate();
          }
          return null;
        });
    keyOwners.forgetAll();
  }

  private List<Credential> selectCredentials(String merchantId, String credentialId) {
    String sql =
        SELECT_CREDENTIALS.formatted(
            CREDENTIAL_COLUMNS, credentialId == null ? "" : "and c.id = ?");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, merchantId);
      if (credentialId != null) {
        statement.setString(2, credentialId);
      }
      List<Credential> credentials = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          credentials.add(credential(rows));
        }
      }
      return credentials;
    } catch (SQLException e) {
      throw new StorageException("read credentials", e);
    }
  }

  /** The credential's absence, or its merchant's when the merchant is unknown too. */
  private MerchantException notFound(String merchantId, String credentialId) {
    return find(merchantId).isEmpty()
        ? new MerchantException.NotFound(merchantId)
        : new MerchantException.CredentialNotFound(merchantId, credentialId);
  }

  /** The credential, and its project first when it names a new one. */
  private static void insertUnderMerchantLock(Connection connection, Credential credential)
      throws SQLException {
    lockMerchant(connection, credential.merchantId());
    if (credential.projectId() != null) {
      insertProjectIfNew(
          connection, credential.merchantId(), credential.projectId(), credential.createdAt());
    }
    insertCredential(connection, credential);
  }

  private static void insertCredential(Connection connection, Credential credential)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(INSERT_CREDENTIAL)) {
      statement.setString(1, credential.id());
      statement.setString(2, credential.merchantId());
      statement.setString(3, credential.projectId());
      statement.setString(4, credential.dialect());
      statement.setString(5, credential.lookup());
      statement.setString(6, HexFormat.of().formatHex(credential.secretHash()));
      statement.setString(7, credential.sealedSecret());
      Sql.setInstant(statement, 8, credential.createdAt());
      Sql.setInstant(statement, 9, credential.revokedAt());
      Sql.setInstant(statement, 10, credential.lastUsedAt());
      statement.executeUpdate();
    }
  }

  private static Credential credential(ResultSet rows) throws SQLException {
    return new Credential(
        rows.getString("id"),
        rows.getString("merchant_id"),
        rows.getString("project_id"),
        rows.getString("dialect"),
        rows.getString("lookup"),
        HexFormat.of().parseHex(rows.getString("secret_hash")),
        rows.getString("sealed_secret"),
        Sql.instant(rows, "created_at"),
        Sql.instant(rows, "revoked_at"),
        Sql.instant(rows, "last_used_at"));
  }

  private List<Merchant> select(String where, String merchantId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(SELECT_MERCHANTS.formatted(where))) {
      if (merchantId != null) {
        statement.setString(1, merchantId);
      }
      Map<String, MerchantRow> merchants = new LinkedHashMap<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          MerchantRow row =
              merchants.computeIfAbsent(
                  rows.getString("id"), id -> new MerchantRow(id, new ArrayList<>()));
          row.name = rows.getString("name");
          row.createdAt = Sql.instant(rows, "created_at");
          row.rateLimit = rateLimit(rows);
          String cidr = rows.getString("cidr");
          if (cidr != null) {
            row.ranges.add(IpRange.parse(cidr).orElseThrow());
          }
        }
      }
      return merchants.values().stream()
          .map(r -> new Merchant(r.id, r.name, r.ranges, r.createdAt, r.rateLimit))
          .toList();
    } catch (SQLException e) {
      throw new StorageException("read merchants", e);
    }
  }

  /**
   * The merchant's rate limit in the row, if both of its columns are set (V8 sets both or none).
   */
  private static Optional<RateLimit> rateLimit(ResultSet rows) throws SQLException {
    int perSecond = rows.getInt("rate_limit_per_second");
    if (rows.wasNull()) {
      return Optional.empty();
    }
    return Optional.of(new RateLimit(perSecond, rows.getInt("rate_limit_burst")));
  }

  /** Locks the merchant's row (Sql.lockMerchant); throws when there is no such merchant. */
  private static void lockMerchant(Connection connection, String merchantId) throws SQLException {
    if (!Sql.lockMerchant(connection, merchantId)) {
      throw new MerchantException.NotFound(merchantId);
    }
  }

  private static void insertProjectIfNew(
      Connection connection, String merchantId, String projectId, Instant createdAt)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(INSERT_PROJECT)) {
      statement.setString(1, merchantId);
      statement.setString(2, projectId);
      statement.setString(3, projectId);
      Sql.setInstant(statement, 4, createdAt);
      statement.setString(5, merchantId);
      statement.setString(6, projectId);
      statement.executeUpdate();
    }
  }

  private static void insertIps(Connection connection, String merchantId, List<IpRange> ranges)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(INSERT_IP)) {
      for (String cidr : ranges.stream().map(IpRange::toString).distinct().toList()) {
        statement.setString(1, merchantId);
        statement.setString(2, cidr);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private <T> T inTransaction(String operation, Sql.Work<T> work) {
    return Sql.inTransaction(dataSource, operation, work);
  }

  private static final class MerchantRow {
    final String id;
    final List<IpRange> ranges;
    String name;
    Instant createdAt;
    Optional<RateLimit> rateLimit;

    MerchantRow(String id, List<IpRange> ranges) {
      this.id = id;
      this.ranges = ranges;
    }
  }
}
