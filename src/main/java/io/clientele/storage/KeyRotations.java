package io.clientele.storage;

import io.clientele.vault.CustomerKey;
import io.clientele.vault.MerchantKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotation of a merchant's data key: a new version wraps new customers' keys at once, and a
 * background task re-wraps every existing customer's key under it, batch by batch, each batch one
 * transaction that also moves the rotation's cursor in {@code key_rotations}, so a rotation stopped
 * by a crash resumes where it stopped, on any node. When no customer's key names an older version,
 * the older versions are destroyed: whatever was wrapped under them (a copy of an erased customer's
 * key in an old database page or a backup) then opens under nothing.
 */
public final class KeyRotations implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyRotations.class);

  /** Customers re-wrapped per transaction. */
  static final int BATCH = 500;

  /** The pause between batches, which leaves the database to the requests being served. */
  private static final Duration PAUSE = Duration.ofMillis(10);

  private static final Duration RETRY = Duration.ofSeconds(1);

  private static final String LATEST =
      """
      select to_version, rewrapped, total, started_at, finished_at from key_rotations
      where merchant_id = ? order by to_version desc limit 1""";

  private static final String VERSIONS =
      "select version from merchant_keys where merchant_id = ? order by version";

  private static final String CLAIM =
      """
      select to_version, after_id from key_rotations
      where merchant_id = ? and finished_at is null for update skip locked""";

  private static final String BATCH_OF_CUSTOMERS =
      """
      select id, customer_key, key_version from customers
      where merchant_id = ? and id > ? and customer_key is not null
      order by id limit ?""";

  /**
   * Re-wraps one customer's key only if it is still the one read: an erasure (which removes it)
   * meanwhile wins, and no row is locked between the read and the write. H2 would lock every row a
   * {@code select … order by … limit … for update} reads after the cursor, not only those it
   * returns.
   */
  private static final String REWRAP =
      """
      update customers set customer_key = ?, key_version = ?
      where merchant_id = ? and id = ? and customer_key = ?""";

  private static final String ADVANCE =
      """
      update key_rotations set after_id = ?, rewrapped = rewrapped + ?
      where merchant_id = ? and to_version = ?""";

  private static final String LEFT_BEHIND =
      "select count(*) from customers where merchant_id = ? and key_version < ?";

  private static final String DESTROY_OLDER =
      "delete from merchant_keys where merchant_id = ? and version < ?";

  private static final String FINISH =
      "update key_rotations set finished_at = ? where merchant_id = ? and to_version = ?";

  private final DataSource dataSource;
  private final Keyring keyring;
  private final Clock clock;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "clientele-key-rotation");
            thread.setDaemon(true);
            return thread;
          });
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public KeyRotations(DataSource dataSource, Keyring keyring, Clock clock) {
    this.dataSource = dataSource;
    this.keyring = keyring;
    this.clock = clock;
  }

  /** A merchant's data key versions and its latest rotation, if it ever rotated. */
  public record Status(
      String merchantId,
      int currentVersion,
      List<Integer> versions,
      String masterKeyId,
      Optional<Rotation> rotation) {}

  /**
   * A rotation to {@code toVersion}: how many of the {@code total} customers live when it started
   * are re-wrapped; finished when nothing names an older version and those are destroyed.
   */
  public record Rotation(
      int toVersion, long rewrapped, long total, Instant startedAt, Optional<Instant> finishedAt) {
    public boolean finished() {
      return finishedAt.isPresent();
    }
  }

  /** What a request to rotate did: started a new rotation, or found one running. */
  public record Started(boolean started, Status status) {}

  public Status status(String merchantId) {
    keyring.keys(merchantId); // makes the merchant's keys if it has none yet
    return Sql.inTransaction(dataSource, "read key rotation", c -> status(c, merchantId));
  }

  /**
   * Adds a data key version and starts re-wrapping under it in the background, unless a rotation is
   * running already, which is then resumed on this node if no node is working on it.
   */
  public Started start(String merchantId) {
    keyring.keys(merchantId);
    boolean started =
        Sql.inTransaction(
            dataSource,
            "start key rotation",
            connection -> {
              Sql.lockMerchant(connection, merchantId);
              Optional<Rotation> latest = latest(connection, merchantId);
              if (latest.isPresent() && !latest.get().finished()) {
                return false;
              }
              List<Integer> versions = versions(connection, merchantId);
              int next = versions.get(versions.size() - 1) + 1;
              try (PreparedStatement add = connection.prepareStatement(Keyring.ADD_VERSION);
                  PreparedStatement rotation =
                      connection.prepareStatement(
                          """
                          insert into key_rotations (merchant_id, to_version, after_id, rewrapped,
                            total, started_at)
                          values (?, ?, '', 0,
                            (select count(*) from customers where merchant_id = ? and status = 'ACTIVE'),
                            ?)""")) {
                byte[] key = Keyring.randomKey();
                add.setString(1, merchantId);
                add.setInt(2, next);
                add.setString(
                    3, keyring.master().seal(key, Keyring.dataKeyPlace(merchantId, next)));
                Sql.setInstant(add, 4, clock.instant());
                add.executeUpdate();
                rotation.setString(1, merchantId);
                rotation.setInt(2, next);
                rotation.setString(3, merchantId);
                Sql.setInstant(rotation, 4, clock.instant());
                rotation.executeUpdate();
              }
              return true;
            });
    keyring.forget(merchantId);
    runInBackground(merchantId);
    return new Started(started, status(merchantId));
  }

  /** Resumes, on this node, every rotation a stopped node left unfinished. */
  public void resumeUnfinished() {
    List<String> merchants =
        Sql.inTransaction(
            dataSource,
            "find unfinished key rotations",
            connection -> {
              List<String> found = new ArrayList<>();
              try (PreparedStatement statement =
                      connection.prepareStatement(
                          "select merchant_id from key_rotations where finished_at is null");
                  ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                  found.add(rows.getString(1));
                }
              }
              return found;
            });
    merchants.forEach(this::runInBackground);
  }

  private void runInBackground(String merchantId) {
    if (closed || !running.add(merchantId)) {
      return;
    }
    worker.execute(
        () -> {
          try {
            runToTheEnd(merchantId);
          } finally {
            running.remove(merchantId);
          }
        });
  }

  private void runToTheEnd(String merchantId) {
    while (!closed) {
      try {
        Step step = step(merchantId);
        if (step == Step.FINISHED || step == Step.NONE) {
          return;
        }
        Thread.sleep(step == Step.BUSY ? RETRY.toMillis() : PAUSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn(
            "key rotation of merchant {} stopped a batch, and retries in {}: {}",
            merchantId,
            RETRY,
            e.getMessage());
        try {
          Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** What one step of a rotation came to. */
  enum Step {
    /** A batch re-wrapped; more may follow. */
    ADVANCED,
    /** Nothing names an older version any more, and those are destroyed. */
    FINISHED,
    /** Another node holds the rotation's row: it is doing the work. */
    BUSY,
    /** The merchant has no unfinished rotation. */
    NONE,
    /** Every customer is re-wrapped: the older versions can be destroyed (never answered). */
    DESTROYABLE
  }

  /** Re-wraps one batch of the merchant's unfinished rotation, in one transaction. */
  Step step(String merchantId) {
    MerchantKeys keys = keyring.reload(merchantId);
    try {
      Step step = Sql.inTransaction(dataSource, "rotate keys", c -> step(c, merchantId, keys));
      return step == Step.DESTROYABLE ? destroyOlder(merchantId) : step;
    } catch (StorageException e) {
      if (Sql.isForeignKeyViolation(e.getCause())) {
        return Step.ADVANCED;
      }
      throw e;
    }
  }

  private Step step(Connection connection, String merchantId, MerchantKeys keys)
      throws SQLException {
    Claimed claimed = claim(connection, merchantId);
    if (claimed == null) {
      return latest(connection, merchantId).filter(r -> !r.finished()).isPresent()
          ? Step.BUSY
          : Step.NONE;
    }
    int toVersion = claimed.toVersion();
    String afterId = claimed.afterId();
    if (keys.currentVersion() != toVersion) {
      throw new IllegalStateException(
          "merchant "
              + merchantId
              + " rotates to version "
              + toVersion
              + " but its newest is "
              + keys.currentVersion());
    }
    List<Wrapped> batch = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(BATCH_OF_CUSTOMERS)) {
      select.setString(1, merchantId);
      select.setString(2, afterId);
      select.setInt(3, BATCH);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          batch.add(
              new Wrapped(
                  rows.getString("id"), rows.getBytes("customer_key"), rows.getInt("key_version")));
        }
      }
    }
    int rewrapped = 0;
    try (PreparedStatement rewrap = connection.prepareStatement(REWRAP)) {
      for (Wrapped row : batch) {
        if (row.version() >= toVersion) {
          continue;
        }
        CustomerKey key = keys.unwrap(row.id(), row.key());
        rewrap.setBytes(1, keys.wrap(row.id(), key));
        rewrap.setInt(2, toVersion);
        rewrap.setString(3, merchantId);
        rewrap.setString(4, row.id());
        rewrap.setBytes(5, row.key());
        rewrap.addBatch();
      }
      for (int count : rewrap.executeBatch()) {
        rewrapped += Math.max(count, 0);
      }
    }
    String last = batch.isEmpty() ? afterId : batch.get(batch.size() - 1).id();
    if (batch.size() == BATCH) {
      advance(connection, merchantId, toVersion, last, rewrapped);
      return Step.ADVANCED;
    }
    if (leftBehind(connection, merchantId, toVersion)) {
      advance(connection, merchantId, toVersion, "", rewrapped);
      return Step.ADVANCED;
    }
    advance(connection, merchantId, toVersion, last, rewrapped);
    return Step.DESTROYABLE;
  }

  /**
   * Destroys the versions older than the rotation's, in a transaction of its own begun once no
   * write in this process is storing a customer under a version ({@link Keyring#destroying}), and
   * finishes the rotation; or, when a customer still names an older version (a write that finished
   * meanwhile), sends the rotation round once more.
   */
  private Step destroyOlder(String merchantId) {
    return keyring.destroying(
        () ->
            Sql.inTransaction(
                dataSource,
                "destroy older key versions",
                connection -> {
                  Claimed claimed = claim(connection, merchantId);
                  if (claimed == null) {
                    return Step.BUSY;
                  }
                  int toVersion = claimed.toVersion();
                  if (leftBehind(connection, merchantId, toVersion)) {
                    advance(connection, merchantId, toVersion, "", 0);
                    return Step.ADVANCED;
                  }
                  try (PreparedStatement destroy = connection.prepareStatement(DESTROY_OLDER);
                      PreparedStatement finish = connection.prepareStatement(FINISH)) {
                    destroy.setString(1, merchantId);
                    destroy.setInt(2, toVersion);
                    destroy.executeUpdate();
                    Sql.setInstant(finish, 1, clock.instant());
                    finish.setString(2, merchantId);
                    finish.setInt(3, toVersion);
                    finish.executeUpdate();
                  }
                  return Step.FINISHED;
                }));
  }

  /** An unfinished rotation whose row this transaction holds: where it goes and its cursor. */
  private record Claimed(int toVersion, String afterId) {}

  /**
   * The merchant's unfinished rotation, its row locked; null when there is none or another node
   * holds it.
   */
  private static Claimed claim(Connection connection, String merchantId) throws SQLException {
    try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
      claim.setString(1, merchantId);
      try (ResultSet rows = claim.executeQuery()) {
        return rows.next()
            ? new Claimed(rows.getInt("to_version"), rows.getString("after_id"))
            : null;
      }
    }
  }

  private static void advance(
      Connection connection, String merchantId, int toVersion, String afterId, int rewrapped)
      throws SQLException {
    try (PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
      advance.setString(1, afterId);
      advance.setInt(2, rewrapped);
      advance.setString(3, merchantId);
      advance.setInt(4, toVersion);
      advance.executeUpdate();
    }
  }

  /**
   * Whether a customer still names an older version: one written by a node that had not yet loaded
   * the new version, behind the cursor; the rotation then makes another pass.
   */
  private static boolean leftBehind(Connection connection, String merchantId, int toVersion)
      throws SQLException {
    try (PreparedStatement count = connection.prepareStatement(LEFT_BEHIND)) {
      count.setString(1, merchantId);
      count.setInt(2, toVersion);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getLong(1) > 0;
      }
    }
  }

  /**
   * The rotation is read before the versions: a rotation's last transaction destroys the older
   * versions and marks it finished at once, so one read finished is never shown beside versions
   * read before that commit (each statement sees what was committed when it ran).
   */
  private Status status(Connection connection, String merchantId) throws SQLException {
    Optional<Rotation> rotation = latest(connection, merchantId);
    List<Integer> versions = versions(connection, merchantId);
    return new Status(
        merchantId,
        versions.get(versions.size() - 1),
        versions,
        keyring.master().currentId(),
        rotation);
  }

  private static List<Integer> versions(Connection connection, String merchantId)
      throws SQLException {
    List<Integer> versions = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(VERSIONS)) {
      statement.setString(1, merchantId);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          versions.add(rows.getInt(1));
        }
      }
    }
    return versions;
  }

  private static Optional<Rotation> latest(Connection connection, String merchantId)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(LATEST)) {
      statement.setString(1, merchantId);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Rotation(
                rows.getInt("to_version"),
                rows.getLong("rewrapped"),
                rows.getLong("total"),
                Sql.instant(rows, "started_at"),
                Optional.ofNullable(Sql.instant(rows, "finished_at"))));
      }
    }
  }

  /** Stops the background work after its current batch; an unfinished rotation resumes later. */
  @Override
  public void close() {
    closed = true;
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A customer's key as stored: wrapped under the data key {@code version}. */
  private record Wrapped(String id, byte[] key, int version) {}
}
