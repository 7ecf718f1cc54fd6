package io.clientele.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.customer.IdempotencyKey;
import io.clientele.vault.CustomerKey;
import io.clientele.vault.MerchantKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code idempotency_keys} table. A write made under a key claims it inside its own
 * transaction, before anything else ({@link #claim}), and names the customer and version it wrote
 * before it commits ({@link #settle}); the answer sent for it is recorded after the commit ({@link
 * #record}) and read back for every later request with the key ({@link #find}). Rows live at least
 * {@link #KEPT} and are swept by the nodes afterwards.
 */
public final class JdbcIdempotencyKeys {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcIdempotencyKeys.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long a key is honoured, at least; a node sweeps rows older than this. */
  public static final Duration KEPT = Duration.ofHours(24);

  /** The longest a node lets rows past {@link #KEPT} lie before it sweeps them. */
  static final Duration MOST_BETWEEN_SWEEPS = Duration.ofMinutes(1);

  private static final String KEY = "merchant_id = ? and dialect = ? and idempotency_key = ?";

  private static final String CLAIM =
      """
      insert into idempotency_keys
        (merchant_id, dialect, idempotency_key, fingerprint, created_at, customer_id, version)
      values (?, ?, ?, ?, ?, ?, ?)""";

  private static final String SETTLE =
      "update idempotency_keys set customer_id = ?, version = ? where " + KEY;

  private static final String RECORD =
      "update idempotency_keys set status = ?, headers = ?, body = ?, body_sealed = ? where "
          + KEY
          + " and status is null";

  private static final String CUSTOMER_KEY =
      "select customer_key from customers where merchant_id = ? and id = ?";

  private static final String FIND =
      """
      select i.fingerprint, i.created_at, i.customer_id, i.status, i.headers, i.body,
        i.body_sealed, c.customer_key
      from idempotency_keys i left join customers c
        on c.merchant_id = i.merchant_id and c.id = i.customer_id
      where i.merchant_id = ? and i.dialect = ? and i.idempotency_key = ?""";

  private static final String REDACT =
      "update idempotency_keys set body = null"
          + " where merchant_id = ? and customer_id = ? and body_sealed";

  private static final String SWEEP = "delete from idempotency_keys where created_at <= ?";

  private final DataSource dataSource;
  private final Keyring keyring;
  private final Clock clock;
  private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.MIN);

  public JdbcIdempotencyKeys(DataSource dataSource, Keyring keyring, Clock clock) {
    this.dataSource = dataSource;
    this.keyring = keyring;
    this.clock = clock;
  }

  /** The answer a write was given: its status, the headers that matter and its body. */
  public record Answer(int status, Map<String, String> headers, byte[] body) {
    public Answer {
      headers = Map.copyOf(headers);
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /** What is known of the request that first came with a key. */
  public sealed interface Prior {
    /** The fingerprint of that request. */
    byte[] fingerprint();
  }

  /** Its write committed and its answer was recorded. */
  public record Answered(byte[] fingerprint, Answer answer) implements Prior {}

  /**
   * Its write has not committed yet, or committed and its answer is not recorded yet (or never will
   * be: the node stopped in between); {@code since} is when the key was claimed.
   */
  public record Pending(byte[] fingerprint, Instant since) implements Prior {}

  /** Its answer held personal data of a customer since erased, and opens no more. */
  public record Erased(byte[] fingerprint) implements Prior {}

  /**
   * Claims {@code key} for the write about to be made in {@code connection}'s transaction; {@code
   * customerId} and {@code version} name what it writes when known now, else null and {@link
   * #settle} names them.
   *
   * @throws SQLException a unique violation when another write claimed the key first (PostgreSQL
   *     waits for that write's transaction to end; one that rolled back leaves the key free)
   */
  static void claim(
      Connection connection,
      String merchantId,
      IdempotencyKey key,
      Instant now,
      String customerId,
      Long version)
      throws SQLException {
    Sql.update(
        connection,
        CLAIM,
        merchantId,
        key.dialect(),
        key.key(),
        key.fingerprint(),
        now,
        customerId,
        version);
  }

  /** Names the customer and version a claimed key's write came to, in that write's transaction. */
  static void settle(
      Connection connection, String merchantId, IdempotencyKey key, String customerId, long version)
      throws SQLException {
    Sql.update(connection, SETTLE, customerId, version, merchantId, key.dialect(), key.key());
  }

  /**
   * Deletes the recorded answers holding the customer's personal data, in the transaction of its
   * erasure: they were sealed under its key, which the erasure destroys, and now they are gone too.
   * Their keys stay claimed; a retry with one is told its answer is gone.
   */
  static void redact(Connection connection, String merchantId, String customerId)
      throws SQLException {
    Sql.update(connection, REDACT, merchantId, customerId);
  }

  /**
   * Records the answer given to the write made under {@code key}, once. A body holding personal
   * data is sealed under the customer's own key; if the customer was erased meanwhile there is no
   * such key, and only the status is kept, so the answer is never given again.
   *
   * @param personal whether the body holds personal data of {@code customerId}
   */
  public void record(
      String merchantId, IdempotencyKey key, String customerId, Answer answer, boolean personal) {
    try (Connection connection = dataSource.getConnection()) {
      byte[] body = answer.body();
      if (personal) {
        Optional<CustomerKey> customerKey = customerKey(connection, merchantId, customerId);
        body =
            customerKey.isPresent()
                ? customerKey.get().sealBytes(body, boundTo(merchantId, key))
                : null;
      }
      try (PreparedStatement statement = connection.prepareStatement(RECORD)) {
        statement.setInt(1, answer.status());
        statement.setString(2, JSON.writeValueAsString(new LinkedHashMap<>(answer.headers())));
        statement.setBytes(3, body);
        statement.setBoolean(4, personal);
        statement.setString(5, merchantId);
        statement.setString(6, key.dialect());
        statement.setString(7, key.key());
        statement.executeUpdate();
      }
    } catch (SQLException e) {
      throw new StorageException("record idempotent answer", e);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("headers are not serialisable", e);
    }
  }

  /**
   * What is known of the request that first came with {@code key} (its dialect and key, the
   * fingerprint aside) to {@code merchantId}; empty when no request did, or so long ago that its
   * row was swept.
   */
  public Optional<Prior> find(String merchantId, IdempotencyKey key) {
    Instant now = clock.instant();
    sweepIfDue(now);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(FIND)) {
      statement.setString(1, merchantId);
      statement.setString(2, key.dialect());
      statement.setString(3, key.key());
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(prior(row, merchantId, key)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageException("find idempotency key", e);
    }
  }

  private Prior prior(ResultSet row, String merchantId, IdempotencyKey key) throws SQLException {
    byte[] fingerprint = row.getBytes("fingerprint");
    int status = row.getInt("status");
    if (row.wasNull()) {
      return new Pending(fingerprint, Sql.instant(row, "created_at"));
    }
    byte[] body = row.getBytes("body");
    if (row.getBoolean("body_sealed")) {
      byte[] wrapped = row.getBytes("customer_key");
      if (body == null || wrapped == null) {
        return new Erased(fingerprint);
      }
      String customerId = row.getString("customer_id");
      body = unwrap(merchantId, customerId, wrapped).openBytes(body, boundTo(merchantId, key));
    }
    Map<String, String> headers;
    try {
      headers = JSON.readValue(row.getString("headers"), new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored headers of an idempotency key are not JSON", e);
    }
    return new Answered(fingerprint, new Answer(status, headers, body));
  }

  private Optional<CustomerKey> customerKey(
      Connection connection, String merchantId, String customerId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(CUSTOMER_KEY)) {
      statement.setString(1, merchantId);
      statement.setString(2, customerId);
      try (ResultSet row = statement.executeQuery()) {
        byte[] wrapped = row.next() ? row.getBytes(1) : null;
        return wrapped == null
            ? Optional.empty()
            : Optional.of(unwrap(merchantId, customerId, wrapped));
      }
    }
  }

  private CustomerKey unwrap(String merchantId, String customerId, byte[] wrapped) {
    try {
      return keyring.keys(merchantId).unwrap(customerId, wrapped);
    } catch (MerchantKeys.UnknownVersion e) {
      return keyring.reload(merchantId).unwrap(customerId, wrapped);
    }
  }

  /** Binds a sealed answer to its merchant, dialect and key: it opens nowhere else. */
  private static String boundTo(String merchantId, IdempotencyKey key) {
    return "idempotency_keys/" + merchantId + "/" + key.dialect() + "/" + key.key();
  }

  /**
   * Sweeps rows past {@link #KEPT} at most once per {@link #MOST_BETWEEN_SWEEPS} on this node; a
   * request with a key pays for it. A failed sweep is left to the next one.
   */
  private void sweepIfDue(Instant now) {
    Instant last = lastSweep.get();
    if (now.isBefore(last.plus(MOST_BETWEEN_SWEEPS)) || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    try {
      sweep(now);
    } catch (StorageException e) {
      LOG.warn("sweeping idempotency keys older than {} failed: {}", KEPT, e.getMessage());
    }
  }

  /** Deletes the rows claimed {@link #KEPT} or longer before {@code now}; answers how many. */
  int sweep(Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SWEEP)) {
      Sql.setInstant(statement, 1, now.minus(KEPT));
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("sweep idempotency keys", e);
    }
  }
}
