package io.clientele.storage;

import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one place {@link PersonalData} meets the {@code customers} columns: each field is stored in
 * the column named by its key, in the order of {@link Field}. Encryption at rest belongs here.
 */
final class PersonalColumns {
  /** {@code first_name, last_name, …}. */
  static final String NAMES = joined(Field::key, ", ");

  /** {@code first_name = ?, last_name = ?, …}. */
  static final String ASSIGNMENTS = joined(f -> f.key() + " = ?", ", ");

  /** {@code ?, ?, …}, one per field. */
  static final String PLACEHOLDERS = joined(f -> "?", ", ");

  private PersonalColumns() {}

  /** Binds every field from {@code index} on; answers the next free index. */
  static int bind(PreparedStatement statement, int index, PersonalData personal)
      throws SQLException {
    int i = index;
    for (Field field : Field.values()) {
      statement.setString(i++, personal.get(field));
    }
    return i;
  }

  static PersonalData read(ResultSet rows) throws SQLException {
    Map<Field, String> values = new EnumMap<>(Field.class);
    for (Field field : Field.values()) {
      values.put(field, rows.getString(field.key()));
    }
    return new PersonalData(values);
  }

  private static String joined(java.util.function.Function<Field, String> part, String glue) {
    return Arrays.stream(Field.values()).map(part).collect(Collectors.joining(glue));
  }
}
