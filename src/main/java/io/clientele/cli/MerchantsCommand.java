package io.clientele.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/** {@code merchants list | show | create} over a running server's admin API. */
@Command(
    name = "merchants",
    mixinStandardHelpOptions = true,
    version = Cli.VERSION,
    scope = ScopeType.INHERIT,
    sortOptions = false,
    description = "List, show and create the merchants of a running server.")
final class MerchantsCommand {
  /** How an empty allow-list, which lets every address through, shows in a table. */
  static final String EVERY_ADDRESS = "any";

  private final Cli cli;

  MerchantsCommand(Cli cli) {
    this.cli = cli;
  }

  @Command(name = "list", description = "List every merchant, by id.")
  void list(@Mixin AdminOptions options) {
    Session session = cli.session(options);
    session
        .output()
        .print(
            session.api().get(AdminClient.path("merchants")),
            answer -> table(answer.path("merchants")));
  }

  @Command(name = "show", description = "Show one merchant.")
  void show(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    session
        .output()
        .print(
            session.api().get(AdminClient.path("merchants", merchant)),
            answer -> table(List.of(answer)));
  }

  @Command(name = "create", description = "Create a merchant.")
  void create(
      @Parameters(
              paramLabel = "MERCHANT",
              description =
                  "The new merchant's id: 1 to 64 letters, digits, '_', '-' or '.', starting with"
                      + " a letter or digit.")
          String merchant,
      @Option(
              names = "--name",
              required = true,
              paramLabel = "NAME",
              description = "The merchant's name, for people.")
          String name,
      @Option(
              names = "--allowed-ip",
              paramLabel = "CIDR",
              split = ",",
              description =
                  "An address or CIDR block its credentials are accepted from; repeat it, or"
                      + " separate with commas (default: every address).")
          List<String> allowedIps,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("merchant_id", merchant).put("name", name);
    if (allowedIps != null) {
      allowedIps.forEach(body.putArray("allowed_ips")::add);
    }
    session
        .output()
        .print(
            session.api().post(AdminClient.path("merchants"), body),
            answer -> table(List.of(answer)));
  }

  /** One row per merchant: id, name, allow-list, creation time. */
  static Table table(Iterable<JsonNode> merchants) {
    Table table = new Table("MERCHANT", "NAME", "ALLOWED IPS", "CREATED AT");
    for (JsonNode merchant : merchants) {
      table.row(
          Table.text(merchant.path("merchant_id")),
          Table.text(merchant.path("name")),
          allowedIps(merchant),
          Table.text(merchant.path("created_at")));
    }
    return table;
  }

  /** The allow-list as one cell; empty, it lets every address through. */
  static String allowedIps(JsonNode merchant) {
    JsonNode ips = merchant.path("allowed_ips");
    return ips.isArray() && ips.isEmpty() ? EVERY_ADDRESS : Table.text(ips);
  }
}
