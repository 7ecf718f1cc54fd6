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
class CliCustomerSearchTest {
  /** What each customer's row shows after its id, by reference. */
  static final Map<String, List<String>> ROWS =
      Map.of(
          "customer-a",
              List.of("customer-a", "John Smith", "John.Smith@Example.com", "+919876543210"),
          "customer-b", List.of("customer-b", "Jane Doe", "jane@example.com", "+6599887766"),
          "customer-c", List.of("customer-c", "-", "-", "+919123456780"));

  TestServer server;

  /** Three customers: two written the Juspay way, one the Flowwise way; a fourth erased. */
  @BeforeAll
  void startAndWriteCustomers() {
    server = TestServer.startInTemporaryDir(null);
    juspay(
        "object_reference_id=customer-a&first_name=John&last_name=Smith"
            + "&email_address=John.Smith%40Example.com&mobile_country_code=91"
            + "&mobile_number=9876543210");
    juspay("object_reference_id=customer-c&mobile_number=9123456780");
    juspay("object_reference_id=customer-gone&mobile_number=9000000000");
    assertThat(
            flowwise(
                    "POST",
                    "",
                    "{\"customer_id\":\"customer-b\",\"scope\":\"GLOBAL\","
                        + "\"name\":\"Jane Doe\",\"email\":\"jane@example.com\",\"phone\":\"+6599887766\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(flowwise("DELETE", "/customer-gone", "").statusCode()).isEqualTo(204);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  void juspay(String form) {
    String key = server.sandbox("api_key");
    HttpResponse<String> created =
        server.send(
            HttpRequest.newBuilder(server.http("/customers"))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form))
                .build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
  }

  HttpResponse<String> flowwise(String method, String path, String json) {
    return server.send(
        HttpRequest.newBuilder(server.http("/router/customer" + path))
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

  String api(String query) {
    return server.adminCall("GET", "/admin/merchants/sandbox/customers" + query, "").body();
  }

  /** The table of the customers the API answers to {@code query}, in its order. */
  String table(String query) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("CUSTOMER", "REFERENCE", "NAME", "EMAIL", "PHONE", "UPDATED AT"));
    for (JsonNode customer : JsonAssert.parse(api(query)).get("customers")) {
      List<String> row = new ArrayList<>();
      row.add(customer.get("customer_id").textValue());
      row.addAll(ROWS.get(customer.get("reference").textValue()));
      row.add(customer.get("updated_at").textValue());
      rows.add(row);
    }
    return CliRun.aligned(rows);
  }

  @Test
  void listsEveryLiveCustomerByIdWhenNoCriterionIsGiven() {
    CliRun run = admin("customers", "search", "sandbox");

    assertThat(run).isEqualTo(CliRun.success(table("")));
    assertThat(run.out().lines().count()).isEqualTo(4);
  }

  @Test
  void findsACustomerByEmailInAnyCase() {
    CliRun run = admin("customers", "search", "sandbox", "--email", "john.smith@EXAMPLE.com");

    assertThat(run).isEqualTo(CliRun.success(table("?reference=customer-a")));
    assertThat(run.out())
        .contains("  customer-a  John Smith  John.Smith@Example.com  +919876543210  ");
  }

  @Test
  void findsAFlowwiseCustomerByAPhoneWrittenWithSpacesAndDashes() {
    assertThat(admin("customers", "search", "sandbox", "--phone", "+65 9988-7766"))
        .isEqualTo(CliRun.success(table("?reference=customer-b")));
  }

  @Test
  void findsAJuspayCustomerByPhoneWithoutItsPlus() {
    assertThat(admin("customers", "search", "sandbox", "--phone", "919123456780"))
        .isEqualTo(CliRun.success(table("?reference=customer-c")));
  }

  @Test
  void findsACustomerByReferenceAsTheApisJson() {
    CliRun run = admin("customers", "search", "sandbox", "--reference", "customer-b", "--json");

    assertThat(run).isEqualTo(CliRun.success(api("?reference=customer-b") + "\n"));
    assertThat(run.out()).startsWith("{\"customers\":[{\"customer_id\":\"cst_");
  }

  @Test
  void printsTheHeaderAloneWhenNothingMatches() {
    assertThat(admin("customers", "search", "sandbox", "--reference", "customer-gone"))
        .isEqualTo(CliRun.success("CUSTOMER  REFERENCE  NAME  EMAIL  PHONE  UPDATED AT\n"));
  }

  @Test
  void showsOnePageAndHowToAskForTheNext() {
    String first = JsonAssert.parse(api("?limit=1")).get("next_cursor").textValue();

    CliRun run = admin("customers", "search", "sandbox", "--limit", "1");

    assertThat(run)
        .isEqualTo(
            CliRun.success(
                table("?limit=1") + "More: --cursor " + first + " (or --all for every page).\n"));
  }

  @Test
  void joinsEveryPageIntoOneJsonDocumentOfTheApisShape() {
    assertThat(admin("customers", "search", "sandbox", "--limit", "1", "--all", "--json"))
        .isEqualTo(CliRun.success(api("") + "\n"));
  }

  @Test
  void joinsEveryPageIntoOneTable() {
    assertThat(admin("customers", "search", "sandbox", "--limit", "2", "--all"))
        .isEqualTo(CliRun.success(table("")));
  }

  @Test
  void countsEveryMatchBelowTheTable() {
    assertThat(
            admin(
                "customers",
                "search",
                "sandbox",
                "--limit",
                "1",
                "--total",
                "--phone",
                "+91 98765 43210"))
        .isEqualTo(CliRun.success(table("?reference=customer-a") + "Matching: 1.\n"));
    assertThat(
            admin("customers", "search", "sandbox", "--limit", "2", "--total", "--all", "--json"))
        .isEqualTo(CliRun.success(api("?include=total") + "\n"));
  }

  @Test
  void refusesTwoCriteriaAsAUsageError() {
    CliRun run =
        admin("customers", "search", "sandbox", "--reference", "customer-a", "--email", "a@b.co");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().findFirst())
        .contains(
            "Error: --reference=REF, --email=EMAIL are mutually exclusive (specify only one)");
  }

  @Test
  void reportsAPhoneTheApiRefuses() {
    assertThat(admin("customers", "search", "sandbox", "--phone", "call me"))
        .isEqualTo(
            CliRun.failure(
                "clientele: invalid_request: phone must be an international number, country code"
                    + " first, with or without its +, such as +919876543210\n"));
  }

  @Test
  void reportsTheCustomersOfAnUnknownMerchant() {
    assertThat(admin("customers", "search", "nobody", "--all"))
        .isEqualTo(CliRun.failure("clientele: merchant_not_found: No merchant with id nobody\n"));
  }
}
