package io.clientele.server;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.config.DatabaseConfig;
import io.clientele.storage.SealedRows;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TcpProxy;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL server seen through a proxy that first freezes (every byte held, every socket left
 * open) and then cuts (every connection closed, new ones refused) under creates and reads through
 * two dialects: every request answers within its deadline, those sent during the fault with their
 * dialect's own server error; readiness answers 503 at once; and when the database is back the
 * service is too, without a restart and with every acknowledged write stored. The shared server
 * itself is never stopped.
 */
class DatabaseFaultsTest {
  static final Duration DEADLINE = Duration.ofSeconds(2);

  /** What a loaded machine may add to the deadline: the bound asserted is deadline + margin. */
  static final Duration MARGIN = Duration.ofSeconds(1);

  static final Duration READY_BOUND = Duration.ofSeconds(1);
  static final Duration FREEZE = Duration.ofSeconds(5);
  static final Duration CUT = Duration.ofSeconds(3);
  static final Duration RECOVERS_WITHIN = Duration.ofSeconds(10);
  static final int CLIENTS = 6;
  static final String DOWN = "{\"status\":\"DOWN\",\"database\":\"DOWN\"}";
  static final String UP = "{\"status\":\"UP\",\"database\":\"UP\"}";

  @TempDir Path dataDir;

  /** One answer, or its failure as status -1, with when its request was sent and answered. */
  record Answer(String kind, long sent, long answered, int status, String body, String requestId) {
    Duration took() {
      return Duration.ofNanos(answered - sent);
    }
  }

  @Test
  void answersWithinTheDeadlineThroughAFreezeAndACutAndRecoversWithEveryAcknowledgedWrite()
      throws Exception {
    try (TestDatabase database = TestDatabase.postgres();
        TcpProxy proxy = TcpProxy.to(URI.create(TestDatabase.POSTGRES_URL.substring(5)).getPort());
        TestServer server =
            TestServer.start(
                dataDir,
                throughProxy(database.config(), proxy.port()),
                Map.of("request-timeout", DEADLINE.toSeconds() + "s"))) {
      Load load = new Load(server);
      String juspayId = load.juspaySeed();
      String flowwiseId = load.flowwiseSeed();
      load.start(juspayId, flowwiseId);
      Thread.sleep(1_500);

      long freezeAt = System.nanoTime();
      proxy.freeze();
      Thread.sleep(FREEZE.toMillis());
      long cutAt = System.nanoTime();
      proxy.cut();
      Thread.sleep(CUT.toMillis());
      long restoreAt = System.nanoTime();
      proxy.restore();
      long recoveredAt = load.awaitCreateSentAfter(restoreAt, RECOVERS_WITHIN);
      Thread.sleep(1_500);
      load.stop();

      List<Answer> answers = load.answers();
      List<Answer> checks = load.readinessChecks();
      report(answers, checks, freezeAt, cutAt, restoreAt, recoveredAt);

      assertThat(answers)
          .as("answers slower than the deadline and its margin")
          .filteredOn(a -> a.took().compareTo(DEADLINE.plus(MARGIN)) > 0)
          .isEmpty();
      long faultEnd = restoreAt - DEADLINE.plus(MARGIN).toNanos();
      List<Answer> duringFault =
          answers.stream().filter(a -> a.sent() >= freezeAt && a.sent() <= faultEnd).toList();
      assertThat(duringFault.stream().map(Answer::kind).distinct().sorted())
          .containsExactly("flowwise create", "flowwise read", "juspay create", "juspay read");
      duringFault.forEach(DatabaseFaultsTest::assertServerError);
      assertThat(answers)
          .as("answers to requests sent once the service came back")
          .filteredOn(a -> a.sent() >= recoveredAt)
          .isNotEmpty()
          .allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo(200));

      assertThat(checks)
          .as("readiness checks slower than " + READY_BOUND)
          .filteredOn(c -> c.took().compareTo(READY_BOUND) >= 0)
          .isEmpty();
      List<Answer> checksDuringFault =
          checks.stream()
              .filter(
                  c -> c.sent() >= freezeAt + READY_BOUND.toNanos() && c.answered() <= restoreAt)
              .toList();
      assertThat(checksDuringFault).hasSizeGreaterThan(10);
      checksDuringFault.forEach(
          c -> {
            assertThat(c.status()).as(c.toString()).isEqualTo(503);
            assertJson(c.body(), DOWN);
          });
      HttpResponse<String> ready = load.get("/health/ready", Map.of());
      assertThat(ready.statusCode()).isEqualTo(200);
      assertJson(ready.body(), UP);

      Set<String> stored = new TreeSet<>();
      SealedRows.customers(
              database.config(), SealedRows.masterOf(dataDir), "select * from customers")
          .forEach(row -> stored.add(row.get("reference")));
      assertThat(load.acknowledged())
          .as("acknowledged creates missing from the database")
          .filteredOn(reference -> !stored.contains(reference))
          .isEmpty();
    }
  }

  /** Each dialect's documented 500 for the operation, quoting the answer's request id. */
  private static void assertServerError(Answer answer) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
    String expected =
        switch (answer.kind()) {
          case "juspay create", "juspay read" ->
              fixture("juspay/internal-error.json").replace("<uuid>", answer.requestId());
          case "flowwise create" -> fixture("flowwise/create-failed.json");
          default -> fixture("flowwise/fetch-failed.json");
        };
    assertJson(answer.body(), expected);
  }

  private static DatabaseConfig throughProxy(DatabaseConfig direct, int proxyPort) {
    URI target = URI.create(TestDatabase.POSTGRES_URL.substring(5));
    String url =
        direct
            .url()
            .replace(
                "//" + target.getHost() + ":" + target.getPort() + "/",
                "//127.0.0.1:" + proxyPort + "/");
    assertThat(url).contains(":" + proxyPort + "/");
    return new DatabaseConfig(url, direct.user(), direct.password());
  }

  /** The figures the report quotes, printed for the build log. */
  private static void report(
      List<Answer> answers,
      List<Answer> checks,
      long freezeAt,
      long cutAt,
      long restoreAt,
      long recoveredAt) {
    System.out.printf(
        "DatabaseFaultsTest: %d answers; during freeze %s; during cut %s; readiness checks %s;"
            + " first 503 %d ms after the freeze; service back %d ms after restore; first ready 200"
            + " %d ms after restore%n",
        answers.size(),
        spread(answers, freezeAt, cutAt),
        spread(answers, cutAt, restoreAt),
        spread(checks, freezeAt, restoreAt),
        checks.stream()
            .filter(c -> c.sent() >= freezeAt && c.status() == 503)
            .mapToLong(c -> (c.answered() - freezeAt) / 1_000_000)
            .min()
            .orElse(-1),
        (recoveredAt - restoreAt) / 1_000_000,
        checks.stream()
            .filter(c -> c.sent() >= restoreAt && c.status() == 200)
            .mapToLong(c -> (c.answered() - restoreAt) / 1_000_000)
            .min()
            .orElse(-1));
  }

  private static String spread(List<Answer> answers, long from, long to) {
    long[] millis =
        answers.stream()
            .filter(a -> a.sent() >= from && a.sent() < to)
            .mapToLong(a -> a.took().toMillis())
            .sorted()
            .toArray();
    if (millis.length == 0) {
      return "none";
    }
    return millis.length
        + " answers, median "
        + millis[millis.length / 2]
        + " ms, max "
        + millis[millis.length - 1]
        + " ms";
  }

  /** Clients creating and reading through Juspay and Flowwise, and one polling readiness. */
  static final class Load {
    private final TestServer server;
    private final HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final List<Answer> checks = new CopyOnWriteArrayList<>();
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    Load(TestServer server) {
      this.server = server;
    }

    String juspaySeed() throws Exception {
      HttpResponse<String> created = juspayCreate("seedj" + System.nanoTime());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      return JsonAssert.parse(created.body()).get("id").textValue();
    }

    String flowwiseSeed() throws Exception {
      String reference = "seedf" + System.nanoTime();
      HttpResponse<String> created = flowwiseCreate(reference);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      return reference;
    }

    void start(String juspayId, String flowwiseId) {
      for (int i = 0; i < CLIENTS; i++) {
        int client = i;
        threads.add(
            daemon(
                () -> {
                  for (int n = 0; running.get(); n++) {
                    step((n + client) % 4, juspayId, flowwiseId);
                  }
                }));
      }
      threads.add(
          daemon(
              () -> {
                while (running.get()) {
                  record(checks, "ready", () -> get("/health/ready", Map.of()), null);
                  pause(100);
                }
              }));
    }

    private static Thread daemon(Runnable task) {
      Thread thread = new Thread(task, "database-faults-load");
      thread.setDaemon(true);
      thread.start();
      return thread;
    }

    private void step(int kind, String juspayId, String flowwiseId) {
      String reference = "r" + sequence.incrementAndGet() + "x" + System.nanoTime();
      switch (kind) {
        case 0 -> record(answers, "juspay create", () -> juspayCreate(reference), reference);
        case 1 ->
            record(answers, "juspay read", () -> get("/customers/" + juspayId, juspayAuth()), null);
        case 2 -> record(answers, "flowwise create", () -> flowwiseCreate(reference), reference);
        default ->
            record(
                answers,
                "flowwise read",
                () -> get("/router/customer/" + flowwiseId, flowwiseAuth()),
                null);
      }
    }

    /** Waits for a create sent after {@code after} to be answered 200; answers when it was sent. */
    long awaitCreateSentAfter(long after, Duration within) throws InterruptedException {
      long until = System.nanoTime() + within.toNanos();
      while (System.nanoTime() < until) {
        for (Answer answer : answers) {
          if (answer.sent() >= after
              && answer.status() == 200
              && answer.kind().endsWith("create")) {
            return answer.sent();
          }
        }
        Thread.sleep(20);
      }
      throw new AssertionError("no create succeeded within " + within + " of the restore");
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(Duration.ofSeconds(15).toMillis());
      }
    }

    List<Answer> answers() {
      return List.copyOf(answers);
    }

    List<Answer> readinessChecks() {
      return List.copyOf(checks);
    }

    List<String> acknowledged() {
      return List.copyOf(acknowledged);
    }

    /** An exchange that fails on the client's side answers status -1 with its reason. */
    @FunctionalInterface
    interface Exchange {
      HttpResponse<String> send() throws Exception;
    }

    private void record(List<Answer> into, String kind, Exchange exchange, String reference) {
      long sent = System.nanoTime();
      try {
        HttpResponse<String> response = exchange.send();
        long answered = System.nanoTime();
        String id = response.headers().firstValue("x-request-id").orElse("");
        into.add(new Answer(kind, sent, answered, response.statusCode(), response.body(), id));
        if (reference != null && response.statusCode() == 200) {
          acknowledged.add(reference);
        }
      } catch (Exception e) {
        into.add(new Answer(kind, sent, System.nanoTime(), -1, e.toString(), ""));
      }
    }

    HttpResponse<String> juspayCreate(String reference) throws IOException, InterruptedException {
      return send(
          "POST",
          "/customers",
          juspayAuth(),
          "application/x-www-form-urlencoded",
          "object_reference_id="
              + reference
              + "&mobile_country_code=91&mobile_number=9876543210&first_name=Ann");
    }

    HttpResponse<String> flowwiseCreate(String reference) throws IOException, InterruptedException {
      return send(
          "POST",
          "/router/customer",
          flowwiseAuth(),
          "application/json",
          "{\"customer_id\":\""
              + reference
              + "\",\"scope\":\"PROJECT\",\"name\":\"Priya Sharma\","
              + "\"phone\":\"+919876543210\",\"email\":\"priya@example.com\"}");
    }

    HttpResponse<String> get(String path, Map<String, String> headers)
        throws IOException, InterruptedException {
      return send("GET", path, headers, null, null);
    }

    private HttpResponse<String> send(
        String method, String path, Map<String, String> headers, String type, String body)
        throws IOException, InterruptedException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(server.http(path)).timeout(Duration.ofSeconds(15));
      headers.forEach(request::header);
      if (type != null) {
        request.header("Content-Type", type);
      }
      request.method(
          method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, String> juspayAuth() {
      return Map.of(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(server.sandbox("api_key").getBytes(StandardCharsets.UTF_8)));
    }

    private Map<String, String> flowwiseAuth() {
      return Map.of(
          "x-client-id", server.sandbox("client_id"),
          "x-client-secret", server.sandbox("client_secret"));
    }

    private static void pause(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
