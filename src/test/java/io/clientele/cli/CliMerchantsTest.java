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
                MERCHANT  NAME           ALLOWED IPS   RATE LIMIT  CREATED AT
                m1        Acme Payments  127.0.0.1/32  off         %s
                sandbox   Sandbox        any           off         %s
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
                    + "\"created_at\":\"%s\",\"rate_limit\":null},{\"merchant_id\":\"sandbox\","
                    + "\"name\":\"Sandbox\",\"allowed_ips\":[],\"created_at\":\"%s\","
                    + "\"rate_limit\":null}]}\n")
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
                MERCHANT  NAME  ALLOWED IPS                RATE LIMIT  CREATED AT
                m1        Acme  10.0.0.0/8, 2001:db8::/32  off         %s
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
                MERCHANT  NAME           ALLOWED IPS                               RATE LIMIT  CREATED AT
                m1        Acme Payments  10.0.0.0/8, 127.0.0.1/32, 192.168.0.0/16  off         %s
                """
                    .formatted(createdAt("m1"))));
  }

  @Test
  void createsAMerchantAllowingEveryAddressAndPrintsTheApisJson() {
    CliRun run = admin("merchants", "create", "m1", "--name", "Acme", "--json");

    assertThat(run)
        .isEqualTo(
            CliRun.success(
                ("{\"merchant_id\":\"m1\",\"name\":\"Acme\",\"allowed_ips\":[],\"created_at\":\"%s\","
                        + "\"rate_limit\":null}\n")
                    .formatted(createdAt("m1"))));
  }

  @Test
  void setsARateLimitAndShowsTheMerchantWithIt() {
    create("{\"merchant_id\":\"m1\",\"name\":\"Acme\"}");

    CliRun run =
        admin("merchants", "rate-limit", "m1", "--requests-per-second", "5", "--burst", "20");

    assertThat(run)
        .isEqualTo(
            CliRun.success(
                """
                MERCHANT  NAME  ALLOWED IPS  RATE LIMIT     CREATED AT
                m1        Acme  any          5/s, burst 20  %s
                """
                    .formatted(createdAt("m1"))));
  }

  @Test
  void setsARateLimitWithTheDefaultBurstAndPrintsTheApisJson() {
    create("{\"merchant_id\":\"m1\",\"name\":\"Acme\"}");

    CliRun run = admin("merchants", "rate-limit", "m1", "--requests-per-second", "5", "--json");

    assertThat(run).isEqualTo(CliRun.success(api("/admin/merchants/m1") + "\n"));
    assertThat(run.out())
        .isEqualTo(
            ("{\"merchant_id\":\"m1\",\"name\":\"Acme\",\"allowed_ips\":[],\"created_at\":\"%s\","
                    + "\"rate_limit\":{\"requests_per_second\":5,\"burst\":5}}\n")
                .formatted(createdAt("m1")));
  }

  @Test
  void removesARateLimitWithOff() {
    create("{\"merchant_id\":\"m1\",\"name\":\"Acme\"}");
    admin("merchants", "rate-limit", "m1", "--requests-per-second", "5");

    CliRun run = admin("merchants", "rate-limit", "m1", "--off");

    assertThat(run)
        .isEqualTo(
            CliRun.success(
                """
                MERCHANT  NAME  ALLOWED IPS  RATE LIMIT  CREATED AT
                m1        Acme  any          off         %s
                """
                    .formatted(createdAt("m1"))));
    assertThat(JsonAssert.parse(api("/admin/merchants/m1")).get("rate_limit").isNull()).isTrue();
  }

  @Test
  void reportsARateLimitTheApiRefuses() {
    assertThat(
            admin(
                "merchants", "rate-limit", "sandbox", "--requests-per-second", "0", "--burst", "0"))
        .isEqualTo(
            CliRun.failure(
                "clientele: invalid_request: requests_per_second must be an integer from 1 to"
                    + " 100000; burst must be an integer from 1 to 1000000\n"));
  }

  @Test
  void reportsARateLimitForAnUnknownMerchant() {
    assertThat(admin("merchants", "rate-limit", "m9", "--off"))
        .isEqualTo(CliRun.failure("clientele: merchant_not_found: No merchant with id m9\n"));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "|give --requests-per-second, or --off to remove the limit",
        "--burst 3|--burst needs --requests-per-second",
        "--off --requests-per-second 3|give --requests-per-second (and --burst) or --off, not both",
        "--off --burst 3|give --requests-per-second (and --burst) or --off, not both",
      })
  void refusesRateLimitOptionsThatDoNotFit(String options, String message) {
    java.util.List<String> args =
        new java.util.ArrayList<>(java.util.List.of("merchants", "rate-limit", "sandbox"));
    if (options != null) {
      args.addAll(java.util.List.of(options.split(" ")));
    }
    assertThat(admin(args.toArray(String[]::new)))
        .isEqualTo(new CliRun(2, "", "clientele: " + message + "\n"));
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
