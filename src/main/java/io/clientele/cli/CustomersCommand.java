package io.clientele.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/** {@code customers show | history}: a merchant's customers, whichever dialect wrote them. */
@Command(
    name = "customers",
    mixinStandardHelpOptions = true,
    version = Cli.VERSION,
    scope = ScopeType.INHERIT,
    sortOptions = false,
    description = "Show a merchant's customers and their change history.")
final class CustomersCommand {
  /** The largest history page the API serves, asked for by {@code --all} without a limit. */
  static final int HISTORY_PAGE_MAX = 100;

  private final Cli cli;

  CustomersCommand(Cli cli) {
    this.cli = cli;
  }

  @Command(
      name = "show",
      description = "Show one live customer in the dialect-neutral shape, every field.")
  void show(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Parameters(paramLabel = "CUSTOMER_ID", description = "The customer's id (cst_…).")
          String customer,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    session
        .output()
        .print(
            session.api().get(AdminClient.path("merchants", merchant, "customers", customer)),
            Table::fields);
  }

  @Command(
      name = "history",
      description =
          "Show a customer's changes, newest first: one row per field changed, with its old and"
              + " new value.")
  void history(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Parameters(paramLabel = "CUSTOMER_ID", description = "The customer's id (cst_…).")
          String customer,
      @Mixin Paging paging,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    String path = AdminClient.path("merchants", merchant, "customers", customer, "history");
    JsonNode answer =
        paging.fetch(session.api(), path, new LinkedHashMap<>(), "changes", HISTORY_PAGE_MAX);
    session.output().print(answer, CustomersCommand::historyTable);
    paging.hintNextPage(session.output(), answer);
  }

  /**
   * A change's facts on the row of its first field, the other fields on rows of their own below, so
   * each old and new value has its own cells.
   */
  static Table historyTable(JsonNode answer) {
    Table table =
        new Table(
            "VERSION", "KIND", "AT", "DIALECT", "CREDENTIAL", "REQUEST", "FIELD", "OLD", "NEW");
    for (JsonNode change : answer.path("changes")) {
      String[] facts = {
        Table.text(change.path("version")),
        Table.text(change.path("kind"))
            + (change.path("redacted").booleanValue() ? " (redacted)" : ""),
        Table.text(change.path("at")),
        Table.text(change.path("dialect")),
        Table.text(change.path("credential_id")),
        Table.text(change.path("request_id"))
      };
      JsonNode fields = change.path("fields");
      if (fields.isEmpty()) {
        table.row(facts[0], facts[1], facts[2], facts[3], facts[4], facts[5], null, null, null);
      }
      for (JsonNode field : fields) {
        table.row(
            facts[0],
            facts[1],
            facts[2],
            facts[3],
            facts[4],
            facts[5],
            Table.text(field.path("name")),
            Table.text(field.path("old")),
            Table.text(field.path("new")));
        java.util.Arrays.fill(facts, "");
      }
    }
    return table;
  }

  /** {@code --limit}, {@code --cursor} and {@code --all} of a command over a paged list. */
  static final class Paging {
    @Option(
        names = "--limit",
        paramLabel = "N",
        description =
            "At most N per page (default: the API's, 20; with --all, the most the API allows).")
    Integer limit;

    @Option(
        names = "--cursor",
        paramLabel = "CURSOR",
        description = "Start where the page before ended: its next_cursor.")
    String cursor;

    @Option(
        names = "--all",
        description = "Fetch every page from the cursor on and print them as one list.")
    boolean all;

    /** One page, or with {@code --all} every page joined into one answer of the same shape. */
    JsonNode fetch(
        AdminClient api, String path, Map<String, String> query, String items, int largestPage) {
      Integer size = limit == null && all ? Integer.valueOf(largestPage) : limit;
      query.put("limit", size == null ? null : size.toString());
      query.put("cursor", cursor);
      return all ? api.allPages(path, query, items) : api.get(path + AdminClient.query(query));
    }

    /** Below a table, how to ask for the next page, when there is one. */
    void hintNextPage(Output output, JsonNode answer) {
      String next = answer.path("next_cursor").textValue();
      if (next != null) {
        output.hint("More: --cursor " + next + " (or --all for every page).");
      }
    }
  }
}
