package io.clientele.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code customers search | show | history | export | import}: a merchant's customers, whichever
 * dialect wrote them.
 */
@Command(
    name = "customers",
    mixinStandardHelpOptions = true,
    version = Cli.VERSION,
    scope = ScopeType.INHERIT,
    sortOptions = false,
    description =
        "Search, show, export and import a merchant's customers, and show their change history.")
final class CustomersCommand {
  /** The largest pages the API serves, asked for by {@code --all} without a limit. */
  static final int SEARCH_PAGE_MAX = 1000;

  static final int HISTORY_PAGE_MAX = 100;

  private final Cli cli;

  CustomersCommand(Cli cli) {
    this.cli = cli;
  }

  @Command(
      name = "search",
      description =
          "Find the merchant's live customers by reference, email or phone, or list them all,"
              + " in id order.")
  void search(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @ArgGroup(exclusive = true, multiplicity = "0..1") Criterion criterion,
      @Option(names = "--total", description = "Also count every match, whatever the page.")
          boolean total,
      @Mixin Paging paging,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    Map<String, String> query = criterion == null ? new LinkedHashMap<>() : criterion.query();
    query.put("include", total ? "total" : null);
    JsonNode answer =
        paging.fetch(
            session.api(),
            AdminClient.path("merchants", merchant, "customers"),
            query,
            "customers",
            SEARCH_PAGE_MAX);
    session.output().print(answer, CustomersCommand::searchTable);
    if (answer.has("total")) {
      session.output().hint("Matching: " + answer.get("total").asText() + ".");
    }
    paging.hintNextPage(session.output(), answer);
  }

  /** At most one of {@code --reference}, {@code --email}, {@code --phone}. */
  static final class Criterion {
    @Option(
        names = "--reference",
        paramLabel = "REF",
        description = "The customer's reference, exactly.")
    String reference;

    @Option(
        names = "--email",
        paramLabel = "EMAIL",
        description = "The customer's email; case does not matter.")
    String email;

    @Option(
        names = "--phone",
        paramLabel = "PHONE",
        description =
            "An international number, country code first, such as +919876543210; spaces,"
                + " dashes, dots and parentheses are ignored. Matches whichever dialect stored it.")
    String phone;

    Map<String, String> query() {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("reference", reference);
      query.put("email", email);
      query.put("phone", phone);
      return query;
    }
  }

  /**
   * One row per customer: its id and reference, the name (its own, else first and last), email,
   * phone in E.164 and the time of its last change.
   */
  static Table searchTable(JsonNode answer) {
    Table table = new Table("CUSTOMER", "REFERENCE", "NAME", "EMAIL", "PHONE", "UPDATED AT");
    for (JsonNode customer : answer.path("customers")) {
      table.row(
          Table.text(customer.path("customer_id")),
          Table.text(customer.path("reference")),
          name(customer),
          Table.text(customer.path("email")),
          phone(customer),
          Table.text(customer.path("updated_at")));
    }
    return table;
  }

  private static String name(JsonNode customer) {
    String name = customer.path("name").textValue();
    if (name != null) {
      return name;
    }
    String first = customer.path("first_name").textValue();
    String last = customer.path("last_name").textValue();
    return first == null ? last : last == null ? first : first + " " + last;
  }

  private static String phone(JsonNode customer) {
    String code = customer.path("mobile_country_code").textValue();
    String number = customer.path("mobile_number").textValue();
    return number == null || code == null ? number : "+" + code + number;
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

  @Command(
      name = "export",
      description =
          "Write every live customer of the merchant to FILE in id order, as JSON Lines or CSV,"
              + " then a summary line (one JSON object with --json). FILE appears whole or not at"
              + " all: the rows go to a part file beside it, with a state file, until the last"
              + " page is in; after an interruption the same command goes on where it stopped.")
  void export(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Option(
              names = "--output",
              required = true,
              paramLabel = "FILE",
              description = "The file to write; refused if it exists, unless --force.")
          Path output,
      @Option(names = "--format", paramLabel = "FORMAT", description = FORMAT_HELP) String format,
      @Option(names = "--force", description = "Replace FILE if it exists.") boolean force,
      @Option(
              names = "--progress",
              paramLabel = "WHEN",
              defaultValue = "auto",
              description = PROGRESS_HELP)
          String progress,
      @Mixin AdminOptions options) {
    Export.Request request =
        new Export.Request(
            merchant,
            output,
            CustomerFile.Format.of(format, output),
            force,
            Progress.Style.of(progress, cli.stderrIsTerminal()));
    Session session = cli.session(options);
    try {
      new Export(request, session, cli.err()).run();
    } catch (IOException e) {
      throw TransferState.failure(e);
    }
  }

  @Command(
      name = "import",
      description =
          "Create the merchant's customers from FILE, JSON Lines or CSV in the shape export"
              + " writes, in batches, then print a summary line (one JSON object with --json). A"
              + " row a live customer already holds with the same values counts as unchanged;"
              + " each rejected row is reported on stderr with its line and reasons. After an"
              + " interruption the same command resumes after the last batch the server"
              + " acknowledged, which a state file beside FILE records. Exit status 1 when any"
              + " row was rejected.")
  int importFile(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Parameters(paramLabel = "FILE", description = "The file to import.") Path file,
      @Option(names = "--format", paramLabel = "FORMAT", description = FORMAT_HELP) String format,
      @Option(
              names = "--batch-rows",
              paramLabel = "N",
              defaultValue = "1000",
              description =
                  "At most N rows a request, 1 to 1000 (default 1000); a request also stays under"
                      + " 768 KiB of JSON.")
          int batchRows,
      @Option(
              names = "--parallel",
              paramLabel = "N",
              defaultValue = "2",
              description =
                  "At most N batches at the server at once, 1 to "
                      + Import.MAX_IN_FLIGHT
                      + " (default 2): the server writes a merchant's batches one after"
                      + " another, and the next batch is read and parsed meanwhile.")
          int parallel,
      @Option(
              names = "--rejects",
              paramLabel = "REJECTS_FILE",
              description =
                  "Also write each rejected row to REJECTS_FILE as a JSON line:"
                      + " {\"line\",\"reference\",\"errors\":[{\"field\",\"code\",\"message\"}]}.")
          Path rejects,
      @Option(
              names = "--state",
              paramLabel = "STATE_FILE",
              description =
                  "Where to keep track of the import, for a resume (default: FILE with"
                      + " .import-state appended).")
          Path state,
      @Option(
              names = "--progress",
              paramLabel = "WHEN",
              defaultValue = "auto",
              description = PROGRESS_HELP)
          String progress,
      @Mixin AdminOptions options) {
    if (batchRows < 1 || batchRows > Import.MAX_BATCH_ROWS) {
      throw new CommandFailure(
          Cli.CONFIG_ERROR,
          List.of("--batch-rows must be 1 to " + Import.MAX_BATCH_ROWS + "; got " + batchRows));
    }
    if (parallel < 1 || parallel > Import.MAX_IN_FLIGHT) {
      throw new CommandFailure(
          Cli.CONFIG_ERROR,
          List.of("--parallel must be 1 to " + Import.MAX_IN_FLIGHT + "; got " + parallel));
    }
    Import.Request request =
        new Import.Request(
            merchant,
            file,
            CustomerFile.Format.of(format, file),
            batchRows,
            parallel,
            rejects,
            state != null ? state : Path.of(file + ".import-state"),
            Progress.Style.of(progress, cli.stderrIsTerminal()));
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new CommandFailure(
          Cli.CONFIG_ERROR,
          List.of(
              file
                  + (!Files.exists(file)
                      ? ": no such file"
                      : Files.isRegularFile(file) ? ": permission denied" : " is not a file")));
    }
    Session session = cli.session(options);
    try {
      return new Import(request, session, cli.err()).run();
    } catch (IOException e) {
      throw TransferState.failure(e);
    }
  }

  static final String FORMAT_HELP = "jsonl or csv (default: the extension of FILE, jsonl or csv).";

  static final String PROGRESS_HELP =
      "auto, bar, lines or none (default auto: a bar on stderr when it is a terminal, else a"
          + " line at each tenth and every 10 s).";

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
