package io.clientele.storage;

import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.customer.SearchKeys;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place {@link PersonalData} meets the {@code customers} columns: each field is stored in
 * the column named by its key, in the order of {@link Field}, followed by the search keys made from
 * them ({@code email_key}, {@code phone_key}), so that no write can leave a key stale. Encryption
 * at rest belongs here.
 */
final class PersonalColumns {
  /** The columns the search keys are kept in, after the fields' own. */
  static final String EMAIL_KEY = "email_key";

  static final String PHONE_KEY = "phone_key";

  private static final List<String> COLUMNS = columns();

  /** {@code first_name, last_name, …, email_key, phone_key}. */
  static final String NAMES = joined(column -> column, ", ");

  /** {@code first_name = ?, last_name = ?, …}. */
  static final String ASSIGNMENTS = joined(column -> column + " = ?", ", ");

  /** {@code ?, ?, …}, one per column. */
  static final String PLACEHOLDERS = joined(column -> "?", ", ");

  private PersonalColumns() {}

  /** Binds every field and then its search keys from {@code index} on; answers the next index. */
  static int bind(PreparedStatement statement, int index, PersonalData personal)
      throws SQLException {
    return Sql.bindAll(statement, index, values(personal));
  }

  /** Every field's value and then the search keys, in the order of {@link #NAMES}. */
  static List<Object> values(PersonalData personal) {
    List<Object> values = new ArrayList<>(COLUMNS.size());
    for (Field field : Field.values()) {
      values.add(personal.get(field));
    }
    values.add(SearchKeys.email(personal.email()));
    values.add(SearchKeys.phone(personal));
    return values;
  }

  static PersonalData read(ResultSet rows) throws SQLException {
    Map<Field, String> values = new EnumMap<>(Field.class);
    for (Field field : Field.values()) {
      values.put(field, rows.getString(field.key()));
    }
    return new PersonalData(values);
  }

  private static List<String> columns() {
    List<String> columns = new ArrayList<>();
    for (Field field : Field.values()) {
      columns.add(field.key());
    }
    columns.add(EMAIL_KEY);
    columns.add(PHONE_KEY);
    return List.copyOf(columns);
  }

  private static String joined(Function<String, String> part, String glue) {
    return COLUMNS.stream().map(part).collect(Collectors.joining(glue));
  }
}
