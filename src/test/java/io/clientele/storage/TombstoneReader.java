package io.clientele.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.StringJoiner;

/** Reads a customer row as stored, bypassing the store, to prove what an erasure left behind. */
final class TombstoneReader {
  private TombstoneReader() {}

  static String rawRow(Database database, String id) {
    String sql =
        """
        select id, reference_key, personal, email_key, phone_key, customer_key, key_version,
          status, version
        from customers where id = ?""";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return "absent";
        }
        StringJoiner row = new StringJoiner("|");
        for (int column = 1; column <= 9; column++) {
          row.add(String.valueOf(rows.getString(column)));
        }
        return row.toString();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
