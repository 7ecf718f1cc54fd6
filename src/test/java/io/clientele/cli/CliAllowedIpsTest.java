package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliAllowedIpsTest {
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

  /** A merchant of its own for each test, allowing two ranges. */
  @BeforeEach
  void createMerchant(TestInfo test) {
    merchant = test.getTestMethod().orElseThrow().getName();
    server.adminCall(
        "POST",
        "/admin/merchants",
        "{\"merchant_id\":\""
            + merchant
            + "\",\"name\":\"M\",\"allowed_ips\":[\"127.0.0.1/32\",\"10.0.0.0/8\"]}");
  }

  CliRun admin(String... args) {
    return CliRun.run(
        Map.of(),
        CliRun.with(
            args, "--server", server.http("").toString(), "--admin-token", TestServer.ADMIN_TOKEN));
  }

  String stored() {
    return server.adminCall("GET", "/admin/merchants/" + merchant, "").body();
  }

  @Test
  void showsTheAllowListOneRangePerRow() {
    assertThat(admin("allowed-ips", "show", merchant))
        .isEqualTo(CliRun.success("ALLOWED IP\n10.0.0.0/8\n127.0.0.1/32\n"));
  }

  @Test
  void showsTheMerchantAsTheApisJson() {
    assertThat(admin("allowed-ips", "show", merchant, "--json"))
        .isEqualTo(CliRun.success(stored() + "\n"));
  }

  @Test
  void showsAnEmptyListAsAllowingAnyAddress() {
    assertThat(admin("allowed-ips", "show", "sandbox"))
        .isEqualTo(CliRun.success("ALLOWED IP\nany\n"));
  }

  @Test
  void replacesTheAllowList() {
    CliRun run = admin("allowed-ips", "set", merchant, "192.168.1.7", "2001:db8::/32");

    assertThat(run).isEqualTo(CliRun.success("ALLOWED IP\n192.168.1.7/32\n2001:db8::/32\n"));
    assertThat(JsonAssert.parse(stored()).get("allowed_ips").toString())
        .isEqualTo("[\"192.168.1.7/32\",\"2001:db8::/32\"]");
  }

  @Test
  void replacesTheAllowListPrintingTheApisJson() {
    CliRun run = admin("allowed-ips", "set", merchant, "192.168.1.0/24", "--json");

    assertThat(run).isEqualTo(CliRun.success(stored() + "\n"));
    assertThat(run.out()).contains("\"allowed_ips\":[\"192.168.1.0/24\"]");
  }

  @Test
  void emptiesTheListOnlyWhenToldToAllowAll() {
    CliRun run = admin("allowed-ips", "set", merchant, "--allow-all");

    assertThat(run).isEqualTo(CliRun.success("ALLOWED IP\nany\n"));
    assertThat(JsonAssert.parse(stored()).get("allowed_ips").toString()).isEqualTo("[]");
  }

  @Test
  void refusesToEmptyTheListWhenNoAddressIsGiven() {
    CliRun run = admin("allowed-ips", "set", merchant);

    assertThat(run)
        .isEqualTo(
            new CliRun(
                2,
                "",
                "clientele: give the addresses to allow, or --allow-all to allow every address\n"));
    assertThat(JsonAssert.parse(stored()).get("allowed_ips").size()).isEqualTo(2);
  }

  @Test
  void refusesAddressesTogetherWithAllowAll() {
    CliRun run = admin("allowed-ips", "set", merchant, "10.1.1.1", "--allow-all");

    assertThat(run)
        .isEqualTo(new CliRun(2, "", "clientele: give addresses or --allow-all, not both\n"));
    assertThat(JsonAssert.parse(stored()).get("allowed_ips").size()).isEqualTo(2);
  }

  @Test
  void reportsAnAddressTheApiRefuses() {
    assertThat(admin("allowed-ips", "set", merchant, "10.0.0.0/33"))
        .isEqualTo(
            CliRun.failure(
                "clientele: invalid_request: allowed_ips entry \"10.0.0.0/33\" is not an IP"
                    + " address or CIDR block\n"));
  }

  @Test
  void reportsTheAllowListOfAnUnknownMerchant() {
    assertThat(admin("allowed-ips", "set", "nobody", "10.0.0.1"))
        .isEqualTo(CliRun.failure("clientele: merchant_not_found: No merchant with id nobody\n"));
  }
}
