package io.clientele.storage;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Rows sent to PostgreSQL with {@code COPY … FROM STDIN} in its text format, in the connection's
 * transaction: what an import's batch costs the database least (no statement to parse and bind per
 * row), with every constraint, index and foreign key checked as for an insert.
 */
final class CopyIn {
  private static final HexFormat HEX = HexFormat.of();

  private CopyIn() {}

  /**
   * The rows in COPY's text format, UTF-8: made before the transaction that sends them, so a
   * merchant's imports, which take turns, wait for each other no longer than the database works.
   *
   * @param rows each a list of text, bytes, whole numbers and times; {@code null} for SQL's NULL
   */
  static byte[] encode(List<List<Object>> rows) {
    StringBuilder text = new StringBuilder(rows.size() * 256);
    for (List<Object> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          text.append('\t');
        }
        append(text, row.get(i));
      }
      text.append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Sends rows {@link #encode}d before, in the connection's transaction.
   *
   * @param tableAndColumns {@code table (column, …)}, the columns in the order of each row's values
   */
  static void send(Connection connection, String tableAndColumns, byte[] rows) throws SQLException {
    CopyManager copies = connection.unwrap(PGConnection.class).getCopyAPI();
    org.postgresql.copy.CopyIn copy = copies.copyIn("copy " + tableAndColumns + " from stdin");
    try {
      copy.writeToCopy(rows, 0, rows.length);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /**
   * One value in COPY's text format: {@code \N} for NULL, a time as ISO-8601 in UTC, bytes in
   * {@code bytea}'s hex form, and text with the backslash and the characters that end a value or a
   * row escaped.
   */
  static void append(StringBuilder text, Object value) {
    if (value == null) {
      text.append("\\N");
    } else if (value instanceof Instant instant) {
      text.append(instant);
    } else if (value instanceof Long || value instanceof Integer) {
      text.append(value);
    } else if (value instanceof byte[] bytes) {
      text.append("\\\\x"); // bytea's hex form, its backslash escaped for COPY
      HEX.formatHex(text, bytes);
    } else {
      String s = (String) value;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '\\' -> text.append("\\\\");
          case '\t' -> text.append("\\t");
          case '\n' -> text.append("\\n");
          case '\r' -> text.append("\\r");
          default -> text.append(c);
        }
      }
    }
  }
}
