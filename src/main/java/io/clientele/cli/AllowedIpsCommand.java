package io.clientele.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code allowed-ips show | set}: the addresses a merchant's credentials are accepted from. An
 * empty list lets every address through, so emptying it takes {@code --allow-all}, never merely no
 * arguments.
 */
@Command(
    name = "allowed-ips",
    mixinStandardHelpOptions = true,
    version = Cli.VERSION,
    scope = ScopeType.INHERIT,
    sortOptions = false,
    description = "Show or replace the addresses a merchant's credentials are accepted from.")
final class AllowedIpsCommand {
  private final Cli cli;

  AllowedIpsCommand(Cli cli) {
    this.cli = cli;
  }

  @Command(name = "show", description = "Show the merchant's allow-list; \"any\" when it is empty.")
  void show(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    session
        .output()
        .print(
            session.api().get(AdminClient.path("merchants", merchant)), AllowedIpsCommand::table);
  }

  @Command(
      name = "set",
      description =
          "Replace the merchant's allow-list with the addresses given, or with --allow-all empty"
              + " it, letting every address through.")
  void set(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Parameters(
              paramLabel = "CIDR",
              arity = "0..*",
              description = "An IPv4 or IPv6 address or CIDR block, such as 10.0.0.0/8.")
          List<String> cidrs,
      @Option(
              names = "--allow-all",
              description = "Empty the list, accepting credentials from every address.")
          boolean allowAll,
      @Mixin AdminOptions options) {
    boolean given = cidrs != null && !cidrs.isEmpty();
    if (given == allowAll) {
      throw new CommandFailure(
          Cli.CONFIG_ERROR,
          List.of(
              given
                  ? "give addresses or --allow-all, not both"
                  : "give the addresses to allow, or --allow-all to allow every address"));
    }
    Session session = cli.session(options);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode list = body.putArray("allowed_ips");
    if (given) {
      cidrs.forEach(list::add);
    }
    session
        .output()
        .print(
            session.api().put(AdminClient.path("merchants", merchant, "allowed-ips"), body),
            AllowedIpsCommand::table);
  }

  /** One row per address or block, or one row {@code any} for an empty list. */
  private static Table table(JsonNode merchant) {
    Table table = new Table("ALLOWED IP");
    JsonNode ips = merchant.path("allowed_ips");
    if (ips.isEmpty()) {
      table.row(MerchantsCommand.EVERY_ADDRESS);
    }
    ips.forEach(ip -> table.row(Table.text(ip)));
    return table;
  }
}
