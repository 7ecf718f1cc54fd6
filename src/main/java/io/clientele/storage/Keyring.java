package io.clientele.storage;

import io.clientele.vault.MasterKeys;
import io.clientele.vault.MerchantKeys;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The merchants' keys: data key versions in {@code merchant_keys} and the index key in {@code
 * merchants.index_key}, each stored wrapped under the master key. A merchant gets its keys the
 * first time they are needed. A node keeps them unwrapped for at most {@link #MAX_AGE}, so a
 * version another node adds wraps this node's new customers within that time; a version this node
 * has not loaded yet is loaded when a row names it.
 */
public final class Keyring {
  /** How long a node writes under a merchant's data key after another node added a newer one. */
  public static final Duration MAX_AGE = Duration.ofSeconds(1);

  private static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String LOAD =
      """
      select m.index_key, k.version, k.wrapped_key
      from merchants m left join merchant_keys k on k.merchant_id = m.id
      where m.id = ?""";

  private static final String SET_INDEX_KEY = "update merchants set index_key = ? where id = ?";

  static final String ADD_VERSION =
      "insert into merchant_keys (merchant_id, version, wrapped_key, created_at) values (?, ?, ?, ?)";

  private final DataSource dataSource;
  private final MasterKeys master;
  private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
  private final java.util.concurrent.locks.ReentrantReadWriteLock versionsInUse =
      new java.util.concurrent.locks.ReentrantReadWriteLock();

  private record Loaded(MerchantKeys keys, long atNanos) {}

  public Keyring(DataSource dataSource, MasterKeys master) {
    this.dataSource = dataSource;
    this.master = master;
  }

  public MasterKeys master() {
    return master;
  }

  /**
   * Runs {@code write}, which stores customers under a data key version, so that no destruction of
   * a version runs meanwhile in this process ({@link #destroying}). On H2, the only engine whose
   * foreign-key check does not lock the version's row, every writer is in this one process (it
   * holds the database file), so this is what keeps a create from naming a version whose deletion
   * is in flight; it replaces a locking read of that row per create, which serialised a merchant's
   * creates.
   */
  <T> T writingUnderAVersion(java.util.function.Supplier<T> write) {
    versionsInUse.readLock().lock();
    try {
      return write.get();
    } finally {
      versionsInUse.readLock().unlock();
    }
  }

  /** Runs {@code destroy} once no write of {@link #writingUnderAVersion} is in flight. */
  public <T> T destroying(java.util.function.Supplier<T> destroy) {
    versionsInUse.writeLock().lock();
    try {
      return destroy.get();
    } finally {
      versionsInUse.writeLock().unlock();
    }
  }

  /**
   * The merchant's keys, made and stored on first use; for a merchant that does not exist, keys of
   * no one (nothing is stored under them, so every lookup with them finds nothing).
   */
  public MerchantKeys keys(String merchantId) {
    Loaded cached = loaded.get(merchantId);
    if (cached != null && System.nanoTime() - cached.atNanos() < MAX_AGE.toNanos()) {
      return cached.keys();
    }
    return reload(merchantId);
  }

  /** The merchant's keys as stored now, after a row named a version not loaded yet. */
  public MerchantKeys reload(String merchantId) {
    MerchantKeys keys =
        Sql.inTransaction(
            dataSource,
            "load merchant keys",
            c -> loadOrCreate(c, master, merchantId, Instant.now()));
    if (keys == null) {
      return unknownMerchant(merchantId);
    }
    loaded.put(merchantId, new Loaded(keys, System.nanoTime()));
    return keys;
  }

  /**
   * Re-wraps, in one transaction, every data key, index key and sealed secret the previous master
   * key wrapped, under the current one; answers how many. Opening each stored key on the way also
   * proves this node holds the master key the database needs.
   *
   * @throws io.clientele.vault.VaultException naming the master key a stored key needs when this
   *     node holds neither it nor its successor
   */
  public int rewrapUnderCurrentMaster() {
    return Sql.inTransaction(
        dataSource,
        "re-wrap keys under the master key",
        connection ->
            rewrap(
                    connection,
                    "merchant_keys",
                    "wrapped_key",
                    List.of("merchant_id", "version"),
                    rows -> dataKeyPlace(rows.getString(2), rows.getInt(3)))
                + rewrap(
                    connection,
                    "merchants",
                    "index_key",
                    List.of("id"),
                    rows -> indexKeyPlace(rows.getString(2)))
                + rewrap(
                    connection,
                    "credentials",
                    "sealed_secret",
                    List.of("id"),
                    rows -> rows.getString(2))
                + rewrap(
                    connection,
                    "webhooks",
                    "sealed_secret",
                    List.of("merchant_id", "id"),
                    rows -> JdbcWebhookStore.secretPlace(rows.getString(2), rows.getString(3))));
  }

  /** How a stored key's associated data is made from its row. */
  @FunctionalInterface
  private interface Place {
    String of(ResultSet rows) throws SQLException;
  }

  /**
   * Re-wraps under the current master key each {@code column} of {@code table} that another master
   * key wrapped, the row found again by its {@code keyColumns}; opens every one on the way. {@code
   * place} reads the associated data from a row of the value and then the key columns.
   */
  private int rewrap(
      Connection connection, String table, String column, List<String> keyColumns, Place place)
      throws SQLException {
    List<Object[]> rewrapped = new ArrayList<>();
    String select =
        "select "
            + column
            + ", "
            + String.join(", ", keyColumns)
            + " from "
            + table
            + " where "
            + column
            + " is not null";
    try (PreparedStatement statement = connection.prepareStatement(select);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String wrapped = rows.getString(1);
        String boundTo = place.of(rows);
        byte[] key = open(wrapped, boundTo, table, keyColumns, rows);
        if (!master.isCurrent(wrapped)) {
          Object[] row = new Object[keyColumns.size() + 1];
          row[0] = master.seal(key, boundTo);
          for (int i = 1; i < row.length; i++) {
            row[i] = rows.getObject(i + 1);
          }
          rewrapped.add(row);
        }
      }
    }
    String update =
        "update "
            + table
            + " set "
            + column
            + " = ? where "
            + String.join(" and ", keyColumns.stream().map(c -> c + " = ?").toList());
    try (PreparedStatement statement = connection.prepareStatement(update)) {
      for (Object[] row : rewrapped) {
        for (int i = 0; i < row.length; i++) {
          statement.setObject(i + 1, row[i]);
        }
        statement.addBatch();
      }
      statement.executeBatch();
    }
    return rewrapped.size();
  }

  /**
   * Opens a stored key; one that does not open under the key it names (altered, or copied from
   * another row) is reported with the table and row it is in, never its value.
   */
  private byte[] open(
      String wrapped, String boundTo, String table, List<String> keyColumns, ResultSet rows)
      throws SQLException {
    try {
      return master.open(wrapped, boundTo);
    } catch (MasterKeys.NotHeld e) {
      throw e;
    } catch (io.clientele.vault.VaultException e) {
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < keyColumns.size(); i++) {
        row.append(i == 0 ? "" : ", ")
            .append(keyColumns.get(i))
            .append(' ')
            .append(rows.getString(i + 2));
      }
      throw new io.clientele.vault.VaultException(
          "the key stored in " + table + " (" + row + ") does not open: " + e.getMessage(), e);
    }
  }

  /** Forgets what this node loaded, so the next use reads the keys again. */
  public void forget(String merchantId) {
    loaded.remove(merchantId);
  }

  /**
   * The merchant's keys read (or made, under the merchant's row lock) on {@code connection}, inside
   * its transaction; {@code null} when there is no such merchant.
   */
  static MerchantKeys loadOrCreate(
      Connection connection, MasterKeys master, String merchantId, Instant now)
      throws SQLException {
    MerchantKeys keys = load(connection, master, merchantId);
    if (keys != null || !Sql.lockMerchant(connection, merchantId)) {
      return keys;
    }
    keys = load(connection, master, merchantId);
    if (keys != null) {
      return keys;
    }
    byte[] indexKey = randomKey();
    byte[] dataKey = randomKey();
    try (PreparedStatement index = connection.prepareStatement(SET_INDEX_KEY);
        PreparedStatement version = connection.prepareStatement(ADD_VERSION)) {
      index.setString(1, master.seal(indexKey, indexKeyPlace(merchantId)));
      index.setString(2, merchantId);
      index.executeUpdate();
      version.setString(1, merchantId);
      version.setInt(2, 1);
      version.setString(3, master.seal(dataKey, dataKeyPlace(merchantId, 1)));
      Sql.setInstant(version, 4, now);
      version.executeUpdate();
    }
    return new MerchantKeys(merchantId, Map.of(1, dataKey), indexKey);
  }

  /** The stored keys, or {@code null} when the merchant has none yet (or does not exist). */
  private static MerchantKeys load(Connection connection, MasterKeys master, String merchantId)
      throws SQLException {
    String wrappedIndexKey = null;
    Map<Integer, byte[]> dataKeys = new TreeMap<>();
    try (PreparedStatement statement = connection.prepareStatement(LOAD)) {
      statement.setString(1, merchantId);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          wrappedIndexKey = rows.getString("index_key");
          String wrapped = rows.getString("wrapped_key");
          if (wrapped != null) {
            int version = rows.getInt("version");
            dataKeys.put(version, master.open(wrapped, dataKeyPlace(merchantId, version)));
          }
        }
      }
    }
    if (wrappedIndexKey == null || dataKeys.isEmpty()) {
      return null;
    }
    return new MerchantKeys(
        merchantId, dataKeys, master.open(wrappedIndexKey, indexKeyPlace(merchantId)));
  }

  /** Keys of no stored merchant, made for one lookup and forgotten. */
  private static MerchantKeys unknownMerchant(String merchantId) {
    return new MerchantKeys(merchantId, Map.of(1, randomKey()), randomKey());
  }

  static byte[] randomKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  /** The associated data a data key version is wrapped with. */
  static String dataKeyPlace(String merchantId, int version) {
    return "data key\0" + merchantId + "\0" + version;
  }

  static String indexKeyPlace(String merchantId) {
    return "index key\0" + merchantId;
  }
}
