package io.clientele.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/** {@code webhooks add | list | remove | deliveries | replay} over a running server's admin API. */
@Command(
    name = "webhooks",
    mixinStandardHelpOptions = true,
    version = Cli.VERSION,
    scope = ScopeType.INHERIT,
    sortOptions = false,
    description =
        "Register, list and remove a merchant's webhook endpoints; see and replay their"
            + " deliveries.")
final class WebhooksCommand {
  static final String SHOWN_ONCE =
      "The signing secret above is shown this once: Clientele cannot show it again.";

  private final Cli cli;

  WebhooksCommand(Cli cli) {
    this.cli = cli;
  }

  @Command(
      name = "add",
      description =
          "Register URL for the merchant's customer events and print the secret that signs"
              + " them, shown this once.")
  void add(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Parameters(
              paramLabel = "URL",
              description = "Where events are POSTed: an absolute http or https URL.")
          String url,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    JsonNode added =
        session
            .api()
            .post(
                AdminClient.path("merchants", merchant, "webhooks"),
                JsonNodeFactory.instance.objectNode().put("url", url));
    session.output().print(added, Table::fields);
    session.output().notice(SHOWN_ONCE);
  }

  @Command(
      name = "list",
      description = "List the merchant's webhook endpoints, oldest first, without secrets.")
  void list(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    session
        .output()
        .print(
            session.api().get(AdminClient.path("merchants", merchant, "webhooks")),
            answer -> {
              Table table = new Table("WEBHOOK", "URL", "CREATED AT");
              for (JsonNode webhook : answer.path("webhooks")) {
                table.row(
                    Table.text(webhook.path("webhook_id")),
                    Table.text(webhook.path("url")),
                    Table.text(webhook.path("created_at")));
              }
              return table;
            });
  }

  @Command(
      name = "remove",
      description = "Remove an endpoint: nothing more is sent to it, undelivered events neither.")
  void remove(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Parameters(paramLabel = "WEBHOOK_ID", description = "The endpoint's id (whk_…).")
          String webhook,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    session.api().delete(AdminClient.path("merchants", merchant, "webhooks", webhook));
    session.output().hint("Removed " + webhook + " of merchant " + merchant + ".");
  }

  @Command(
      name = "deliveries",
      description =
          "Show an endpoint's events, newest first, each with its state (pending, delivered or"
              + " failed), attempts and last answer.")
  void deliveries(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Parameters(paramLabel = "WEBHOOK_ID", description = "The endpoint's id (whk_…).")
          String webhook,
      @Mixin CustomersCommand.Paging paging,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    String path = AdminClient.path("merchants", merchant, "webhooks", webhook, "deliveries");
    JsonNode answer =
        paging.fetch(
            session.api(),
            path,
            new LinkedHashMap<>(),
            "deliveries",
            CustomersCommand.HISTORY_PAGE_MAX);
    session.output().print(answer, WebhooksCommand::deliveriesTable);
    paging.hintNextPage(session.output(), answer);
  }

  static Table deliveriesTable(JsonNode answer) {
    Table table =
        new Table(
            "EVENT",
            "TYPE",
            "CUSTOMER",
            "VERSION",
            "CREATED AT",
            "STATE",
            "ATTEMPTS",
            "LAST STATUS",
            "LAST ERROR",
            "NEXT ATTEMPT AT",
            "DELIVERED AT");
    for (JsonNode delivery : answer.path("deliveries")) {
      table.row(
          Table.text(delivery.path("event_id")),
          Table.text(delivery.path("type")),
          Table.text(delivery.path("customer_id")),
          Table.text(delivery.path("version")),
          Table.text(delivery.path("created_at")),
          Table.text(delivery.path("state")),
          Table.text(delivery.path("attempts")),
          Table.text(delivery.path("last_status")),
          Table.text(delivery.path("last_error")),
          Table.text(delivery.path("next_attempt_at")),
          Table.text(delivery.path("delivered_at")));
    }
    return table;
  }

  @Command(
      name = "replay",
      description =
          "Send an event to the endpoint again now, with a fresh count of attempts, whatever"
              + " became of it.")
  void replay(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Parameters(paramLabel = "WEBHOOK_ID", description = "The endpoint's id (whk_…).")
          String webhook,
      @Parameters(paramLabel = "EVENT_ID", description = "The event's id (evt_…).") String event,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    JsonNode replayed =
        session
            .api()
            .post(
                AdminClient.path(
                    "merchants", merchant, "webhooks", webhook, "deliveries", event, "replay"),
                JsonNodeFactory.instance.objectNode());
    session.output().print(replayed, Table::fields);
  }
}
