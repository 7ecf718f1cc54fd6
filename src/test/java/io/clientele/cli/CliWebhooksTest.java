package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.util.List;
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
class CliWebhooksTest {
  static final String SHOWN_ONCE =
      "The signing secret above is shown this once: Clientele cannot show it again.\n";

  /** Nothing listens there: events stay pending, retried after 10 s. */
  static final String CLOSED = "http://127.0.0.1:9/hooks";

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

  JsonNode api(String method, String path, String body) {
    String answer = server.adminCall(method, "/admin/merchants/" + merchant + path, body).body();
    return answer.isEmpty() ? null : JsonAssert.parse(answer);
  }

  String register(String url) {
    return api("POST", "/webhooks", "{\"url\":\"" + url + "\"}").get("webhook_id").textValue();
  }

  static Matcher matches(String output, String pattern) {
    Matcher matcher = Pattern.compile(pattern).matcher(output);
    assertThat(matcher.matches()).as(output).isTrue();
    return matcher;
  }

  @Test
  void addsAnEndpointAndSaysItsSecretIsShownOnce() {
    CliRun run = admin("webhooks", "add", merchant, "https://hooks.example.com/a");

    assertThat(run.code()).isZero();
    assertThat(run.err()).isEmpty();
    Matcher shown =
        matches(
            run.out(),
            "FIELD       VALUE\n"
                + "webhook_id  (whk_[0-9a-f]{16})\n"
                + "secret      whsec_[A-Za-z0-9]{32}\n"
                + Pattern.quote(SHOWN_ONCE));
    assertThat(api("GET", "/webhooks", "").get("webhooks").get(0).get("webhook_id").textValue())
        .isEqualTo(shown.group(1));
  }

  @Test
  void reportsAUrlThatIsNotHttpOrHttps() {
    assertThat(admin("webhooks", "add", merchant, "ftp://hooks.example.com/a"))
        .isEqualTo(
            CliRun.failure(
                "clientele: invalid_request: url must be an absolute http or https URL of at most"
                    + " 2048 characters, with a host and without user info or fragment\n"));
  }

  @Test
  void listsEndpointsOldestFirst() {
    String first = register("https://hooks.example.com/a");
    String second = register(CLOSED);
    JsonNode listed = api("GET", "/webhooks", "").get("webhooks");

    CliRun run = admin("webhooks", "list", merchant);

    assertThat(run)
        .isEqualTo(
            CliRun.success(
                CliRun.aligned(
                    List.of(
                        List.of("WEBHOOK", "URL", "CREATED AT"),
                        List.of(
                            first,
                            "https://hooks.example.com/a",
                            listed.get(0).get("created_at").textValue()),
                        List.of(second, CLOSED, listed.get(1).get("created_at").textValue())))));
  }

  @Test
  void removesAnEndpoint() {
    String webhook = register(CLOSED);

    CliRun run = admin("webhooks", "remove", merchant, webhook);

    assertThat(run)
        .isEqualTo(CliRun.success("Removed " + webhook + " of merchant " + merchant + ".\n"));
    assertThat(api("GET", "/webhooks", "").toString()).isEqualTo("{\"webhooks\":[]}");
    assertThat(admin("webhooks", "remove", merchant, webhook))
        .isEqualTo(
            CliRun.failure(
                "clientele: webhook_not_found: Merchant "
                    + merchant
                    + " has no webhook "
                    + webhook
                    + "\n"));
  }

  /** The endpoint's newest delivery once its first attempt failed: stable for the next 10 s. */
  JsonNode firstAttemptMade(String webhook) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      JsonNode delivery =
          api("GET", "/webhooks/" + webhook + "/deliveries", "").get("deliveries").get(0);
      if (delivery.get("attempts").intValue() == 1 && !delivery.get("last_error").isNull()) {
        return delivery;
      }
      assertThat(System.nanoTime()).as("a first attempt within 20 s").isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void showsDeliveriesWithTheirStateAndReplaysOne() {
    String webhook = register(CLOSED);
    api("POST", "/customers/import", "{\"customers\":[{\"reference\":\"r-1\"}]}");
    JsonNode d = firstAttemptMade(webhook);
    String event = d.get("event_id").textValue();

    CliRun shown = admin("webhooks", "deliveries", merchant, webhook);
    CliRun replayed = admin("webhooks", "replay", merchant, webhook, event, "--json");

    assertThat(shown)
        .isEqualTo(
            CliRun.success(
                CliRun.aligned(
                    List.of(
                        List.of(
                            "EVENT",
                            "TYPE",
                            "CUSTOMER",
                            "VERSION",
                            "CREATED AT",
                            "STATE",
                            "ATTEMPTS",
                            "LAST STATUS",
                            "LAST ERROR",
                            "NEXT ATTEMPT AT",
                            "DELIVERED AT"),
                        List.of(
                            event,
                            "customer.created",
                            d.get("customer_id").textValue(),
                            "1",
                            d.get("created_at").textValue(),
                            "pending",
                            "1",
                            "-",
                            "connection refused or unreachable",
                            d.get("next_attempt_at").textValue(),
                            "-")))));
    assertThat(replayed.err()).isEmpty();
    matches(
        replayed.out(),
        Pattern.quote(
                "{\"event_id\":\""
                    + event
                    + "\",\"type\":\"customer.created\",\"customer_id\":\""
                    + d.get("customer_id").textValue()
                    + "\",\"version\":1,\"created_at\":\""
                    + d.get("created_at").textValue()
                    + "\",\"state\":\"pending\",\"attempts\":0,\"last_status\":null,"
                    + "\"last_error\":\"connection refused or unreachable\",\"next_attempt_at\":\"")
            + "[0-9T:-]{19}Z"
            + Pattern.quote("\",\"delivered_at\":null}\n"));
  }
}
