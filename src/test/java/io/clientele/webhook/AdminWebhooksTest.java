package io.clientele.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin API's webhook routes: exact statuses and bodies, in the admin error shape. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminWebhooksTest {
  static final AtomicInteger MERCHANTS = new AtomicInteger();
  static final String BAD_URL =
      "{\"error\":{\"code\":\"invalid_request\",\"message\":\"url must be an absolute http or"
          + " https URL of at most 2048 characters, with a host and without user info or"
          + " fragment\"}}";

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

  @BeforeEach
  void newMerchant() {
    merchant = "wh" + MERCHANTS.incrementAndGet();
    server.adminCall(
        "POST", "/admin/merchants", "{\"merchant_id\":\"" + merchant + "\",\"name\":\"M\"}");
  }

  HttpResponse<String> call(String method, String path, String body) {
    return server.adminCall(method, "/admin/merchants/" + merchant + path, body);
  }

  String register(String url) {
    HttpResponse<String> added = call("POST", "/webhooks", "{\"url\":\"" + url + "\"}");
    assertThat(added.statusCode()).isEqualTo(201);
    return JsonAssert.parse(added.body()).get("webhook_id").textValue();
  }

  static void assertAnswer(HttpResponse<String> response, int status, String body) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.body()).isEqualTo(body);
  }

  @Test
  void registersAnEndpointAndShowsItsSecretThisOnce() {
    HttpResponse<String> added =
        call("POST", "/webhooks", "{\"url\":\"https://hooks.example.com/clientele\"}");

    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(added.body())
        .matches("\\{\"webhook_id\":\"whk_[0-9a-f]{16}\",\"secret\":\"whsec_[A-Za-z0-9]{32}\"}");
  }

  @Test
  void listsLiveEndpointsOldestFirstWithoutTheirSecrets() {
    String first = register("https://hooks.example.com/a");
    String second = register("http://127.0.0.1:9/b?x=1");

    HttpResponse<String> listed = call("GET", "/webhooks", "");

    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body())
        .matches(
            "\\{\"webhooks\":\\[\\{\"webhook_id\":\""
                + first
                + "\",\"url\":\"https://hooks.example.com/a\",\"created_at\":\"[0-9T:-]{19}Z\"},"
                + "\\{\"webhook_id\":\""
                + second
                + "\",\"url\":\"http://127.0.0.1:9/b\\?x=1\",\"created_at\":\"[0-9T:-]{19}Z\"}]}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://hooks.example.com/a",
        "/relative/path",
        "hooks.example.com/a",
        "https://user:password@hooks.example.com/a",
        "https://hooks.example.com/a#part",
        "http:///no-host",
        "https://hooks example.com/"
      })
  void refusesAUrlThatIsNotAnAbsoluteHttpOrHttpsEndpoint(String url) {
    assertAnswer(call("POST", "/webhooks", "{\"url\":\"" + url + "\"}"), 400, BAD_URL);
  }

  @Test
  void refusesABodyWithoutAUrlOrWithAnUnknownField() {
    assertAnswer(
        call("POST", "/webhooks", "{}"),
        400,
        "{\"error\":{\"code\":\"invalid_request\",\"message\":\"url is required\"}}");
    assertAnswer(
        call("POST", "/webhooks", "{\"url\":\"https://a.example/\",\"events\":[]}"),
        400,
        "{\"error\":{\"code\":\"invalid_request\",\"message\":\"unknown field events\"}}");
  }

  @Test
  void answers404ForAnUnknownMerchant() {
    assertAnswer(
        server.adminCall("GET", "/admin/merchants/nobody/webhooks", ""),
        404,
        "{\"error\":{\"code\":\"merchant_not_found\",\"message\":\"No merchant with id nobody\"}}");
  }

  @Test
  void removesAnEndpointOnceThenAnswers404() {
    String webhook = register("https://hooks.example.com/a");

    HttpResponse<String> removed = call("DELETE", "/webhooks/" + webhook, "");
    HttpResponse<String> again = call("DELETE", "/webhooks/" + webhook, "");

    assertAnswer(removed, 204, "");
    assertAnswer(
        again,
        404,
        "{\"error\":{\"code\":\"webhook_not_found\",\"message\":\"Merchant "
            + merchant
            + " has no webhook "
            + webhook
            + "\"}}");
    assertAnswer(call("GET", "/webhooks", ""), 200, "{\"webhooks\":[]}");
    assertThat(call("GET", "/webhooks/" + webhook + "/deliveries", "").statusCode()).isEqualTo(404);
  }

  @Test
  void answers404ForAnEventTheEndpointNeverHad() {
    String webhook = register("https://hooks.example.com/a");

    assertAnswer(
        call("POST", "/webhooks/" + webhook + "/deliveries/evt_nothing/replay", ""),
        404,
        "{\"error\":{\"code\":\"event_not_found\",\"message\":\"Webhook "
            + webhook
            + " of merchant "
            + merchant
            + " has no event evt_nothing\"}}");
  }

  @Test
  void pagesDeliveriesNewestFirstByCursor() {
    String webhook = register("http://127.0.0.1:9/closed");
    for (String reference : new String[] {"p-1", "p-2", "p-3"}) {
      HttpResponse<String> imported =
          call(
              "POST",
              "/customers/import",
              "{\"customers\":[{\"reference\":\"" + reference + "\"}]}");
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    }

    HttpResponse<String> first = call("GET", "/webhooks/" + webhook + "/deliveries?limit=2", "");
    String cursor = JsonAssert.parse(first.body()).get("next_cursor").textValue();
    HttpResponse<String> second =
        call("GET", "/webhooks/" + webhook + "/deliveries?limit=2&cursor=" + cursor, "");

    assertThat(JsonAssert.parse(first.body()).get("deliveries").size()).isEqualTo(2);
    assertThat(JsonAssert.parse(second.body()).get("deliveries").size()).isEqualTo(1);
    assertThat(JsonAssert.parse(second.body()).get("next_cursor").isNull()).isTrue();
    assertThat(JsonAssert.parse(second.body()).get("deliveries").get(0).get("type").textValue())
        .isEqualTo("customer.created");
    assertAnswer(
        call("GET", "/webhooks/" + webhook + "/deliveries?cursor=nonsense", ""),
        400,
        "{\"error\":{\"code\":\"invalid_request\","
            + "\"message\":\"cursor must be a next_cursor this API returned\"}}");
  }
}
