package io.clientele.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** What PostgreSQL's planner does with a statement as a pooled prepared statement would run it. */
final class Plans {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Plans() {}

  /**
   * The plans, generic and custom, that are anything but a scan of {@code index}: empty when both
   * use it. Each is given as its mode and the scans it makes.
   */
  static List<String> offIndex(
      Connection connection, String sql, List<String> parameters, String index)
      throws SQLException {
    return offIndexes(connection, sql, parameters, List.of(index));
  }

  /** As {@link #offIndex}, for a statement that reads several tables, each by its index. */
  static List<String> offIndexes(
      Connection connection, String sql, List<String> parameters, List<String> indexes)
      throws SQLException {
    List<String> found = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      statement.execute("deallocate all");
      statement.execute("prepare hot as " + numbered(sql));
      for (String mode : List.of("force_generic_plan", "force_custom_plan")) {
        statement.execute("set plan_cache_mode = " + mode);
        String arguments =
            String.join(
                ", ", parameters.stream().map(p -> p == null ? "null" : "'" + p + "'").toList());
        try (ResultSet plan =
            statement.executeQuery("explain (format json) execute hot(" + arguments + ")")) {
          plan.next();
          TreeSet<String> scans = new TreeSet<>();
          collectScans(JSON.readTree(plan.getString(1)), scans);
          TreeSet<String> expected = new TreeSet<>();
          indexes.forEach(index -> expected.add("Index Scan " + index));
          scans.remove("Other");
          if (!scans.equals(expected)) {
            found.add(mode + ": " + scans);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      statement.execute("reset plan_cache_mode");
      statement.execute("deallocate all");
    }
    return found;
  }

  /**
   * Every scan of the plan tree: "Index Scan name", "Seq Scan table", or "Other" for joins' scans
   * of small tables.
   */
  private static void collectScans(JsonNode node, TreeSet<String> scans) {
    if (node.isArray()) {
      node.forEach(child -> collectScans(child, scans));
      return;
    }
    if (node.has("Plan")) {
      collectScans(node.get("Plan"), scans);
      return;
    }
    String type = node.path("Node Type").asText();
    String relation = node.path("Relation Name").asText();
    if (relation.equals("merchants") || relation.equals("merchant_allowed_ips")) {
      scans.add("Other");
    } else if (type.equals("Index Scan") || type.equals("Index Only Scan")) {
      scans.add("Index Scan " + node.path("Index Name").asText());
    } else if (type.equals("Seq Scan") || type.equals("Bitmap Heap Scan")) {
      scans.add(type + " " + relation);
    } else if (type.equals("Bitmap Index Scan")) {
      scans.add(type + " " + node.path("Index Name").asText());
    }
    node.path("Plans").forEach(child -> collectScans(child, scans));
  }

  /** JDBC's {@code ?} placeholders as PostgreSQL's {@code $1, $2, …}. */
  static String numbered(String sql) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (char c : sql.toCharArray()) {
      out.append(c == '?' ? "$" + ++n : String.valueOf(c));
    }
    return out.toString();
  }
}
