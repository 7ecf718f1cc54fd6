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

/** {@code merchants list | show | create | rate-limit} over a running server's admin API. */
@Command(
    name = "merchants",
    mixinStandardHelpOptions = true,
    version = Cli.VERSION,
    scope = ScopeType.INHERIT,
    sortOptions = false,
    description =
        "List, show and create the merchants of a running server, and set their rate limits.")
final class MerchantsCommand {
  /** How an empty allow-list, which lets every address through, shows in a table. */
  static final String EVERY_ADDRESS = "any";

  /** How a merchant without a rate limit shows in a table. */
  static final String NO_LIMIT = "off";

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

  @Command(
      name = "rate-limit",
      description =
          "Set the rate limit each of the merchant's credentials gets on its own, or with --off"
              + " remove it. A credential past it is answered 429 with Retry-After.")
  void rateLimit(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Option(
              names = "--requests-per-second",
              paramLabel = "N",
              description = "Requests a second each credential may make on each node, 1 to 100000.")
          Integer requestsPerSecond,
      @Option(
              names = "--burst",
              paramLabel = "M",
              description =
                  "Requests a credential may make at once after a quiet spell, 1 to 1000000"
                      + " (default: N).")
          Integer burst,
      @Option(names = "--off", description = "Remove the limit: every credential is unlimited.")
          boolean off,
      @Mixin AdminOptions options) {
    String misuse = rateLimitMisuse(requestsPerSecond != null, burst != null, off);
    if (misuse != null) {
      throw new CommandFailure(Cli.CONFIG_ERROR, List.of(misuse));
    }
    Session session = cli.session(options);
    JsonNode body = JsonNodeFactory.instance.nullNode();
    if (!off) {
      ObjectNode limit = JsonNodeFactory.instance.objectNode();
      limit.put("requests_per_second", requestsPerSecond);
      if (burst != null) {
        limit.put("burst", burst);
      }
      body = limit;
    }
    session
        .output()
        .print(
            session.api().put(AdminClient.path("merchants", merchant, "rate-limit"), body),
            answer -> table(List.of(answer)));
  }

  /** What is wrong with the options given, or {@code null}: a limit or {@code --off}, one. */
  private static String rateLimitMisuse(boolean rate, boolean burst, boolean off) {
    if (off && (rate || burst)) {
      return "give --requests-per-second (and --burst) or --off, not both";
    } else if (!off && !rate) {
      return burst
          ? "--burst needs --requests-per-second"
          : "give --requests-per-second, or --off to remove the limit";
    }
    return null;
  }

  /** One row per merchant: id, name, allow-list, rate limit, creation time. */
  static Table table(Iterable<JsonNode> merchants) {
    Table table = new Table("MERCHANT", "NAME", "ALLOWED IPS", "RATE LIMIT", "CREATED AT");
    for (JsonNode merchant : merchants) {
      table.row(
          Table.text(merchant.path("merchant_id")),
          Table.text(merchant.path("name")),
          allowedIps(merchant),
          rateLimit(merchant),
          Table.text(merchant.path("created_at")));
    }
    return table;
  }

  /** The rate limit as one cell, {@code 5/s, burst 20}; {@code off} without one. */
  static String rateLimit(JsonNode merchant) {
    JsonNode limit = merchant.path("rate_limit");
    if (!limit.isObject()) {
      return NO_LIMIT;
    }
    return Table.text(limit.path("requests_per_second"))
        + "/s, burst "
        + Table.text(limit.path("burst"));
  }

  /** The allow-list as one cell; empty, it lets every address through. */
  static String allowedIps(JsonNode merchant) {
    JsonNode ips = merchant.path("allowed_ips");
    return ips.isArray() && ips.isEmpty() ? EVERY_ADDRESS : Table.text(ips);
  }
}
