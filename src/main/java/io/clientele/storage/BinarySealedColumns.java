package io.clientele.storage;

import io.clientele.vault.TextForms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration 13: the sealed values, wrapped customer keys and blind indexes of customers and their
 * history become binary columns, holding the bytes their text forms (V10-V12) spelled in base64url.
 * H2 writes a text column one varint per character at every commit: with the sealed values a third
 * longer as text than as bytes, that made an H2 create cost a fifth more CPU (bench/vault.sh). Each
 * column is added binary beside the text one, filled row by row in batches, and put in its place;
 * the constraints and indexes of V12 are made again over the binary columns. Nothing is opened or
 * re-sealed: the bytes are the same, so no key is needed.
 */
final class BinarySealedColumns extends NumberedMigration {
  private static final int BATCH = 500;

  /** A text column and what turns its text into the bytes it will hold. */
  private record Column(String name, Function<String, byte[]> bytes) {}

  private static final List<Column> CUSTOMER_COLUMNS =
      List.of(
          new Column("reference_key", TextForms::index),
          new Column("personal", TextForms::envelope),
          new Column("email_key", TextForms::index),
          new Column("phone_key", TextForms::index),
          new Column("customer_key", TextForms::envelope));

  private static final List<Column> HISTORY_COLUMNS =
      List.of(new Column("personal_values", TextForms::envelope));

  BinarySealedColumns() {
    super("13", "binary sealed columns");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("alter table customers drop constraint customers_reference_unique");
      ddl.execute("alter table customers drop constraint customers_sealed_check");
      ddl.execute("drop index customers_email_key");
      ddl.execute("drop index customers_phone_key");
    }
    convert(connection, "customers", List.of("merchant_id", "id"), CUSTOMER_COLUMNS);
    convert(
        connection,
        "customer_changes",
        List.of("merchant_id", "customer_id", "version"),
        HISTORY_COLUMNS);
    try (Statement ddl = connection.createStatement()) {
      ddl.execute(
          "alter table customers add constraint customers_reference_unique"
              + " unique (merchant_id, reference_key)");
      ddl.execute(
          """
          alter table customers add constraint customers_sealed_check check (
              (status = 'ACTIVE' and reference_key is not null and personal is not null
                  and customer_key is not null and key_version is not null)
              or (status = 'DELETED' and reference_key is null and personal is null
                  and email_key is null and phone_key is null and customer_key is null
                  and key_version is null))""");
      ddl.execute("create index customers_email_key on customers (merchant_id, email_key, id)");
      ddl.execute("create index customers_phone_key on customers (merchant_id, phone_key, id)");
    }
  }

  /**
   * Replaces each text column of {@code table} by a binary one of the same name holding its bytes;
   * rows are read in the order of {@code keyColumns}, the primary key, a batch at a time.
   */
  private static void convert(
      Connection connection, String table, List<String> keyColumns, List<Column> columns)
      throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      for (Column column : columns) {
        ddl.execute("alter table " + table + " add column " + column.name() + "_bytes bytea");
      }
    }
    String keys = String.join(", ", keyColumns);
    String names = String.join(", ", columns.stream().map(Column::name).toList());
    String select =
        "select "
            + keys
            + ", "
            + names
            + " from "
            + table
            + " where "
            + String.join(" or ", columns.stream().map(c -> c.name() + " is not null").toList());
    String update =
        "update "
            + table
            + " set "
            + String.join(", ", columns.stream().map(c -> c.name() + "_bytes = ?").toList())
            + " where "
            + String.join(" and ", keyColumns.stream().map(k -> k + " = ?").toList());
    try (PreparedStatement read = connection.prepareStatement(select);
        PreparedStatement write = connection.prepareStatement(update)) {
      read.setFetchSize(BATCH);
      int pending = 0;
      try (ResultSet rows = read.executeQuery()) {
        while (rows.next()) {
          List<Object> values = new ArrayList<>();
          for (Column column : columns) {
            values.add(column.bytes().apply(rows.getString(column.name())));
          }
          for (String key : keyColumns) {
            values.add(rows.getObject(key));
          }
          for (int i = 0; i < values.size(); i++) {
            write.setObject(i + 1, values.get(i));
          }
          write.addBatch();
          if (++pending == BATCH) {
            write.executeBatch();
            pending = 0;
          }
        }
      }
      write.executeBatch();
    }
    try (Statement ddl = connection.createStatement()) {
      for (Column column : columns) {
        ddl.execute("alter table " + table + " drop column " + column.name());
        ddl.execute(
            "alter table "
                + table
                + " rename column "
                + column.name()
                + "_bytes to "
                + column.name());
      }
    }
  }
}
