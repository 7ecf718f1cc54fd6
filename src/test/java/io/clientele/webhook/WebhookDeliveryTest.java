package io.clientele.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.config.DatabaseConfig;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestDatabase.Engine;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Customer events reach a merchant's receiver through the real server: signed, in order per
 * customer, again after the receiver was down or the server restarted, and never with personal data
 * after an erasure.
 */
class WebhookDeliveryTest {
  /** Polls and retries in milliseconds; never gives up within a test. */
  static final WebhookTiming FAST =
      new WebhookTiming(
          Duration.ofMillis(50),
          Duration.ofSeconds(3),
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 1000));

  @TempDir Path dir;

  /** A server with merchants m1 and m2, each with a canonical key. */
  static final class Shop implements AutoCloseable {
    final TestServer server;
    final String m1;
    final String m2;

    Shop(Path dataDir, DatabaseConfig database, WebhookTiming timing, boolean fresh) {
      server = TestServer.start(dataDir, database, timing);
      if (fresh) {
        admin("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}");
        admin("POST", "/admin/merchants", "{\"merchant_id\":\"m2\",\"name\":\"Two\"}");
      }
      m1 = key("m1");
      m2 = key("m2");
    }

    String key(String merchant) {
      HttpResponse<String> issued =
          admin(
              "POST",
              "/admin/merchants/" + merchant + "/credentials",
              "{\"dialect\":\"canonical\"}");
      assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
      return JsonAssert.parse(issued.body()).get("api_key").textValue();
    }

    HttpResponse<String> admin(String method, String path, String body) {
      return server.adminCall(method, path, body);
    }

    /** Registers the receiver's URL for {@code merchant}; the receiver learns the secret. */
    String register(String merchant, Receiver receiver) {
      HttpResponse<String> added =
          admin(
              "POST",
              "/admin/merchants/" + merchant + "/webhooks",
              "{\"url\":\"" + receiver.url() + "\"}");
      assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
      JsonNode body = JsonAssert.parse(added.body());
      receiver.secret(body.get("secret").textValue());
      return body.get("webhook_id").textValue();
    }

    HttpResponse<String> v1(String key, String method, String path, String body) {
      return v1(key, method, path, body, "Idempotency-Key", null);
    }

    /** A canonical request, with one more header when {@code value} is not null. */
    HttpResponse<String> v1(
        String key, String method, String path, String body, String header, String value) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(server.http(path))
              .timeout(Duration.ofSeconds(20))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (value != null) {
        request.header(header, value);
      }
      HttpResponse<String> response = server.send(request.build());
      assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
      return response;
    }

    /** The endpoint's deliveries, oldest first. */
    List<JsonNode> deliveries(String merchant, String webhook) {
      HttpResponse<String> page =
          admin(
              "GET",
              "/admin/merchants/" + merchant + "/webhooks/" + webhook + "/deliveries?limit=100",
              "");
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      List<JsonNode> oldestFirst = new ArrayList<>();
      JsonAssert.parse(page.body()).get("deliveries").forEach(d -> oldestFirst.add(0, d));
      return oldestFirst;
    }

    /** Waits until the endpoint's deliveries satisfy {@code done}; answers them, oldest first. */
    List<JsonNode> awaitDeliveries(
        String merchant, String webhook, Predicate<List<JsonNode>> done) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (true) {
        List<JsonNode> deliveries = deliveries(merchant, webhook);
        if (done.test(deliveries)) {
          return deliveries;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("deliveries never came to the state awaited: " + deliveries);
        }
        pause(20);
      }
    }

    @Override
    public void close() {
      server.close();
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Predicate<List<JsonNode>> allDelivered(int count) {
    return deliveries ->
        deliveries.size() == count
            && deliveries.stream().allMatch(d -> d.get("state").textValue().equals("delivered"));
  }

  static String event(String id, String type, String createdAt, String data) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\",\"created_at\":\""
        + createdAt
        + "\",\"data\":"
        + data
        + "}";
  }

  private DatabaseConfig database(Engine engine, List<AutoCloseable> open) {
    if (engine == Engine.H2) {
      return null; // the embedded database in the data directory, which outlives a stop
    }
    TestDatabase database = TestDatabase.create(engine);
    open.add(database);
    return database.config();
  }

  private Path dataDir() {
    try {
      return Files.createTempDirectory(dir, "node");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void deliversCreatedUpdatedAndDeletedEventsSignedInTheCanonicalShape(Engine engine)
      throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    try (Receiver receiver = Receiver.up();
        Shop shop = new Shop(dataDir(), database(engine, open), FAST, true)) {
      String webhook = shop.register("m1", receiver);

      JsonNode created =
          JsonAssert.parse(
              shop.v1(
                      shop.m1,
                      "POST",
                      "/v1/customers",
                      "{\"reference\":\"c-1\",\"name\":\"Asha Rao\",\"email\":\"asha@example.com\","
                          + "\"phone\":\"+919876543210\",\"metadata\":{\"tier\":\"gold\"}}")
                  .body());
      String id = created.get("id").textValue();
      String updated =
          shop.v1(shop.m1, "PATCH", "/v1/customers/" + id, "{\"email\":null,\"city\":\"Pune\"}")
              .body();
      shop.awaitDeliveries("m1", webhook, allDelivered(2));
      shop.v1(shop.m1, "DELETE", "/v1/customers/" + id, null);
      List<JsonNode> deliveries = shop.awaitDeliveries("m1", webhook, allDelivered(3));
      List<Receiver.Arrival> arrivals = receiver.await(3);

      assertThat(arrivals)
          .containsExactly(
              new Receiver.Arrival(
                  event(
                      deliveries.get(0).get("event_id").textValue(),
                      "customer.created",
                      created.get("created_at").textValue(),
                      created.toString()),
                  true),
              new Receiver.Arrival(
                  event(
                      deliveries.get(1).get("event_id").textValue(),
                      "customer.updated",
                      JsonAssert.parse(updated).get("updated_at").textValue(),
                      updated),
                  true),
              new Receiver.Arrival(
                  event(
                      deliveries.get(2).get("event_id").textValue(),
                      "customer.deleted",
                      deliveries.get(2).get("created_at").textValue(),
                      "{\"id\":\"" + id + "\",\"version\":3,\"deleted\":true}"),
                  true));
      JsonNode last = deliveries.get(2);
      assertThat(last.toString())
          .isEqualTo(
              "{\"event_id\":\""
                  + last.get("event_id").textValue()
                  + "\",\"type\":\"customer.deleted\",\"customer_id\":\""
                  + id
                  + "\",\"version\":3,\"created_at\":\""
                  + last.get("created_at").textValue()
                  + "\",\"state\":\"delivered\",\"attempts\":1,\"last_status\":204,"
                  + "\"last_error\":null,\"next_attempt_at\":null,\"delivered_at\":\""
                  + last.get("delivered_at").textValue()
                  + "\"}");
    } finally {
      for (AutoCloseable closeable : open) {
        closeable.close();
      }
    }
  }

  /** The bodies that arrived, in order. */
  static List<String> bodies(List<Receiver.Arrival> arrivals) {
    assertThat(arrivals).allMatch(Receiver.Arrival::signed);
    return arrivals.stream().map(Receiver.Arrival::body).toList();
  }

  static String field(String body, String... path) {
    JsonNode node = JsonAssert.parse(body);
    for (String name : path) {
      node = node.get(name);
    }
    return node.isTextual() ? node.textValue() : node.toString();
  }

  @Test
  void retriesWhileTheReceiverIsDownThenDeliversEachCustomersEventsInOrder() {
    try (Receiver receiver = Receiver.down();
        Shop shop = new Shop(dataDir(), null, FAST, true)) {
      String webhook = shop.register("m1", receiver);
      List<String> ids = new ArrayList<>();
      for (String reference : List.of("a", "b")) {
        String id =
            field(
                shop.v1(shop.m1, "POST", "/v1/customers", "{\"reference\":\"" + reference + "\"}")
                    .body(),
                "id");
        ids.add(id);
        for (String city : List.of("Pune", "Kochi")) {
          shop.v1(shop.m1, "PATCH", "/v1/customers/" + id, "{\"city\":\"" + city + "\"}");
        }
      }
      List<JsonNode> failing =
          shop.awaitDeliveries(
              "m1",
              webhook,
              deliveries ->
                  deliveries.size() == 6 && deliveries.get(0).get("attempts").intValue() >= 3);

      receiver.start();
      shop.awaitDeliveries("m1", webhook, allDelivered(6));

      JsonNode first = failing.get(0);
      assertThat(first.get("state").textValue()).isEqualTo("pending");
      assertThat(first.get("last_status").isNull()).isTrue();
      assertThat(first.get("last_error").textValue())
          .isEqualTo("connection refused or unreachable");
      List<String> bodies = bodies(receiver.await(6));
      assertThat(bodies).hasSize(6);
      for (String id : ids) {
        List<String> versions =
            bodies.stream()
                .filter(body -> field(body, "data", "id").equals(id))
                .map(body -> field(body, "type") + " " + field(body, "data", "version"))
                .toList();
        assertThat(versions)
            .containsExactly("customer.created 1", "customer.updated 2", "customer.updated 3");
      }
    }
  }

  @Test
  void givesUpAnAttemptWhoseAnswerNeverEndsAndTriesAgain() {
    try (Receiver receiver = Receiver.up();
        Shop shop = new Shop(dataDir(), null, FAST, true)) {
      receiver.trickle();
      String webhook = shop.register("m1", receiver);
      shop.v1(shop.m1, "POST", "/v1/customers", "{\"reference\":\"slow\"}");

      List<JsonNode> deliveries =
          shop.awaitDeliveries(
              "m1",
              webhook,
              found -> found.size() == 1 && found.get(0).get("attempts").intValue() >= 2);

      assertThat(deliveries.get(0).get("state").textValue()).isEqualTo("pending");
      assertThat(deliveries.get(0).get("last_error").textValue())
          .isEqualTo("no answer within the read timeout");
      receiver.letGo();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void losesNothingWhenTheServerStopsMidDeliveryAndANewOneStartsOnTheSameDatabase(Engine engine)
      throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    Path dataDir = dataDir();
    DatabaseConfig database = database(engine, open);
    try (Receiver receiver = Receiver.up()) {
      receiver.holdRequests();
      String webhook;
      String id;
      try (Shop first = new Shop(dataDir, database, FAST, true)) {
        webhook = first.register("m1", receiver);
        id =
            field(
                first.v1(first.m1, "POST", "/v1/customers", "{\"reference\":\"r\"}").body(), "id");
        first.v1(first.m1, "PATCH", "/v1/customers/" + id, "{\"city\":\"Pune\"}");
        receiver.await(1); // the create is in flight, unanswered, when the server stops
      }
      receiver.letGo();
      try (Shop second = new Shop(dataDir, database, FAST, false)) {
        List<JsonNode> deliveries = second.awaitDeliveries("m1", webhook, allDelivered(2));

        List<String> events =
            bodies(receiver.arrivals()).stream()
                .map(body -> field(body, "id") + " " + field(body, "type"))
                .distinct()
                .toList();
        assertThat(events)
            .containsExactly(
                deliveries.get(0).get("event_id").textValue() + " customer.created",
                deliveries.get(1).get("event_id").textValue() + " customer.updated");
        assertThat(
                field(
                    receiver.arrivals().get(receiver.arrivals().size() - 1).body(), "data", "city"))
            .isEqualTo("Pune");
      }
    } finally {
      for (AutoCloseable closeable : open) {
        closeable.close();
      }
    }
  }

  @Test
  void sendsOnlyIdVersionAndWhichForEventsOfACustomerErasedBeforeTheyWereSent() {
    try (Receiver receiver = Receiver.down();
        Shop shop = new Shop(dataDir(), null, FAST, true)) {
      String webhook = shop.register("m1", receiver);
      String id =
          field(
              shop.v1(
                      shop.m1,
                      "POST",
                      "/v1/customers",
                      "{\"reference\":\"secret-ref\",\"name\":\"Asha Rao\","
                          + "\"email\":\"asha@example.com\",\"phone\":\"+919876543210\"}")
                  .body(),
              "id");
      shop.v1(shop.m1, "PATCH", "/v1/customers/" + id, "{\"city\":\"Pune\"}");
      shop.v1(shop.m1, "DELETE", "/v1/customers/" + id, null);

      receiver.start();
      shop.awaitDeliveries("m1", webhook, allDelivered(3));

      assertThat(bodies(receiver.await(3)).stream().map(body -> field(body, "data")))
          .containsExactly(
              "{\"id\":\"" + id + "\",\"version\":1,\"redacted\":true}",
              "{\"id\":\"" + id + "\",\"version\":2,\"redacted\":true}",
              "{\"id\":\"" + id + "\",\"version\":3,\"deleted\":true}");
    }
  }

  @Test
  void sendsNothingToAMerchantForAnotherMerchantsCustomers() {
    try (Receiver receiver = Receiver.up();
        Shop shop = new Shop(dataDir(), null, FAST, true)) {
      String webhook = shop.register("m1", receiver);
      shop.v1(shop.m2, "POST", "/v1/customers", "{\"reference\":\"theirs\"}");
      String mine =
          field(shop.v1(shop.m1, "POST", "/v1/customers", "{\"reference\":\"mine\"}").body(), "id");

      shop.awaitDeliveries("m1", webhook, allDelivered(1));
      pause(300);

      assertThat(bodies(receiver.arrivals()).stream().map(body -> field(body, "data", "id")))
          .containsExactly(mine);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void sendsACreatedEventForEveryImportedCustomer(Engine engine) throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    try (Receiver receiver = Receiver.up();
        Shop shop = new Shop(dataDir(), database(engine, open), FAST, true)) {
      String webhook = shop.register("m1", receiver);

      HttpResponse<String> imported =
          shop.admin(
              "POST",
              "/admin/merchants/m1/customers/import",
              "{\"customers\":[{\"reference\":\"i-1\",\"name\":\"One\"},"
                  + "{\"reference\":\"i-2\",\"name\":\"Two\"}]}");
      shop.awaitDeliveries("m1", webhook, allDelivered(2));

      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
      assertThat(
              bodies(receiver.await(2)).stream()
                  .map(body -> field(body, "type") + " " + field(body, "data", "reference"))
                  .sorted())
          .containsExactly("customer.created i-1", "customer.created i-2");
    } finally {
      for (AutoCloseable closeable : open) {
        closeable.close();
      }
    }
  }

  @Test
  void givesUpAfterTheLastAttemptAndSendsAgainWhenReplayed() {
    WebhookTiming twice =
        new WebhookTiming(
            FAST.poll(),
            FAST.lease(),
            FAST.connectTimeout(),
            FAST.readTimeout(),
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(50), 2));
    try (Receiver receiver = Receiver.up();
        Shop shop = new Shop(dataDir(), null, twice, true)) {
      receiver.answer(500);
      String webhook = shop.register("m1", receiver);
      shop.v1(shop.m1, "POST", "/v1/customers", "{\"reference\":\"r\"}");
      JsonNode failed =
          shop.awaitDeliveries(
                  "m1",
                  webhook,
                  deliveries ->
                      deliveries.size() == 1
                          && deliveries.get(0).get("state").textValue().equals("failed"))
              .get(0);
      String event = failed.get("event_id").textValue();

      receiver.answer(200);
      HttpResponse<String> replayed =
          shop.admin(
              "POST",
              "/admin/merchants/m1/webhooks/" + webhook + "/deliveries/" + event + "/replay",
              "");
      JsonNode delivered = shop.awaitDeliveries("m1", webhook, allDelivered(1)).get(0);

      assertThat(failed.get("attempts").intValue()).isEqualTo(2);
      assertThat(failed.get("last_status").intValue()).isEqualTo(500);
      assertThat(failed.get("last_error").isNull()).isTrue();
      assertThat(failed.get("next_attempt_at").isNull()).isTrue();
      assertThat(replayed.statusCode()).isEqualTo(202);
      assertThat(JsonAssert.parse(replayed.body()).get("state").textValue()).isEqualTo("pending");
      assertThat(JsonAssert.parse(replayed.body()).get("attempts").intValue()).isZero();
      assertThat(delivered.get("attempts").intValue()).isEqualTo(1);
      assertThat(delivered.get("last_status").intValue()).isEqualTo(200);
      assertThat(receiver.await(3)).hasSize(3);
    }
  }

  /**
   * Two nodes on one PostgreSQL share the work: every event arrives once, each customer's in
   * version order, whichever node wrote it and whichever sent it.
   */
  @Test
  void twoNodesOnOnePostgresSendEachEventOnceInOrderPerCustomer() throws Exception {
    Path shared = dataDir(); // the master key, which both nodes need
    try (TestDatabase database = TestDatabase.postgres();
        Receiver receiver = Receiver.up();
        Shop first = new Shop(shared, database.config(), FAST, true);
        Shop second = new Shop(shared, database.config(), FAST, false)) {
      String webhook = first.register("m1", receiver);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Shop writer = i % 2 == 0 ? first : second;
        String key = i % 2 == 0 ? first.m1 : second.m1;
        String id =
            field(
                writer.v1(key, "POST", "/v1/customers", "{\"reference\":\"n-" + i + "\"}").body(),
                "id");
        ids.add(id);
        for (String city : List.of("Pune", "Kochi", "Goa")) {
          Shop other = writer == first ? second : first;
          other.v1(
              writer == first ? second.m1 : first.m1,
              "PATCH",
              "/v1/customers/" + id,
              "{\"city\":\"" + city + "\"}");
        }
      }
      first.awaitDeliveries("m1", webhook, allDelivered(40));

      List<String> bodies = bodies(receiver.await(40));
      assertThat(bodies).hasSize(40);
      assertThat(bodies.stream().map(body -> field(body, "id")).distinct()).hasSize(40);
      for (String id : ids) {
        assertThat(
                bodies.stream()
                    .filter(body -> field(body, "data", "id").equals(id))
                    .map(body -> field(body, "data", "version")))
            .containsExactly("1", "2", "3", "4");
      }
    }
  }

  /** A write under an Idempotency-Key raises its events once; its replays raise none. */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void raisesEachEventOnceForWritesRepeatedUnderAnIdempotencyKey(Engine engine) throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    try (Receiver receiver = Receiver.up();
        Shop shop = new Shop(dataDir(), database(engine, open), FAST, true)) {
      String webhook = shop.register("m1", receiver);
      String id = null;
      for (int i = 0; i < 2; i++) {
        id =
            field(
                shop.v1(
                        shop.m1,
                        "POST",
                        "/v1/customers",
                        "{\"reference\":\"k-1\"}",
                        "Idempotency-Key",
                        "create-k-1")
                    .body(),
                "id");
        shop.v1(
            shop.m1,
            "PATCH",
            "/v1/customers/" + id,
            "{\"city\":\"Pune\"}",
            "Idempotency-Key",
            "patch-k-1");
      }
      shop.awaitDeliveries("m1", webhook, allDelivered(2));
      pause(300);

      assertThat(
              bodies(receiver.arrivals()).stream()
                  .map(body -> field(body, "type") + " " + field(body, "data", "version")))
          .containsExactly("customer.created 1", "customer.updated 2");
      assertThat(shop.deliveries("m1", webhook)).hasSize(2);
    } finally {
      for (AutoCloseable closeable : open) {
        closeable.close();
      }
    }
  }
}
