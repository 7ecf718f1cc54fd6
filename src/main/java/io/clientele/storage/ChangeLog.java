package io.clientele.storage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.customer.Change;
import io.clientele.customer.HistoryEntry;
import io.clientele.vault.CustomerKey;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code customer_changes} table: appended to inside the transaction of every customer write.
 * Personal values live apart from the facts in {@code personal_values}, sealed under the customer's
 * own key (bound to the row's merchant, customer and version), so an erasure removes them with one
 * statement and keeps the rest, and destroying that key leaves any copy of them unreadable.
 */
final class ChangeLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The table and its columns in the order {@link #values} gives them. */
  static final String TABLE_AND_COLUMNS =
      """
      customer_changes (merchant_id, customer_id, version, at, kind, dialect,
        credential_id, request_id, fields, personal_values)""";

  private static final String INTO = "insert into " + TABLE_AND_COLUMNS;

  private static final String APPEND = INTO + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * The history row of a write, appended once per row the common table expression {@code write}
   * answers: zero when that write changed nothing. Bound by {@link #bind}.
   */
  static String appendPerRowOf(String write) {
    return INTO + " select ?, ?, ?, ?, ?, ?, ?, ?, ?, ? from " + write;
  }

  private static final String REDACT =
      """
      update customer_changes set personal_values = null
      where merchant_id = ? and customer_id = ?""";

  static final String READ =
      """
      select version, at, kind, dialect, credential_id, request_id, fields, personal_values
      from customer_changes where merchant_id = ? and customer_id = ? and version < ?
      order by version desc limit ?""";

  private ChangeLog() {}

  static void append(Connection connection, Change change, CustomerKey key) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(APPEND)) {
      bind(statement, 1, change, key);
      statement.executeUpdate();
    }
  }

  /** The history rows of many creates, sent as one batch. */
  static void appendAll(Connection connection, List<Change> changes, List<CustomerKey> keys)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(APPEND)) {
      for (int i = 0; i < changes.size(); i++) {
        bind(statement, 1, changes.get(i), keys.get(i));
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** Binds the history row of {@code change} from {@code index} on; answers the next free index. */
  static int bind(PreparedStatement statement, int index, Change change, CustomerKey key)
      throws SQLException {
    return Sql.bindAll(statement, index, values(change, key));
  }

  /**
   * The history row of {@code change}, in the order of {@link #TABLE_AND_COLUMNS}: the facts, the
   * changed fields (with old and new values for placement only) and the personal values apart,
   * sealed under {@code key}, the customer's.
   */
  static List<Object> values(Change change, CustomerKey key) {
    StringWriter fields = new StringWriter(256);
    StringWriter personal = new StringWriter(256);
    try (JsonGenerator named = JSON.createGenerator(fields);
        JsonGenerator values = JSON.createGenerator(personal)) {
      named.writeStartArray();
      values.writeStartObject();
      for (Change.FieldChange field : change.fields()) {
        named.writeStartObject();
        named.writeStringField("name", field.name());
        if (field.personal()) {
          values.writeArrayFieldStart(field.name());
          values.writeString(field.oldValue());
          values.writeString(field.newValue());
          values.writeEndArray();
        } else {
          named.writeStringField("old", field.oldValue());
          named.writeStringField("new", field.newValue());
        }
        named.writeEndObject();
      }
      named.writeEndArray();
      values.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string failed", e);
    }
    return java.util.Arrays.asList(
        change.after().merchantId(),
        change.after().id(),
        change.after().version(),
        change.after().updatedAt(),
        change.kind().name(),
        change.caller().dialect(),
        change.caller().credentialId(),
        change.caller().requestId(),
        fields.toString(),
        key.seal(
            personal.toString(),
            place(change.after().merchantId(), change.after().id(), change.after().version())));
  }

  /** Removes every personal value from a customer's history; the facts stay. */
  static void redact(Connection connection, String merchantId, String customerId)
      throws SQLException {
    Sql.update(connection, REDACT, merchantId, customerId);
  }

  /**
   * The customer's history, newest first; personal values opened with {@code key}, the customer's,
   * or shown as removed when the customer is erased ({@code null}).
   */
  static List<HistoryEntry> read(
      Connection connection,
      String merchantId,
      String customerId,
      int limit,
      long beforeVersion,
      CustomerKey key)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(READ)) {
      statement.setString(1, merchantId);
      statement.setString(2, customerId);
      statement.setLong(3, beforeVersion);
      statement.setInt(4, limit);
      List<HistoryEntry> entries = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          entries.add(entry(rows, merchantId, customerId, key));
        }
      }
      return entries;
    }
  }

  private static HistoryEntry entry(
      ResultSet rows, String merchantId, String customerId, CustomerKey key) throws SQLException {
    JsonNode fields = parse(rows.getString("fields"));
    byte[] sealed = rows.getBytes("personal_values");
    JsonNode personal =
        sealed == null || key == null
            ? null
            : parse(key.open(sealed, place(merchantId, customerId, rows.getLong("version"))));
    List<Change.FieldChange> changes = new ArrayList<>();
    for (JsonNode field : fields) {
      String name = field.get("name").textValue();
      if (field.has("old")) {
        changes.add(
            new Change.FieldChange(
                name, field.get("old").textValue(), field.get("new").textValue(), false));
      } else {
        JsonNode values = personal == null ? null : personal.get(name);
        changes.add(
            new Change.FieldChange(
                name,
                values == null ? null : values.get(0).textValue(),
                values == null ? null : values.get(1).textValue(),
                true));
      }
    }
    return new HistoryEntry(
        rows.getLong("version"),
        Sql.instant(rows, "at"),
        Change.Kind.valueOf(rows.getString("kind")),
        rows.getString("dialect"),
        rows.getString("credential_id"),
        rows.getString("request_id"),
        changes,
        personal == null);
  }

  /** The associated data of a history row's personal values. */
  static String place(String merchantId, String customerId, long version) {
    return "customer_changes\0" + merchantId + "\0" + customerId + "\0" + version;
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("customer_changes holds JSON it did not write", e);
    }
  }
}
