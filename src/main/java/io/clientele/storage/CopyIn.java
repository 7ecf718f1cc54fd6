package io.clientele.storage;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Rows sent to PostgreSQL with {@code COPY … FROM STDIN} in its text format, in the connection's
 * transaction: what an import's batch costs the database least (no statement to parse and bind per
 * row), with every constraint, index and foreign key checked as for an insert.
 */
final class CopyIn {
  private CopyIn() {}

  /**
   * @param tableAndColumns {@code table (column, …)}, the columns in the order of each row's values
   * @param rows each a list of text, whole numbers and times; {@code null} for SQL's NULL
   */
  static void rows(Connection connection, String tableAndColumns, List<List<Object>> rows)
      throws SQLException {
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
    try {
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("copy " + tableAndColumns + " from stdin", new StringReader(text.toString()));
    } catch (IOException e) {
      throw new SQLException("copy into " + tableAndColumns + " failed to send its rows", e);
    }
  }

  /**
   * One value in COPY's text format: {@code \N} for NULL, a time as ISO-8601 in UTC, and text with
   * the backslash and the characters that end a value or a row escaped.
   */
  static void append(StringBuilder text, Object value) {
    if (value == null) {
      text.append("\\N");
    } else if (value instanceof Instant instant) {
      text.append(instant);
    } else if (value instanceof Long number) {
      text.append(number.longValue());
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
