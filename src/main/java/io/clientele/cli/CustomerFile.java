package io.clientele.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.customer.PersonalData;
import io.clientele.server.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The two files an export writes and an import reads, one customer per row in the admin API's
 * neutral shape: JSON Lines, each line the API's object as it answered it; or CSV (RFC 4180) with a
 * header of the neutral field names in the API's order, null as an empty cell.
 */
final class CustomerFile {
  /**
   * The neutral shape's fields in the order the API answers them: placement, every personal field,
   * then the record's own facts.
   */
  static final List<String> COLUMNS = columns();

  /**
   * The one column that is not text: the metadata object, in CSV as its JSON ({@code
   * {"tier":"gold"}}), an empty cell when there is none.
   */
  static final String METADATA = "metadata";

  private CustomerFile() {}

  /** A file's format, named by {@code --format} or by the file's extension. */
  enum Format {
    JSONL,
    CSV;

    /** The format asked for, else the one the file's name ends with. */
    static Format of(String option, Path file) {
      String name = option != null ? option : extension(file);
      for (Format format : values()) {
        if (format.wireName().equals(name)) {
          return format;
        }
      }
      throw new CommandFailure(
          Cli.CONFIG_ERROR,
          List.of(
              option != null
                  ? "--format must be jsonl or csv; got '" + option + "'"
                  : "cannot tell the format of "
                      + file
                      + " from its name; name it .jsonl or .csv, or pass --format jsonl|csv"));
    }

    private static String extension(Path file) {
      String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
      int dot = name.lastIndexOf('.');
      return dot < 0 ? "" : name.substring(dot + 1);
    }

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static List<String> columns() {
    List<String> columns =
        new ArrayList<>(List.of("customer_id", "reference", "project_id", "scope"));
    for (PersonalData.Field field : PersonalData.Field.values()) {
      columns.add(field.key());
    }
    columns.add(METADATA);
    columns.addAll(List.of("created_at", "updated_at", "version"));
    return List.copyOf(columns);
  }

  /** What a file starts with: the CSV header line; nothing for JSON Lines. */
  static byte[] header(Format format) {
    return format == Format.CSV ? csvLine(COLUMNS) : new byte[0];
  }

  /**
   * One customer as the API answered it, as a line of the file: for CSV its cells in {@link
   * #COLUMNS} order, so a field this client does not know fails rather than being dropped.
   */
  static byte[] row(Format format, JsonNode customer) {
    if (format == Format.JSONL) {
      try {
        byte[] json = Json.mapper().writeValueAsBytes(customer);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a parsed customer is not serialisable", e);
      }
    }
    for (Iterator<String> names = customer.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!COLUMNS.contains(name)) {
        throw CommandFailure.of(
            "the server's customers have a field "
                + name
                + " that this clientele does not know; export as jsonl, or use the server's"
                + " version of clientele");
      }
    }
    List<String> cells = new ArrayList<>(COLUMNS.size());
    for (String column : COLUMNS) {
      JsonNode value = customer.path(column);
      if (value.isMissingNode() || value.isNull() || (value.isObject() && value.isEmpty())) {
        cells.add("");
      } else {
        cells.add(value.isContainerNode() ? value.toString() : value.asText());
      }
    }
    return csvLine(cells);
  }

  /**
   * Cells joined by commas and ended by CRLF, each quoted when it holds a comma, quote or break.
   */
  static byte[] csvLine(List<String> cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(csvCell(cells.get(i)));
    }
    return line.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  static String csvCell(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        return '"' + value.replace("\"", "\"\"") + '"';
      }
    }
    return value;
  }
}
