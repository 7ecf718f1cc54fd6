package io.clientele.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/** {@code keys show | rotate} over a running server's admin API. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    version = Cli.VERSION,
    scope = ScopeType.INHERIT,
    sortOptions = false,
    description =
        "Show a merchant's data key versions, and rotate its data key: a new version wraps new"
            + " customers' keys at once while the server re-wraps every other customer's key in"
            + " the background, then destroys the older versions.")
final class KeysCommand {
  /** How often a waiting rotate asks the server how far it has come. */
  static final long POLL_MILLIS = 500;

  private final Cli cli;

  KeysCommand(Cli cli) {
    this.cli = cli;
  }

  @Command(name = "show", description = "Show the merchant's data key versions and last rotation.")
  void show(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    session
        .output()
        .print(
            session.api().get(AdminClient.path("merchants", merchant, "keys")), KeysCommand::table);
  }

  @Command(
      name = "rotate",
      description =
          "Start a rotation of the merchant's data key, or follow the one running (after an"
              + " interruption, of this command or of the server, the same command picks it up"
              + " where it stopped), showing progress until every customer's key is re-wrapped.")
  void rotate(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Option(
              names = "--no-wait",
              description = "Return once the rotation is started; the server carries it on.")
          boolean noWait,
      @Option(
              names = "--progress",
              paramLabel = "WHEN",
              defaultValue = "auto",
              description = CustomersCommand.PROGRESS_HELP)
          String progress,
      @Mixin AdminOptions options) {
    Progress.Style style = Progress.Style.of(progress, cli.stderrIsTerminal());
    Session session = cli.session(options);
    JsonNode answer =
        session
            .api()
            .post(
                AdminClient.path("merchants", merchant, "keys", "rotate"),
                JsonNodeFactory.instance.objectNode());
    if (!noWait) {
      answer = follow(session, merchant, answer, style);
    }
    session.output().print(answer, KeysCommand::table);
  }

  /** Polls the rotation until it finishes, drawing its progress; answers the last status. */
  private JsonNode follow(Session session, String merchant, JsonNode answer, Progress.Style style) {
    JsonNode rotation = answer.path("rotation");
    Progress bar =
        new Progress(
            cli.err(),
            style,
            "re-wrapped",
            rotation.path("customers_total").asLong(),
            rotation.path("customers_rewrapped").asLong(),
            System::nanoTime);
    while (!"finished".equals(answer.path("rotation").path("state").asText())) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CommandFailure(Cli.RUNTIME_ERROR, List.of("interrupted while waiting"));
      }
      answer = session.api().get(AdminClient.path("merchants", merchant, "keys"));
      bar.advance(answer.path("rotation").path("customers_rewrapped").asLong());
    }
    bar.finish();
    return answer;
  }

  static Table table(JsonNode keys) {
    JsonNode rotation = keys.path("rotation");
    Table table =
        new Table("MERCHANT", "VERSION", "VERSIONS", "MASTER KEY", "ROTATION", "RE-WRAPPED");
    StringBuilder versions = new StringBuilder();
    keys.path("data_key_versions")
        .forEach(v -> versions.append(versions.isEmpty() ? "" : ",").append(v.asText()));
    return table.row(
        Table.text(keys.path("merchant_id")),
        Table.text(keys.path("data_key_version")),
        versions.toString(),
        Table.text(keys.path("master_key_id")),
        rotation.isMissingNode() || rotation.isNull()
            ? "none"
            : "to " + rotation.path("to_version").asText() + ", " + rotation.path("state").asText(),
        rotation.isMissingNode() || rotation.isNull()
            ? "-"
            : rotation.path("customers_rewrapped").asText()
                + "/"
                + rotation.path("customers_total").asText());
  }
}
