package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliCredentialsTest {
  static final String SHOWN_ONCE =
      "The secret above is shown this once: Clientele cannot show it again.\n";

  TestServer server;
  String merchant;

  @BeforeAll
  void start() {
    server = TestServer.startInTemporaryDir(null);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** A merchant of its own for each test, named after it, so tests share the server only. */
  @BeforeEach
  void createMerchant(TestInfo test) {
    merchant = test.getTestMethod().orElseThrow().getName();
    server.adminCall(
        "POST", "/admin/merchants", "{\"merchant_id\":\"" + merchant + "\",\"name\":\"M\"}");
  }

  CliRun admin(String... args) {
    return CliRun.run(
        Map.of(),
        CliRun.with(
            args, "--server", server.http("").toString(), "--admin-token", TestServer.ADMIN_TOKEN));
  }

  JsonNode issue(String body) {
    return JsonAssert.parse(
        server.adminCall("POST", "/admin/merchants/" + merchant + "/credentials", body).body());
  }

  JsonNode listed() {
    return JsonAssert.parse(
            server.adminCall("GET", "/admin/merchants/" + merchant + "/credentials", "").body())
        .get("credentials");
  }

  /** The whole output matched by a pattern, its groups returned for further checks. */
  static Matcher matches(String output, String pattern) {
    Matcher matcher = Pattern.compile(pattern).matcher(output);
    assertThat(matcher.matches()).as(output).isTrue();
    return matcher;
  }

  @Test
  void listsCredentialsOldestFirstWithWhetherEachIsRefused() {
    String juspay = issue("{\"dialect\":\"juspay\"}").get("credential_id").textValue();
    String flowwise =
        issue("{\"dialect\":\"flowwise\",\"project_id\":\"p1\"}").get("credential_id").textValue();
    issue("{\"dialect\":\"airpay\"}");
    server.adminCall("DELETE", "/admin/merchants/" + merchant + "/credentials/" + juspay, "");
    server.adminCall(
        "POST",
        "/admin/merchants/" + merchant + "/credentials/" + flowwise + "/rotate",
        "{\"overlap_seconds\":3600}");
    JsonNode c = listed();

    CliRun run = admin("credentials", "list", merchant);

    assertThat(c.size()).isEqualTo(4);
    String row = "%-20s  %-8s  %-7s  %-8s  %s  -             %s\n";
    StringBuilder expected =
        new StringBuilder(
            "CREDENTIAL            DIALECT   PROJECT  STATUS    CREATED AT            LAST USED AT"
                + "  REVOKED AT\n");
    for (JsonNode credential : c) {
      String id = credential.get("credential_id").textValue();
      String status = id.equals(juspay) ? "revoked" : id.equals(flowwise) ? "retiring" : "active";
      expected.append(
          String.format(
              row,
              id,
              credential.get("dialect").textValue(),
              credential.has("project_id") ? credential.get("project_id").textValue() : "-",
              status,
              credential.get("created_at").textValue(),
              credential.get("revoked_at").isNull()
                  ? "-"
                  : credential.get("revoked_at").textValue()));
    }
    assertThat(run).isEqualTo(CliRun.success(expected.toString()));
    assertThat(c.get(0).get("credential_id").textValue()).isEqualTo(juspay);
    assertThat(run.out())
        .contains("  flowwise  p1       retiring  ")
        .contains("  airpay    -        active    ");
  }

  @Test
  void listsCredentialsAsTheApisJson() {
    issue("{\"dialect\":\"juspay\"}");

    CliRun run = admin("credentials", "list", merchant, "--json");

    assertThat(run)
        .isEqualTo(
            CliRun.success(
                server.adminCall("GET", "/admin/merchants/" + merchant + "/credentials", "").body()
                    + "\n"));
  }

  @Test
  void listsNoCredentialsAsAHeaderAlone() {
    assertThat(admin("credentials", "list", merchant))
        .isEqualTo(
            CliRun.success(
                "CREDENTIAL  DIALECT  PROJECT  STATUS  CREATED AT  LAST USED AT  REVOKED AT\n"));
  }

  @Test
  void createsAJuspayKeyAndSaysItsSecretIsShownOnce() {
    CliRun run = admin("credentials", "create", merchant, "--dialect", "juspay");

    assertThat(run.code()).isZero();
    assertThat(run.err()).isEmpty();
    Matcher shown =
        matches(
            run.out(),
            "FIELD          VALUE\n"
                + "credential_id  (crd_[0-9a-f]{16})\n"
                + "api_key        [0-9A-F]{32}\n"
                + Pattern.quote(SHOWN_ONCE));
    assertThat(listed().get(0).get("credential_id").textValue()).isEqualTo(shown.group(1));
  }

  @Test
  void createsAFlowwiseClientForAProject() {
    CliRun run =
        admin("credentials", "create", merchant, "--dialect", "flowwise", "--project", "proj_1");

    assertThat(run.code()).isZero();
    assertThat(run.err()).isEmpty();
    matches(
        run.out(),
        "FIELD          VALUE\n"
            + "credential_id  crd_[0-9a-f]{16}\n"
            + "client_id      CF[0-9A-F]{20}\n"
            + "client_secret  cfsk_[0-9a-f]{48}\n"
            + "project_id     proj_1\n"
            + Pattern.quote(SHOWN_ONCE));
  }

  @Test
  void createsAnAirpayTokenAsTheApisJsonWithTheNoticeOnStderr() {
    CliRun run = admin("credentials", "create", merchant, "--dialect", "airpay", "--json");

    assertThat(run.code()).isZero();
    assertThat(run.err()).isEqualTo(SHOWN_ONCE);
    Matcher shown =
        matches(
            run.out(),
            "\\{\"credential_id\":\"(crd_[0-9a-f]{16})\",\"token\":\"[A-Za-z0-9]{40}\","
                + "\"secret_key\":\"[A-Za-z0-9]{32}\"}\n");
    assertThat(listed().get(0).get("credential_id").textValue()).isEqualTo(shown.group(1));
  }

  @Test
  void reportsADialectTheServerDoesNotSpeak() {
    assertThat(admin("credentials", "create", merchant, "--dialect", "stripe"))
        .isEqualTo(
            CliRun.failure(
                "clientele: invalid_request: dialect must be one of juspay, flowwise, airpay, canonical\n"));
  }

  @Test
  void reportsAProjectForADialectWithoutProjects() {
    assertThat(admin("credentials", "create", merchant, "--dialect", "juspay", "--project", "p"))
        .isEqualTo(
            CliRun.failure(
                "clientele: invalid_request: project_id is only for the flowwise dialect\n"));
  }

  @Test
  void reportsCredentialsOfAnUnknownMerchant() {
    assertThat(admin("credentials", "list", "nobody"))
        .isEqualTo(CliRun.failure("clientele: merchant_not_found: No merchant with id nobody\n"));
  }

  @Test
  void revokesACredential() {
    String id = issue("{\"dialect\":\"juspay\"}").get("credential_id").textValue();

    CliRun run = admin("credentials", "revoke", merchant, id);

    assertThat(run).isEqualTo(CliRun.success("Revoked " + id + " of merchant " + merchant + ".\n"));
    assertThat(listed().get(0).get("revoked_at").isNull()).isFalse();
  }

  @Test
  void revokesACredentialPrintingNothingWithJsonAsTheApiAnswersNothing() {
    String id = issue("{\"dialect\":\"juspay\"}").get("credential_id").textValue();

    assertThat(admin("credentials", "revoke", merchant, id, "--json"))
        .isEqualTo(CliRun.success(""));
    assertThat(listed().get(0).get("revoked_at").isNull()).isFalse();
  }

  @Test
  void reportsRevokingAnUnknownCredential() {
    assertThat(admin("credentials", "revoke", merchant, "crd_0000000000000000"))
        .isEqualTo(
            CliRun.failure(
                "clientele: credential_not_found: Merchant "
                    + merchant
                    + " has no credential crd_0000000000000000\n"));
  }

  @Test
  void rotatesKeepingTheOldCredentialForTheOverlap() {
    String old = issue("{\"dialect\":\"juspay\"}").get("credential_id").textValue();

    CliRun run = admin("credentials", "rotate", merchant, old, "--overlap-seconds", "3600");

    assertThat(run.code()).isZero();
    assertThat(run.err()).isEmpty();
    Matcher shown =
        matches(
            run.out(),
            "FIELD          VALUE\n"
                + "credential_id  (crd_[0-9a-f]{16})\n"
                + "api_key        [0-9A-F]{32}\n"
                + Pattern.quote(SHOWN_ONCE)
                + Pattern.quote(old + " keeps working for 3600 s more.\n"));
    JsonNode listed = listed();
    assertThat(listed.get(1).get("credential_id").textValue()).isEqualTo(shown.group(1));
    assertThat(admin("credentials", "list", merchant).out()).contains("  retiring  ");
  }

  @Test
  void rotatesWithoutOverlapAsTheApisJson() {
    String old =
        issue("{\"dialect\":\"flowwise\",\"project_id\":\"p1\"}").get("credential_id").textValue();

    CliRun run = admin("credentials", "rotate", merchant, old, "--json");

    assertThat(run.code()).isZero();
    assertThat(run.err()).isEqualTo(SHOWN_ONCE);
    matches(
        run.out(),
        "\\{\"credential_id\":\"crd_[0-9a-f]{16}\",\"client_id\":\"CF[0-9A-F]{20}\","
            + "\"client_secret\":\"cfsk_[0-9a-f]{48}\",\"project_id\":\"p1\"}\n");
    assertThat(listed().get(0).get("revoked_at").isNull()).isFalse();
  }

  @Test
  void saysTheOldCredentialIsRefusedAtOnceWithoutOverlap() {
    String old = issue("{\"dialect\":\"juspay\"}").get("credential_id").textValue();

    CliRun run = admin("credentials", "rotate", merchant, old);

    assertThat(run.out()).endsWith(SHOWN_ONCE + old + " is refused from now on.\n");
  }

  @Test
  void reportsRotatingARevokedCredential() {
    String old = issue("{\"dialect\":\"juspay\"}").get("credential_id").textValue();
    server.adminCall("DELETE", "/admin/merchants/" + merchant + "/credentials/" + old, "");

    assertThat(admin("credentials", "rotate", merchant, old))
        .isEqualTo(
            CliRun.failure(
                "clientele: credential_revoked: Credential "
                    + old
                    + " is revoked or rotated already\n"));
  }

  @Test
  void reportsAnOverlapTheApiRefuses() {
    String old = issue("{\"dialect\":\"juspay\"}").get("credential_id").textValue();

    assertThat(admin("credentials", "rotate", merchant, old, "--overlap-seconds", "604801"))
        .isEqualTo(
            CliRun.failure(
                "clientele: invalid_request: overlap_seconds must be an integer from 0 to"
                    + " 604800\n"));
  }
}
