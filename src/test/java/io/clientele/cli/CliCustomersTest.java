package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliCustomersTest {
  TestServer server;
  String customerId;

  /** One customer written through two dialects: a create and two changes. */
  @BeforeAll
  void startAndWriteACustomer() {
    server = TestServer.startInTemporaryDir(null);
    customerId = create("customer-0001", "johnny@example.com").get("id").textValue();
    assertThat(
            juspay("/customers/" + customerId, "email_address=johnny%40example.org").statusCode())
        .isEqualTo(200);
    assertThat(
            flowwise(
                    "PUT",
                    "customer-0001",
                    "{\"customer_id\":\"customer-0001\",\"scope\":\"GLOBAL\","
                        + "\"name\":\"Johnny Smith\"}")
                .statusCode())
        .isEqualTo(200);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  JsonNode create(String reference, String email) {
    HttpResponse<String> created =
        juspay(
            "/customers",
            "object_reference_id="
                + reference
                + "&mobile_number=9876543210&email_address="
                + email.replace("@", "%40")
                + "&first_name=John&last_name=Smith");
    assertThat(created.statusCode()).isEqualTo(200);
    return JsonAssert.parse(created.body());
  }

  HttpResponse<String> juspay(String path, String form) {
    String key = server.sandbox("api_key");
    return server.send(
        HttpRequest.newBuilder(server.http(path))
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form))
            .build());
  }

  HttpResponse<String> flowwise(String method, String reference, String json) {
    return server.send(
        HttpRequest.newBuilder(server.http("/router/customer/" + reference))
            .header("x-client-id", server.sandbox("client_id"))
            .header("x-client-secret", server.sandbox("client_secret"))
            .header("Content-Type", "application/json")
            .method(method, BodyPublishers.ofString(json))
            .build());
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

  String historyPath(String id) {
    return "/admin/merchants/sandbox/customers/" + id + "/history";
  }

  @Test
  void showsOneCustomerFieldByField() {
    JsonNode stored = JsonAssert.parse(api("/admin/merchants/sandbox/customers/" + customerId));

    CliRun run = admin("customers", "show", "sandbox", customerId);

    assertThat(run)
        .isEqualTo(
            CliRun.success(
                """
                FIELD                VALUE
                customer_id          %s
                reference            customer-0001
                project_id           -
                scope                GLOBAL
                first_name           John
                last_name            Smith
                name                 Johnny Smith
                email                johnny@example.org
                mobile_country_code  91
                mobile_number        9876543210
                address              -
                city                 -
                state                -
                country              -
                pincode              -
                metadata             {}
                created_at           %s
                updated_at           %s
                version              3
                """
                    .formatted(
                        customerId,
                        stored.get("created_at").textValue(),
                        stored.get("updated_at").textValue())));
  }

  @Test
  void showsOneCustomerAsTheApisJson() {
    assertThat(admin("customers", "show", "sandbox", customerId, "--json"))
        .isEqualTo(CliRun.success(api("/admin/merchants/sandbox/customers/" + customerId) + "\n"));
  }

  @Test
  void reportsAnUnknownCustomer() {
    assertThat(admin("customers", "show", "sandbox", "cst_aaaaaaaaaaaaaaaa"))
        .isEqualTo(
            CliRun.failure(
                "clientele: customer_not_found: Merchant sandbox has no customer"
                    + " cst_aaaaaaaaaaaaaaaa\n"));
  }

  /**
   * The history table as it must read, built from the API's own answer: a change's facts on the row
   * of its first field, blank below it; a redacted change says so beside its kind.
   */
  static String historyTable(JsonNode changes) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "VERSION", "KIND", "AT", "DIALECT", "CREDENTIAL", "REQUEST", "FIELD", "OLD", "NEW"));
    for (JsonNode change : changes) {
      boolean first = true;
      for (JsonNode field : change.get("fields")) {
        String kind =
            change.get("kind").textValue()
                + (change.get("redacted").booleanValue() ? " (redacted)" : "");
        rows.add(
            List.of(
                first ? change.get("version").asText() : "",
                first ? kind : "",
                first ? change.get("at").textValue() : "",
                first ? change.get("dialect").textValue() : "",
                first ? change.get("credential_id").textValue() : "",
                first ? change.get("request_id").textValue() : "",
                field.get("name").textValue(),
                field.get("old").isNull() ? "-" : field.get("old").textValue(),
                field.get("new").isNull() ? "-" : field.get("new").textValue()));
        first = false;
      }
    }
    return CliRun.aligned(rows);
  }

  @Test
  void showsTheHistoryNewestFirstOneFieldPerRow() {
    JsonNode changes = JsonAssert.parse(api(historyPath(customerId))).get("changes");

    CliRun run = admin("customers", "history", "sandbox", customerId);

    assertThat(run).isEqualTo(CliRun.success(historyTable(changes)));
    assertThat(run.out().lines().map(line -> line.replaceAll("\\s+", " ")).toList())
        .hasSize(9)
        .element(1)
        .asString()
        .startsWith("3 change ")
        .endsWith(" name - Johnny Smith");
  }

  @Test
  void showsTheHistoryAsTheApisJson() {
    assertThat(admin("customers", "history", "sandbox", customerId, "--json"))
        .isEqualTo(CliRun.success(api(historyPath(customerId)) + "\n"));
  }

  @Test
  void showsOnePageAndHowToAskForTheNext() {
    JsonNode page = JsonAssert.parse(api(historyPath(customerId) + "?limit=1"));

    CliRun run = admin("customers", "history", "sandbox", customerId, "--limit", "1");

    assertThat(run)
        .isEqualTo(
            CliRun.success(
                historyTable(page.get("changes"))
                    + "More: --cursor 3 (or --all for every page).\n"));
  }

  @Test
  void showsThePageAtACursorAsTheApisJson() {
    CliRun run =
        admin(
            "customers",
            "history",
            "sandbox",
            customerId,
            "--limit",
            "1",
            "--cursor",
            "3",
            "--json");

    assertThat(run)
        .isEqualTo(CliRun.success(api(historyPath(customerId) + "?limit=1&cursor=3") + "\n"));
    assertThat(run.out()).contains("\"version\":2,").endsWith(",\"next_cursor\":\"2\"}\n");
  }

  @Test
  void joinsEveryPageIntoOneTable() {
    JsonNode changes = JsonAssert.parse(api(historyPath(customerId))).get("changes");

    CliRun run = admin("customers", "history", "sandbox", customerId, "--limit", "1", "--all");

    assertThat(run).isEqualTo(CliRun.success(historyTable(changes)));
  }

  @Test
  void joinsEveryPageIntoOneJsonDocumentOfTheApisShape() {
    CliRun run =
        admin("customers", "history", "sandbox", customerId, "--limit", "1", "--all", "--json");

    assertThat(run).isEqualTo(CliRun.success(api(historyPath(customerId)) + "\n"));
  }

  @Test
  void joinsThePagesFromTheCursorOn() {
    CliRun run =
        admin("customers", "history", "sandbox", customerId, "--cursor", "3", "--all", "--json");

    assertThat(run).isEqualTo(CliRun.success(api(historyPath(customerId) + "?cursor=3") + "\n"));
  }

  @Test
  void showsTheHistoryOfAnErasedCustomerWithoutItsValues() {
    String erased = create("customer-0002", "gone@example.com").get("id").textValue();
    assertThat(flowwise("DELETE", "customer-0002", "").statusCode()).isEqualTo(204);
    JsonNode changes = JsonAssert.parse(api(historyPath(erased))).get("changes");

    CliRun run = admin("customers", "history", "sandbox", erased);

    assertThat(run).isEqualTo(CliRun.success(historyTable(changes)));
    assertThat(run.out().lines().map(line -> line.replaceAll("\\s+", " ")).toList())
        .contains(" email - -", " first_name - -", " mobile_number - -");
    assertThat(run.out().lines().skip(1).findFirst().orElseThrow())
        .startsWith("2        erase (redacted)  ");
  }

  @Test
  void reportsALimitTheApiRefuses() {
    assertThat(admin("customers", "history", "sandbox", customerId, "--limit", "101"))
        .isEqualTo(
            CliRun.failure(
                "clientele: invalid_request: limit must be a whole number from 1 to 100\n"));
  }

  @Test
  void reportsTheHistoryOfAnUnknownCustomer() {
    assertThat(admin("customers", "history", "sandbox", "cst_aaaaaaaaaaaaaaaa", "--all"))
        .isEqualTo(
            CliRun.failure(
                "clientele: customer_not_found: Merchant sandbox has no customer"
                    + " cst_aaaaaaaaaaaaaaaa\n"));
  }
}
