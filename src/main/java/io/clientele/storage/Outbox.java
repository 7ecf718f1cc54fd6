package io.clientele.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.customer.Change;
import io.clientele.customer.Customer;
import io.clientele.merchant.Secrets;
import io.clientele.vault.CustomerKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The webhook outbox, written inside every customer write: one {@code webhook_deliveries} row per
 * endpoint the merchant has live when the write commits, none when it has none. A created or
 * updated event's data is sealed under the customer's own key, so an erasure that destroys the key
 * leaves no readable copy; a deleted event carries no personal data and nothing sealed.
 */
final class Outbox {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a store writes as an event's data when nothing better was given: no personal data. */
  static final Function<Customer, Map<String, Object>> IDS_ONLY =
      c -> Map.of("id", c.id(), "version", c.version());

  private static final String COLUMNS =
      """
      webhook_deliveries (merchant_id, webhook_id, event_id, customer_id, version, type,
        created_at, data, state, attempts, next_attempt_at)""";

  /** The row of each live endpoint; placeholders bound by {@link #bind}. */
  private static final String SELECT =
      """
      select w.merchant_id, w.id, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ? from %s
      where w.merchant_id = ? and w.removed_at is null""";

  private static final String APPEND =
      "insert into " + COLUMNS + " " + SELECT.formatted("webhooks w");

  private static final String REDACT =
      "update webhook_deliveries set data = null where merchant_id = ? and customer_id = ?";

  private static final String HAS_ENDPOINT =
      "select 1 from webhooks where merchant_id = ? and removed_at is null";

  private Outbox() {}

  /**
   * A common table expression named {@code name} that inserts the events of the one row the
   * expression {@code write} answers (none when that write changed nothing), for PostgreSQL's
   * one-statement writes. Bound by {@link #bind}.
   */
  static String appendPerRowOf(String name, String write) {
    return name
        + " as (insert into "
        + COLUMNS
        + " "
        + SELECT.formatted(write + " cross join webhooks w")
        + ")";
  }

  static void append(
      Connection connection, Change change, CustomerKey key, Function<Customer, ?> data)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(APPEND)) {
      bind(statement, 1, change, key, data);
      statement.executeUpdate();
    }
  }

  /**
   * The events of many creates, as one batch, unless the merchant has no live endpoint; an import
   * then sends no statement per row.
   */
  static void appendAll(
      Connection connection,
      List<Change> changes,
      List<CustomerKey> keys,
      Function<Customer, ?> data)
      throws SQLException {
    try (PreparedStatement endpoint = connection.prepareStatement(HAS_ENDPOINT)) {
      endpoint.setString(1, changes.get(0).after().merchantId());
      try (var rows = endpoint.executeQuery()) {
        if (!rows.next()) {
          return;
        }
      }
    }
    try (PreparedStatement statement = connection.prepareStatement(APPEND)) {
      for (int i = 0; i < changes.size(); i++) {
        bind(statement, 1, changes.get(i), keys.get(i), data);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** Binds the events of {@code change} from {@code index} on; answers the next free index. */
  static int bind(
      PreparedStatement statement,
      int index,
      Change change,
      CustomerKey key,
      Function<Customer, ?> data)
      throws SQLException {
    Customer after = change.after();
    String eventId = newEventId();
    int i = index;
    statement.setString(i++, eventId);
    statement.setString(i++, after.id());
    statement.setLong(i++, after.version());
    statement.setString(i++, type(change.kind()));
    Sql.setInstant(statement, i++, after.updatedAt());
    if (after.isActive()) {
      statement.setBytes(i++, key.sealBytes(json(data.apply(after)), place(after, eventId)));
    } else {
      statement.setNull(i++, Types.VARBINARY);
    }
    Sql.setInstant(statement, i++, after.updatedAt());
    statement.setString(i++, after.merchantId());
    return i;
  }

  /** Removes the data of every event of an erased customer, delivered or not. */
  static void redact(Connection connection, String merchantId, String customerId)
      throws SQLException {
    Sql.update(connection, REDACT, merchantId, customerId);
  }

  /** The event type of a change, as receivers see it. */
  static String type(Change.Kind kind) {
    return switch (kind) {
      case CREATE -> "customer.created";
      case CHANGE -> "customer.updated";
      case ERASE -> "customer.deleted";
    };
  }

  static String newEventId() {
    return "evt_" + Secrets.lowerHex(12);
  }

  /** The associated data of an event's sealed data: its merchant, customer and event. */
  static String place(Customer c, String eventId) {
    return place(c.merchantId(), c.id(), eventId);
  }

  static String place(String merchantId, String customerId, String eventId) {
    return "webhook_deliveries\0" + merchantId + "\0" + customerId + "\0" + eventId;
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event's data does not serialise as JSON", e);
    }
  }
}
