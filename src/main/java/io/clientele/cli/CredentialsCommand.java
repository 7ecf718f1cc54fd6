package io.clientele.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/** {@code credentials list | create | revoke | rotate} over a running server's admin API. */
@Command(
    name = "credentials",
    mixinStandardHelpOptions = true,
    version = Cli.VERSION,
    scope = ScopeType.INHERIT,
    sortOptions = false,
    description = "List, create, revoke and rotate a merchant's gateway credentials.")
final class CredentialsCommand {
  static final String SHOWN_ONCE =
      "The secret above is shown this once: Clientele cannot show it again.";

  private final Cli cli;

  CredentialsCommand(Cli cli) {
    this.cli = cli;
  }

  @Command(
      name = "list",
      description = "List the merchant's credentials, oldest first, without their secrets.")
  void list(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    session
        .output()
        .print(
            session.api().get(AdminClient.path("merchants", merchant, "credentials")),
            answer -> table(answer.path("credentials")));
  }

  @Command(
      name = "create",
      description = "Create a credential and print its secret, which is shown this once.")
  void create(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Option(
              names = "--dialect",
              required = true,
              paramLabel = "DIALECT",
              description = "The gateway dialect it speaks: juspay, flowwise or airpay.")
          String dialect,
      @Option(
              names = "--project",
              paramLabel = "PROJECT",
              description =
                  "The project it acts for, made if new; required by flowwise, refused by the"
                      + " others.")
          String project,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("dialect", dialect);
    if (project != null) {
      body.put("project_id", project);
    }
    JsonNode created =
        session.api().post(AdminClient.path("merchants", merchant, "credentials"), body);
    session.output().print(created, Table::fields);
    session.output().notice(SHOWN_ONCE);
  }

  @Command(
      name = "revoke",
      description = "Revoke a credential: every node refuses it within 500 ms.")
  void revoke(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Parameters(paramLabel = "CREDENTIAL_ID", description = "The credential's id (crd_…).")
          String credential,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    session.api().delete(AdminClient.path("merchants", merchant, "credentials", credential));
    session.output().hint("Revoked " + credential + " of merchant " + merchant + ".");
  }

  @Command(
      name = "rotate",
      description =
          "Replace a credential by a new one of the same dialect and project, printing its"
              + " secret this once; the old one works for the overlap, then is refused.")
  void rotate(
      @Parameters(paramLabel = "MERCHANT", description = "The merchant's id.") String merchant,
      @Parameters(paramLabel = "CREDENTIAL_ID", description = "The credential's id (crd_…).")
          String credential,
      @Option(
              names = "--overlap-seconds",
              paramLabel = "N",
              description =
                  "How long the old credential keeps working beside the new one, 0 to 604800"
                      + " (default 0: refused at once).")
          Integer overlapSeconds,
      @Mixin AdminOptions options) {
    Session session = cli.session(options);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (overlapSeconds != null) {
      body.put("overlap_seconds", overlapSeconds);
    }
    JsonNode rotated =
        session
            .api()
            .post(
                AdminClient.path("merchants", merchant, "credentials", credential, "rotate"), body);
    session.output().print(rotated, Table::fields);
    session.output().notice(SHOWN_ONCE);
    session
        .output()
        .hint(
            overlapSeconds == null || overlapSeconds == 0
                ? credential + " is refused from now on."
                : credential + " keeps working for " + overlapSeconds + " s more.");
  }

  /** One row per credential; its status says whether it is refused, or soon will be. */
  Table table(Iterable<JsonNode> credentials) {
    Table table =
        new Table(
            "CREDENTIAL",
            "DIALECT",
            "PROJECT",
            "STATUS",
            "CREATED AT",
            "LAST USED AT",
            "REVOKED AT");
    for (JsonNode credential : credentials) {
      table.row(
          Table.text(credential.path("credential_id")),
          Table.text(credential.path("dialect")),
          Table.text(credential.path("project_id")),
          status(credential.path("revoked_at").textValue()),
          Table.text(credential.path("created_at")),
          Table.text(credential.path("last_used_at")),
          Table.text(credential.path("revoked_at")));
    }
    return table;
  }

  /**
   * {@code active}; {@code revoked}; or {@code retiring} while a rotated credential's overlap
   * lasts, which the API shows as a {@code revoked_at} in the future.
   */
  private String status(String revokedAt) {
    if (revokedAt == null) {
      return "active";
    }
    return Instant.parse(revokedAt).isAfter(cli.clock().instant()) ? "retiring" : "revoked";
  }
}
