package io.clientele.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.config.TerminalText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text in aligned columns for people: a header row, then one row per item, two spaces between
 * columns, {@code -} where there is no value. A control character in a value is shown escaped, so
 * every row stays one line.
 */
final class Table {
  static final String NONE = "-";
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(List.of(header));
  }

  /** A two-column table, {@code FIELD} and {@code VALUE}, of an object's fields in their order. */
  static Table fields(JsonNode object) {
    Table table = new Table("FIELD", "VALUE");
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      table.row(field.getKey(), text(field.getValue()));
    }
    return table;
  }

  /** The value as a cell: {@code null} when absent or JSON null, lists joined by commas. */
  static String text(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
      return String.join(", ", items);
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  /** Adds a row; a {@code null} cell shows as {@code -}. */
  Table row(String... cells) {
    if (cells.length != rows.get(0).size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + rows.get(0).size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (String cell : cells) {
      row.add(cell == null ? NONE : escaped(cell));
    }
    rows.add(row);
    return this;
  }

  void print(PrintStream out) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], width(row.get(i)));
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(row.get(i));
        if (i < widths.length - 1) {
          line.append(" ".repeat(widths[i] - width(row.get(i)) + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static int width(String cell) {
    return cell.codePointCount(0, cell.length());
  }

  private static String escaped(String cell) {
    return TerminalText.oneLine(cell);
  }
}
