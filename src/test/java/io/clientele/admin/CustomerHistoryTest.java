package io.clientele.admin;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomerHistoryTest {
  @TempDir Path dataDir;
  TestDatabase database;
  TestServer server;
  String customerId;

  @BeforeEach
  void startAndWriteThroughTwoDialects() {
    database = TestDatabase.h2();
    server = TestServer.start(dataDir, database.config(), Map.of());
    HttpResponse<String> created =
        juspay(
            "/customers",
            "object_reference_id=customer-0001&mobile_number=9876543210"
                + "&email_address=john%40example.com&first_name=John&last_name=Smith");
    assertThat(created.statusCode()).isEqualTo(200);
    customerId = JsonAssert.parse(created.body()).get("id").textValue();
    assertThat(
            juspay("/customers/" + customerId, "email_address=johnny%40example.com").statusCode())
        .isEqualTo(200);
    assertThat(
            flowwise(
                    "PUT",
                    "{\"customer_id\":\"customer-0001\",\"scope\":\"GLOBAL\",\"name\":\"Johnny Smith\"}")
                .statusCode())
        .isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
    database.close();
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

  HttpResponse<String> flowwise(String method, String json) {
    return server.send(
        HttpRequest.newBuilder(server.http("/router/customer/customer-0001"))
            .header("x-client-id", server.sandbox("client_id"))
            .header("x-client-secret", server.sandbox("client_secret"))
            .header("Content-Type", "application/json")
            .method(method, BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<String> history(String query) {
    return server.send(
        server
            .admin("/admin/merchants/sandbox/customers/" + customerId + "/history" + query)
            .GET()
            .build());
  }

  HttpResponse<String> customer(String merchantId, String id) {
    return server.send(
        server.admin("/admin/merchants/" + merchantId + "/customers/" + id).GET().build());
  }

  @Test
  void showsTheCustomerInTheNeutralShapeWhicheverDialectsWroteIt() {
    HttpResponse<String> response = customer("sandbox", customerId);

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(response.body(), fixture("admin/customer.json"));
    assertThat(JsonAssert.parse(response.body()).get("customer_id").textValue())
        .isEqualTo(customerId);
  }

  @Test
  void answers404ForAnErasedCustomerWhoseHistoryStaysReadable() {
    assertThat(flowwise("DELETE", "").statusCode()).isEqualTo(204);

    AdminApiTest.assertError(
        customer("sandbox", customerId),
        404,
        "customer_not_found",
        "Merchant sandbox has no customer " + customerId);
    assertThat(history("").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource({"cst_aaaaaaaaaaaaaaaa", "customer-0001", "CST_AAAAAAAAAAAAAAAA"})
  void answers404ForAnythingButTheIdOfALiveCustomer(String key) {
    AdminApiTest.assertError(
        customer("sandbox", key),
        404,
        "customer_not_found",
        "Merchant sandbox has no customer " + key);
  }

  @Test
  void answers404WhenAnotherMerchantAsksForTheCustomer() {
    server.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m2\",\"name\":\"Two\"}");

    AdminApiTest.assertError(
        customer("m2", customerId),
        404,
        "customer_not_found",
        "Merchant m2 has no customer " + customerId);
    AdminApiTest.assertError(
        customer("nobody", customerId), 404, "merchant_not_found", "No merchant with id nobody");
  }

  @Test
  void needsTheAdminTokenToShowACustomer() {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.http("/admin/merchants/sandbox/customers/" + customerId))
                .GET()
                .build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertJson(response.body(), fixture("admin/unauthorized.json"));
  }

  @Test
  void listsEveryChangeNewestFirstWithWhoMadeItAndTheValues() {
    HttpResponse<String> response = history("");

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(response.body(), fixture("admin/history-live.json"));
  }

  @Test
  void keepsTheFactsAndDropsEveryPersonalValueOnceTheCustomerIsErased() {
    assertThat(flowwise("DELETE", "").statusCode()).isEqualTo(204);

    HttpResponse<String> first = history("?limit=2");
    HttpResponse<String> last = history("?limit=2&cursor=2");

    assertThat(first.statusCode()).isEqualTo(200);
    assertJson(first.body(), fixture("admin/history-erased.json"));
    assertThat(last.statusCode()).isEqualTo(200);
    assertJson(last.body(), fixture("admin/history-first-page.json"));
    assertThat(first.body() + last.body() + history("?limit=2&cursor=3").body())
        .doesNotContain("John")
        .doesNotContain("example.com")
        .doesNotContain("9876543210");
  }

  @Test
  void answers404ForACustomerTheMerchantNeverHad() {
    HttpResponse<String> response =
        server.send(
            server
                .admin("/admin/merchants/sandbox/customers/cst_aaaaaaaaaaaaaaaa/history")
                .GET()
                .build());

    AdminApiTest.assertError(
        response,
        404,
        "customer_not_found",
        "Merchant sandbox has no customer cst_aaaaaaaaaaaaaaaa");
  }

  @Test
  void answers404ForAnUnknownMerchant() {
    HttpResponse<String> response =
        server.send(
            server
                .admin("/admin/merchants/nobody/customers/" + customerId + "/history")
                .GET()
                .build());

    AdminApiTest.assertError(response, 404, "merchant_not_found", "No merchant with id nobody");
  }

  @ParameterizedTest
  @CsvSource({
    "?limit=0, limit must be a whole number from 1 to 100",
    "?limit=101, limit must be a whole number from 1 to 100",
    "?limit=x, limit must be a whole number from 1 to 100",
    "?cursor=abc, cursor must be a next_cursor this API returned",
    "?cursor=-1, cursor must be a next_cursor this API returned"
  })
  void refusesABadLimitOrCursor(String query, String message) {
    AdminApiTest.assertError(history(query), 400, "invalid_request", message);
  }

  @Test
  void needsTheAdminToken() {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(
                    server.http("/admin/merchants/sandbox/customers/" + customerId + "/history"))
                .GET()
                .build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertJson(response.body(), fixture("admin/unauthorized.json"));
  }
}
