package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliMerchantsTest {
  @TempDir Path dataDir;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dataDir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  CliRun admin(String... args) {
    return CliRun.run(
        Map.of(),
        CliRun.with(
            args, "--server", server.http("").toString(), "--admin-token", TestServer.ADMIN_TOKEN));
  }

  String api(String path) {
    return server.adminCall("GET", path, "").body();
  }

  String createdAt(String merchant) {
    return JsonAssert.parse(api("/admin/merchants/" + merchant)).get("created_at").textValue();
  }

  void create(String body) {
    assertThat(server.adminCall("POST", "/admin/merchants", body).statusCode()).isEqualTo(201);
  }

  @Test
  void listsEveryMerchantByIdInATable() {
    create(
        "{\"merchant_id\":\"m1\",\"name\":\"Acme Payments\",\"allowed_ips\":[\"127.0.0.1/32\"]}");

    CliRun run = admin("merchants", "list");

    assertThat(run)
        .isEqualTo(
            CliRun.success(
                """
                MERCHANT  NAME           ALLOWED IPS   CREATED AT
                m1        Acme Payments  127.0.0.1/32  %s
                sandbox   Sandbox        any           %s
                """
                    .formatted(createdAt("m1"), createdAt("sandbox"))));
  }

  @Test
  void listsEveryMerchantAsTheApisJson() {
    create("{\"merchant_id\":\"m1\",\"name\":\"Acme\"}");

    CliRun run = admin("merchants", "list", "--json");

    assertThat(run).isEqualTo(CliRun.success(api("/admin/merchants") + "\n"));
    assertThat(run.out())
        .isEqualTo(
            ("{\"merchants\":[{\"merchant_id\":\"m1\",\"name\":\"Acme\",\"allowed_ips\":[],"
                    + "\"created_at\":\"%s\"},{\"merchant_id\":\"sandbox\",\"name\":\"Sandbox\","
                    + "\"allowed_ips\":[],\"created_at\":\"%s\"}]}\n")
                .formatted(createdAt("m1"), createdAt("sandbox")));
  }

  @Test
  void showsOneMerchantInTheListsColumns() {
    create(
        "{\"merchant_id\":\"m1\",\"name\":\"Acme\","
            + "\"allowed_ips\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}");

    CliRun run = admin("merchants", "show", "m1");

    assertThat(run)
        .isEqualTo(
            CliRun.success(
                """
                MERCHANT  NAME  ALLOWED IPS                CREATED AT
                m1        Acme  10.0.0.0/8, 2001:db8::/32  %s
                """
                    .formatted(createdAt("m1"))));
  }

  @Test
  void showsOneMerchantAsTheApisJson() {
    CliRun run = admin("merchants", "show", "sandbox", "--json");

    assertThat(run).isEqualTo(CliRun.success(api("/admin/merchants/sandbox") + "\n"));
  }

  @Test
  void createsAMerchantWithItsAllowList() {
    CliRun run =
        admin(
            "merchants",
            "create",
            "m1",
            "--name",
            "Acme Payments",
            "--allowed-ip",
            "192.168.0.0/16,127.0.0.1",
            "--allowed-ip",
            "10.0.0.0/8");

    assertThat(run)
        .isEqualTo(
            CliRun.success(
                """
                MERCHANT  NAME           ALLOWED IPS                               CREATED AT
                m1        Acme Payments  10.0.0.0/8, 127.0.0.1/32, 192.168.0.0/16  %s
                """
                    .formatted(createdAt("m1"))));
  }

  @Test
  void createsAMerchantAllowingEveryAddressAndPrintsTheApisJson() {
    CliRun run = admin("merchants", "create", "m1", "--name", "Acme", "--json");

    assertThat(run)
        .isEqualTo(
            CliRun.success(
                "{\"merchant_id\":\"m1\",\"name\":\"Acme\",\"allowed_ips\":[],\"created_at\":\"%s\"}\n"
                    .formatted(createdAt("m1"))));
  }

  @Test
  void reportsAnUnknownMerchant() {
    assertThat(admin("merchants", "show", "m9"))
        .isEqualTo(CliRun.failure("clientele: merchant_not_found: No merchant with id m9\n"));
  }

  @Test
  void reportsAMerchantThatExistsAlready() {
    assertThat(admin("merchants", "create", "sandbox", "--name", "Again"))
        .isEqualTo(
            CliRun.failure(
                "clientele: merchant_exists: A merchant with id sandbox already exists\n"));
  }

  @Test
  void reportsEveryProblemTheApiFoundWithANewMerchant() {
    assertThat(admin("merchants", "create", "_bad", "--name", " ", "--allowed-ip", "300.1.1.1"))
        .isEqualTo(
            CliRun.failure(
                "clientele: invalid_request: merchant_id must be 1 to 64 letters, digits, '_', '-'"
                    + " or '.', starting with a letter or digit; name must be 1 to 255 characters,"
                    + " not blank, without control characters; allowed_ips entry \"300.1.1.1\" is"
                    + " not an IP address or CIDR block\n"));
  }

  @Test
  void findsAMerchantWhoseIdNeedsEncodingInThePath() {
    assertThat(admin("merchants", "show", "a/b c"))
        .isEqualTo(CliRun.failure("clientele: merchant_not_found: No merchant with id a/b c\n"));
  }

  @Test
  void refusesAnEmptyIdRatherThanCallingAnotherRoute() {
    assertThat(admin("merchants", "show", ""))
        .isEqualTo(new CliRun(2, "", "clientele: '' is not an id (empty, '.' or '..')\n"));
  }

  @Test
  void asksForTheNameOfANewMerchant() {
    CliRun run = admin("merchants", "create", "m1");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().findFirst()).contains("Missing required option: '--name=NAME'");
  }
}
