package io.clientele.storage;

import io.clientele.config.DatabaseConfig;
import io.clientele.customer.PersonalData;
import io.clientele.vault.MasterKeys;
import io.clientele.vault.MerchantKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads customer rows as stored, bypassing the store, and opens their sealed values with the keys
 * the server holds, for tests that prove what was written: each row's columns, then {@code
 * reference} and each personal field by its key, and {@code reference_key_matches} ("true" when the
 * row's reference index is the blind index of its reference). Binary columns are given in hex.
 */
public final class SealedRows {
  private SealedRows() {}

  /** The master key a server keeps in its data directory when none is configured. */
  public static MasterKeys masterOf(Path dataDir) {
    try {
      return MasterKeys.of(
          Base64.getDecoder().decode(Files.readString(dataDir.resolve("data-key")).strip()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every row {@code sql} selects from {@code customers} (it must select {@code *}), opened. */
  public static List<Map<String, String>> customers(
      DatabaseConfig database, MasterKeys master, String sql) {
    try (Connection connection =
            DriverManager.getConnection(database.url(), database.user(), database.password());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      Map<String, MerchantKeys> keys = new LinkedHashMap<>();
      List<Map<String, String>> opened = new ArrayList<>();
      ResultSetMetaData meta = rows.getMetaData();
      while (rows.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), text(rows, meta, i));
        }
        String merchantId = row.get("merchant_id");
        MerchantKeys merchantKeys =
            keys.computeIfAbsent(merchantId, m -> load(connection, master, m));
        PersonalColumns.Opened values = PersonalColumns.read(rows, merchantKeys);
        row.put("reference", values.reference());
        for (PersonalData.Field field : PersonalData.Field.values()) {
          row.put(field.key(), values.personal().get(field));
        }
        row.put(
            "reference_key_matches",
            String.valueOf(
                values.reference() != null
                    && HexFormat.of()
                        .formatHex(
                            merchantKeys.blind(MerchantKeys.Index.REFERENCE, values.reference()))
                        .equals(row.get("reference_key"))));
        opened.add(row);
      }
      return opened;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A column's value as text: binary columns (sealed values, indexes, keys) in hex. */
  private static String text(ResultSet rows, ResultSetMetaData meta, int column)
      throws SQLException {
    return switch (meta.getColumnType(column)) {
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> {
        byte[] bytes = rows.getBytes(column);
        yield bytes == null ? null : HexFormat.of().formatHex(bytes);
      }
      default -> rows.getString(column);
    };
  }

  /** The clear columns earlier versions kept, as tests of them read them. */
  private static final List<String> CLEAR =
      List.of(
          "merchant_id",
          "id",
          "reference",
          "live_reference",
          "project_id",
          "scope",
          "first_name",
          "last_name",
          "name",
          "email",
          "mobile_country_code",
          "mobile_number",
          "address",
          "city",
          "state",
          "country",
          "pincode",
          "status",
          "created_at",
          "updated_at",
          "version",
          "email_key",
          "phone_key");

  /**
   * Runs {@code sql} as if the customers table still held its values in clear: a copy of it with
   * every row opened ({@code reference}, {@code live_reference}, each personal field, and {@code
   * email_key}/{@code phone_key} in their clear search-key form) is made in the same database as
   * {@code customers_opened}, and {@code sql} runs with {@code customers} read from it.
   */
  public static List<String> query(
      io.clientele.testing.TestDatabase database, MasterKeys master, String sql) {
    List<Map<String, String>> rows =
        customers(database.config(), master, "select * from customers");
    try (Connection connection =
            DriverManager.getConnection(
                database.config().url(), database.config().user(), database.config().password());
        Statement statement = connection.createStatement()) {
      statement.execute("drop table if exists customers_opened");
      statement.execute(
          """
          create table customers_opened (merchant_id varchar(64), id varchar(20),
            reference varchar(255), live_reference varchar(255), project_id varchar(64),
            scope varchar(16), first_name varchar(255), last_name varchar(255), name varchar(511),
            email varchar(300), mobile_country_code varchar(64), mobile_number varchar(300),
            address varchar(1000), city varchar(100), state varchar(100), country varchar(100),
            pincode varchar(16), status varchar(16), created_at timestamp with time zone,
            updated_at timestamp with time zone, version bigint, email_key varchar(300),
            phone_key varchar(400))""");
      try (java.sql.PreparedStatement insert =
          connection.prepareStatement(
              "insert into customers_opened values ("
                  + String.join(", ", java.util.Collections.nCopies(CLEAR.size(), "?"))
                  + ")")) {
        for (Map<String, String> row : rows) {
          boolean live = "ACTIVE".equals(row.get("status"));
          PersonalData personal = personal(row);
          for (int i = 0; i < CLEAR.size(); i++) {
            String column = CLEAR.get(i);
            Object value =
                switch (column) {
                  case "live_reference" -> live ? row.get("reference") : null;
                  case "email_key" -> io.clientele.customer.SearchKeys.email(personal.email());
                  case "phone_key" -> io.clientele.customer.SearchKeys.phone(personal);
                  case "version" -> Long.parseLong(row.get("version"));
                  case "created_at", "updated_at" -> timestamp(connection, row.get(column));
                  default -> row.get(column);
                };
            insert.setObject(i + 1, value);
          }
          insert.addBatch();
        }
        insert.executeBatch();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return database.query(sql.replaceAll("\\bcustomers\\b", "customers_opened"));
  }

  private static PersonalData personal(Map<String, String> row) {
    Map<PersonalData.Field, String> values = new java.util.EnumMap<>(PersonalData.Field.class);
    for (PersonalData.Field field : PersonalData.Field.values()) {
      values.put(field, row.get(field.key()));
    }
    return new PersonalData(values);
  }

  private static Object timestamp(Connection connection, String text) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("select cast('" + text + "' as timestamp with time zone)")) {
      rows.next();
      return rows.getObject(1);
    }
  }

  private static MerchantKeys load(Connection connection, MasterKeys master, String merchantId) {
    try {
      return Keyring.loadOrCreate(connection, master, merchantId, java.time.Instant.now());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
