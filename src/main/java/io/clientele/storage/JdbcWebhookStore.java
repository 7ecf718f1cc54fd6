package io.clientele.storage;

import io.clientele.merchant.SecretSealer;
import io.clientele.vault.CustomerKey;
import io.clientele.vault.MerchantKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Merchants' webhook endpoints and the outbox {@link Outbox} fills: registration, the operator's
 * view of each endpoint's deliveries, and the dispatcher's claims and results. A claim moves the
 * row's {@code next_attempt_at} to the end of a lease, guarded by the value it read, so of several
 * nodes exactly one sends an attempt, and an attempt cut by a crash is sent again once its lease
 * ends. A result is written only by the holder of the lease it names.
 */
public final class JdbcWebhookStore {
  /** An endpoint as the operator sees it: never its secret. */
  public record Webhook(String merchantId, String id, String url, Instant createdAt) {}

  /** One event's delivery to one endpoint, as the operator sees it. */
  public record Delivery(
      String eventId,
      String type,
      String customerId,
      long version,
      Instant createdAt,
      String state,
      int attempts,
      Integer lastStatus,
      String lastError,
      Instant nextAttemptAt,
      Instant deliveredAt) {}

  /** Where a page of deliveries starts: after this event, newest first. */
  public record After(Instant createdAt, String eventId) {}

  /**
   * A delivery claimed for one attempt until {@code lease}: its endpoint, secret and event; {@code
   * data} is the event's opened JSON, or {@code null} for a deleted event or one whose customer was
   * erased since.
   */
  public record Claimed(
      String merchantId,
      String webhookId,
      String eventId,
      String url,
      String secret,
      String type,
      String customerId,
      long version,
      Instant createdAt,
      byte[] data,
      int attempts,
      Instant lease) {
    @Override
    public String toString() {
      return "Claimed[" + merchantId + ", " + webhookId + ", " + eventId + "]";
    }
  }

  private static final String ADD =
      """
      insert into webhooks (merchant_id, id, url, sealed_secret, created_at)
      values (?, ?, ?, ?, ?)""";

  private static final String LIVE =
      """
      select merchant_id, id, url, created_at from webhooks
      where merchant_id = ? and removed_at is null""";

  private static final String REMOVE =
      """
      update webhooks set removed_at = ?
      where merchant_id = ? and id = ? and removed_at is null""";

  private static final String DELIVERY_COLUMNS =
      """
      event_id, type, customer_id, version, created_at, state, attempts, last_status, last_error,
      next_attempt_at, delivered_at""";

  private static final String PAGE =
      "select "
          + DELIVERY_COLUMNS
          + """
           from webhook_deliveries
          where merchant_id = ? and webhook_id = ?
            and (created_at < ? or (created_at = ? and event_id < ?))
          order by created_at desc, event_id desc limit ?""";

  private static final String ONE =
      "select "
          + DELIVERY_COLUMNS
          + " from webhook_deliveries where merchant_id = ? and webhook_id = ? and event_id = ?";

  private static final String REPLAY =
      """
      update webhook_deliveries set state = 'PENDING', attempts = 0, next_attempt_at = ?
      where merchant_id = ? and webhook_id = ? and event_id = ?""";

  /**
   * Deliveries due, each the oldest undecided one of its customer at its endpoint, so a customer's
   * events reach an endpoint in version order.
   */
  private static final String DUE =
      """
      select d.merchant_id, d.webhook_id, d.event_id, d.next_attempt_at
      from webhook_deliveries d
      join webhooks w on w.merchant_id = d.merchant_id and w.id = d.webhook_id
      where d.state = 'PENDING' and d.next_attempt_at <= ? and w.removed_at is null
        and not exists (
          select 1 from webhook_deliveries e
          where e.merchant_id = d.merchant_id and e.webhook_id = d.webhook_id
            and e.customer_id = d.customer_id and e.state = 'PENDING' and e.version < d.version)
      order by d.next_attempt_at limit ?""";

  private static final String CLAIM =
      """
      update webhook_deliveries set next_attempt_at = ?, attempts = attempts + 1
      where merchant_id = ? and webhook_id = ? and event_id = ?
        and state = 'PENDING' and next_attempt_at = ?""";

  private static final String CLAIMED =
      """
      select d.customer_id, d.version, d.type, d.created_at, d.data, d.attempts,
        w.url, w.sealed_secret, c.customer_key
      from webhook_deliveries d
      join webhooks w on w.merchant_id = d.merchant_id and w.id = d.webhook_id
      left join customers c on c.merchant_id = d.merchant_id and c.id = d.customer_id
      where d.merchant_id = ? and d.webhook_id = ? and d.event_id = ?""";

  private static final String DELIVERED =
      """
      update webhook_deliveries
      set state = 'DELIVERED', delivered_at = ?, last_status = ?, last_error = null
      where merchant_id = ? and webhook_id = ? and event_id = ?
        and state = 'PENDING' and next_attempt_at = ?""";

  private static final String FAILED =
      """
      update webhook_deliveries
      set state = ?, next_attempt_at = ?, last_status = ?, last_error = ?
      where merchant_id = ? and webhook_id = ? and event_id = ?
        and state = 'PENDING' and next_attempt_at = ?""";

  private static final String RELEASE =
      """
      update webhook_deliveries set next_attempt_at = ?
      where merchant_id = ? and webhook_id = ? and event_id = ?
        and state = 'PENDING' and next_attempt_at = ?""";

  private final DataSource dataSource;
  private final Keyring keyring;
  private final SecretSealer sealer;

  public JdbcWebhookStore(DataSource dataSource, Keyring keyring, SecretSealer sealer) {
    this.dataSource = dataSource;
    this.keyring = keyring;
    this.sealer = sealer;
  }

  /** The associated data an endpoint's secret is sealed with. */
  static String secretPlace(String merchantId, String webhookId) {
    return "webhooks\0" + merchantId + "\0" + webhookId;
  }

  /** Registers an endpoint; its secret is stored sealed under the master key. */
  public Webhook add(String merchantId, String id, String url, String secret, Instant at) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(ADD)) {
      statement.setString(1, merchantId);
      statement.setString(2, id);
      statement.setString(3, url);
      statement.setString(4, sealer.seal(secret, secretPlace(merchantId, id)));
      Sql.setInstant(statement, 5, at);
      statement.executeUpdate();
      return new Webhook(merchantId, id, url, at);
    } catch (SQLException e) {
      throw new StorageException("add webhook", e);
    }
  }

  /** The merchant's live endpoints, oldest first. */
  public List<Webhook> list(String merchantId) {
    return live(merchantId, " order by created_at, id", null);
  }

  public Optional<Webhook> find(String merchantId, String webhookId) {
    return live(merchantId, " and id = ?", webhookId).stream().findFirst();
  }

  private List<Webhook> live(String merchantId, String rest, String webhookId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(LIVE + rest)) {
      statement.setString(1, merchantId);
      if (webhookId != null) {
        statement.setString(2, webhookId);
      }
      List<Webhook> found = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.add(
              new Webhook(
                  rows.getString("merchant_id"),
                  rows.getString("id"),
                  rows.getString("url"),
                  Sql.instant(rows, "created_at")));
        }
      }
      return found;
    } catch (SQLException e) {
      throw new StorageException("read webhooks", e);
    }
  }

  /**
   * Removes a live endpoint: no event is written for it any more, and none of its undelivered ones
   * is sent; answers whether there was one.
   */
  public boolean remove(String merchantId, String webhookId, Instant at) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(REMOVE)) {
      Sql.setInstant(statement, 1, at);
      statement.setString(2, merchantId);
      statement.setString(3, webhookId);
      return statement.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StorageException("remove webhook", e);
    }
  }

  /** A page of an endpoint's deliveries, newest first, after {@code after} (or from the newest). */
  public List<Delivery> deliveries(
      String merchantId, String webhookId, Optional<After> after, int limit) {
    After from = after.orElse(new After(Instant.parse("9999-12-31T00:00:00Z"), ""));
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(PAGE)) {
      statement.setString(1, merchantId);
      statement.setString(2, webhookId);
      Sql.setInstant(statement, 3, from.createdAt());
      Sql.setInstant(statement, 4, from.createdAt());
      statement.setString(5, from.eventId());
      statement.setInt(6, limit);
      List<Delivery> page = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          page.add(delivery(rows));
        }
      }
      return page;
    } catch (SQLException e) {
      throw new StorageException("read webhook deliveries", e);
    }
  }

  /**
   * Makes an event due again now at its endpoint, with a fresh count of attempts, whatever became
   * of it; answers it as it now stands, or empty when the endpoint never had it.
   */
  public Optional<Delivery> replay(
      String merchantId, String webhookId, String eventId, Instant at) {
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement statement = connection.prepareStatement(REPLAY)) {
        Sql.setInstant(statement, 1, at);
        statement.setString(2, merchantId);
        statement.setString(3, webhookId);
        statement.setString(4, eventId);
        if (statement.executeUpdate() == 0) {
          return Optional.empty();
        }
      }
      try (PreparedStatement statement = connection.prepareStatement(ONE)) {
        statement.setString(1, merchantId);
        statement.setString(2, webhookId);
        statement.setString(3, eventId);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() ? Optional.of(delivery(rows)) : Optional.empty();
        }
      }
    } catch (SQLException e) {
      throw new StorageException("replay webhook delivery", e);
    }
  }

  private static Delivery delivery(ResultSet rows) throws SQLException {
    int status = rows.getInt("last_status");
    Integer lastStatus = rows.wasNull() ? null : status;
    return new Delivery(
        rows.getString("event_id"),
        rows.getString("type"),
        rows.getString("customer_id"),
        rows.getLong("version"),
        Sql.instant(rows, "created_at"),
        rows.getString("state"),
        rows.getInt("attempts"),
        lastStatus,
        rows.getString("last_error"),
        Sql.instant(rows, "next_attempt_at"),
        Sql.instant(rows, "delivered_at"));
  }

  /**
   * Claims up to {@code max} due deliveries until {@code lease}, each counted as an attempt; a
   * delivery another node claimed meanwhile is left to it.
   */
  public List<Claimed> claim(Instant now, Instant lease, int max) {
    try (Connection connection = dataSource.getConnection()) {
      List<Claimed> claimed = new ArrayList<>();
      for (Due due : due(connection, now, max)) {
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
          Sql.setInstant(statement, 1, lease);
          Sql.bindAll(
              statement,
              2,
              List.of(due.merchantId(), due.webhookId(), due.eventId(), due.nextAttemptAt()));
          if (statement.executeUpdate() == 1) {
            read(connection, due.merchantId(), due.webhookId(), due.eventId(), lease)
                .ifPresent(claimed::add);
          }
        }
      }
      return claimed;
    } catch (SQLException e) {
      throw new StorageException("claim webhook deliveries", e);
    }
  }

  /** A due delivery's key and the {@code next_attempt_at} its claim is guarded by. */
  private record Due(String merchantId, String webhookId, String eventId, Instant nextAttemptAt) {}

  private static List<Due> due(Connection connection, Instant now, int max) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(DUE)) {
      Sql.setInstant(statement, 1, now);
      statement.setInt(2, max);
      List<Due> due = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          due.add(
              new Due(
                  rows.getString("merchant_id"),
                  rows.getString("webhook_id"),
                  rows.getString("event_id"),
                  Sql.instant(rows, "next_attempt_at")));
        }
      }
      return due;
    }
  }

  /** A claimed delivery, read after its claim, so an erasure before it leaves no data to send. */
  private Optional<Claimed> read(
      Connection connection, String merchantId, String webhookId, String eventId, Instant lease)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(CLAIMED)) {
      statement.setString(1, merchantId);
      statement.setString(2, webhookId);
      statement.setString(3, eventId);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        String customerId = rows.getString("customer_id");
        byte[] sealed = rows.getBytes("data");
        byte[] wrapped = rows.getBytes("customer_key");
        byte[] data =
            sealed == null || wrapped == null
                ? null
                : customerKey(merchantId, customerId, wrapped)
                    .openBytes(sealed, Outbox.place(merchantId, customerId, eventId));
        return Optional.of(
            new Claimed(
                merchantId,
                webhookId,
                eventId,
                rows.getString("url"),
                sealer.open(rows.getString("sealed_secret"), secretPlace(merchantId, webhookId)),
                rows.getString("type"),
                customerId,
                rows.getLong("version"),
                Sql.instant(rows, "created_at"),
                data,
                rows.getInt("attempts"),
                lease));
      }
    }
  }

  private CustomerKey customerKey(String merchantId, String customerId, byte[] wrapped) {
    try {
      return keyring.keys(merchantId).unwrap(customerId, wrapped);
    } catch (MerchantKeys.UnknownVersion e) {
      return keyring.reload(merchantId).unwrap(customerId, wrapped);
    }
  }

  /** Records a delivery answered with a 2xx; nothing if its lease was lost meanwhile. */
  public void delivered(Claimed claimed, int status, Instant at) {
    update(DELIVERED, claimed, List.of(at, status));
  }

  /**
   * Records a failed attempt: due again at {@code retryAt}, or given up ({@code failed}) when that
   * is empty; nothing if its lease was lost meanwhile.
   */
  public void failed(
      Claimed claimed, Integer status, String error, Optional<Instant> retryAt, Instant now) {
    List<Object> values = new ArrayList<>();
    values.add(retryAt.isPresent() ? "PENDING" : "FAILED");
    values.add(retryAt.orElse(now));
    values.add(status);
    values.add(error);
    update(FAILED, claimed, values);
  }

  /** Gives a claimed delivery back, due at once, when its attempt was cut by a shutdown. */
  public void release(Claimed claimed, Instant now) {
    update(RELEASE, claimed, List.of(now));
  }

  private void update(String sql, Claimed claimed, List<Object> values) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      int i = Sql.bindAll(statement, 1, values);
      Sql.bindAll(
          statement,
          i,
          List.of(claimed.merchantId(), claimed.webhookId(), claimed.eventId(), claimed.lease()));
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("record webhook delivery", e);
    }
  }
}
