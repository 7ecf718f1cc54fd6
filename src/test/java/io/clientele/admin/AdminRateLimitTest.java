package io.clientele.admin;

import static io.clientele.admin.AdminApiTest.assertError;
import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code PUT /admin/merchants/{m}/rate-limit}: what it takes, answers and refuses. */
class AdminRateLimitTest {
  static final String PATH = "/admin/merchants/limited/rate-limit";
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.startInTemporaryDir(null);
    HttpResponse<String> created =
        server.adminCall(
            "POST", "/admin/merchants", "{\"merchant_id\":\"limited\",\"name\":\"Limited\"}");
    assertThat(created.statusCode()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> put(String body) {
    return server.send(server.admin(PATH).PUT(BodyPublishers.ofString(body)).build());
  }

  @Test
  void setsTheLimitAndAnswersTheMerchantShowingIt() {
    HttpResponse<String> set = put("{\"requests_per_second\":5,\"burst\":20}");
    assertThat(set.statusCode()).isEqualTo(200);
    assertJson(set.body(), fixture("admin/merchant-rate-limited.json"));

    HttpResponse<String> shown = server.adminCall("GET", "/admin/merchants/limited", "");
    assertJson(shown.body(), fixture("admin/merchant-rate-limited.json"));
    String listed = server.adminCall("GET", "/admin/merchants", "").body();
    assertJson(
        listed,
        "{\"merchants\":["
            + fixture("admin/merchant-rate-limited.json")
            + ","
            + "{\"merchant_id\":\"sandbox\",\"name\":\"Sandbox\",\"allowed_ips\":[],"
            + "\"created_at\":\"<timestamp>\",\"rate_limit\":null}]}");
  }

  @Test
  void takesOneSecondOfRequestsAsTheBurstWhenNoneIsGiven() {
    String expected =
        "{\"merchant_id\":\"limited\",\"name\":\"Limited\",\"allowed_ips\":[],"
            + "\"created_at\":\"<timestamp>\","
            + "\"rate_limit\":{\"requests_per_second\":7,\"burst\":7}}";
    HttpResponse<String> set = put("{\"requests_per_second\":7}");
    assertThat(set.statusCode()).isEqualTo(200);
    assertJson(set.body(), expected);
    assertJson(put("{\"requests_per_second\":7,\"burst\":null}").body(), expected);
  }

  @Test
  void removesTheLimitForANullBody() {
    put("{\"requests_per_second\":5,\"burst\":20}");
    HttpResponse<String> removed = put("null");
    assertThat(removed.statusCode()).isEqualTo(200);
    assertJson(
        removed.body(),
        "{\"merchant_id\":\"limited\",\"name\":\"Limited\",\"allowed_ips\":[],"
            + "\"created_at\":\"<timestamp>\",\"rate_limit\":null}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|requests_per_second is required",
        "{\"burst\":3}|requests_per_second is required",
        "{\"requests_per_second\":null}|requests_per_second is required",
        "{\"requests_per_second\":0}|requests_per_second must be an integer from 1 to 100000",
        "{\"requests_per_second\":100001}|requests_per_second must be an integer from 1 to 100000",
        "{\"requests_per_second\":1.5}|requests_per_second must be an integer from 1 to 100000",
        "{\"requests_per_second\":\"5\"}|requests_per_second must be an integer from 1 to 100000",
        "{\"requests_per_second\":5,\"burst\":0}|burst must be an integer from 1 to 1000000",
        "{\"requests_per_second\":5,\"burst\":1000001}|burst must be an integer from 1 to 1000000",
        "{\"requests_per_second\":5,\"burst\":true}|burst must be an integer from 1 to 1000000",
        "{\"requests_per_second\":-1,\"burst\":-1}|requests_per_second must be an integer from 1"
            + " to 100000; burst must be an integer from 1 to 1000000",
        "{\"requests_per_second\":5,\"rate\":5}|unknown field rate",
        "[5,20]|Request body must be a JSON object, or null for no rate limit",
        "5|Request body must be a JSON object, or null for no rate limit",
        "{\"requests_per_second\":5|Request body must be a JSON object, or null for no rate limit",
      })
  void refusesABadLimitAndKeepsTheOldOne(String body, String message) {
    put("{\"requests_per_second\":5,\"burst\":20}");
    assertError(put(body), 400, "invalid_request", message);
    assertJson(
        server.adminCall("GET", "/admin/merchants/limited", "").body(),
        fixture("admin/merchant-rate-limited.json"));
  }

  @Test
  void refusesAnEmptyBody() {
    assertError(
        put(""),
        400,
        "invalid_request",
        "Request body must be a JSON object, or null for no rate limit");
  }

  @Test
  void answers404ForAnUnknownMerchant() {
    HttpResponse<String> response =
        server.send(
            server
                .admin("/admin/merchants/nobody/rate-limit")
                .PUT(BodyPublishers.ofString("{\"requests_per_second\":5}"))
                .build());
    assertJson(response.body(), fixture("admin/merchant-not-found.json"));
    assertThat(response.statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "DELETE", "PATCH"})
  void answers405WithAllowForEveryMethodButPut(String method) {
    HttpResponse<String> response =
        server.send(server.admin(PATH).method(method, HttpRequest.BodyPublishers.noBody()).build());
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("PUT");
    assertError(response, 405, "method_not_allowed", method + " is not served on " + PATH);
  }

  @Test
  void refusesARequestWithoutTheAdminToken() {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.http(PATH))
                .PUT(BodyPublishers.ofString("{\"requests_per_second\":5}"))
                .build());
    assertThat(response.statusCode()).isEqualTo(401);
    assertJson(response.body(), fixture("admin/unauthorized.json"));
  }
}
