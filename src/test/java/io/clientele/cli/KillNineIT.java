package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The promise of docs/reliability.md: a 200 or 201 is a durable write. Concurrent writers are cut
 * off by a SIGKILL of the packaged server; after a restart on the same store, every write that was
 * acknowledged must read back.
 */
class KillNineIT {
  static final String ADMIN_TOKEN = "kill-nine-admin-token-0123456789";
  static final int WRITERS = 16;
  static final int ROUNDS = 2;
  static final Duration KILL_AFTER = Duration.ofMillis(3_000);
  static final Duration STARTS_WITHIN = Duration.ofSeconds(20);
  static final int ADMIN_EVERY = 40;
  static final Pattern STARTED =
      Pattern.compile(
          "Clientele is ready in \\d+ ms on Java \\d+ with \\w+ threads: "
              + "http://localhost:(\\d+) \\(data in .*\\)"
              + "|.*port \\d+ is already in use.*");

  @TempDir Path dataDir;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void losesNoAcknowledgedWriteWhenKilled(TestDatabase.Engine engine) throws Exception {
    String store = engine.name().toLowerCase(Locale.ROOT);
    try (TestDatabase database =
        engine == TestDatabase.Engine.POSTGRES ? TestDatabase.postgres() : null) {
      List<String> flags =
          database == null
              ? List.of()
              : List.of(
                  "--database-url",
                  database.config().url(),
                  "--database-user",
                  database.config().user());
      List<String> reports = new ArrayList<>();
      List<String> unexpected = new ArrayList<>();
      int lost = 0;
      Node node = Node.start(dataDir, flags);
      try {
        String key = node.merchantWithKey("kill9");
        for (int round = 1; round <= ROUNDS; round++) {
          Ledger ledger = Ledger.writeUntilKilled(node, key, round);
          assertThat(node.exitValue()).as("exit status of a SIGKILLed process").isEqualTo(137);
          assertThat(ledger.cutOff).as("writers still writing at the kill").isEqualTo(WRITERS);
          node = Node.start(dataDir, flags);
          Losses losses = ledger.readBack(node, key);
          String report = store + " round " + round + ": " + ledger + "; " + losses;
          System.out.println("KillNineIT: " + report);
          reports.add(report);
          unexpected.addAll(ledger.unexpected);
          lost += losses.total();
        }
      } finally {
        node.stop();
      }
      assertThat(unexpected).as("answers other than the documented success").isEmpty();
      assertThat(lost).as("acknowledged writes lost:%n%s", String.join("\n", reports)).isZero();
      assertThat(customersWithoutEveryHistoryRow(database))
          .as("customers whose versions 1..n do not each have their history row")
          .isEmpty();
    }
  }

  /**
   * Customers of the stopped node's database whose history is not exactly one row per version: the
   * change record is written in the write's transaction, so a kill can lose neither alone.
   */
  private List<String> customersWithoutEveryHistoryRow(TestDatabase postgres) throws Exception {
    String url =
        postgres != null
            ? postgres.config().url()
            : "jdbc:h2:file:"
                + dataDir.resolve("db/clientele")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    String user = postgres != null ? postgres.config().user() : "";
    String sql =
        """
        select c.id, c.version, c.status,
          (select count(*) from customer_changes h
           where h.merchant_id = c.merchant_id and h.customer_id = c.id) as changes,
          (select coalesce(max(h.version), 0) from customer_changes h
           where h.merchant_id = c.merchant_id and h.customer_id = c.id) as newest
        from customers c
        where c.version <> (select count(*) from customer_changes h
                            where h.merchant_id = c.merchant_id and h.customer_id = c.id)
           or c.version <> (select coalesce(max(h.version), 0) from customer_changes h
                            where h.merchant_id = c.merchant_id and h.customer_id = c.id)""";
    List<String> ids = new ArrayList<>();
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url, user, "")) {
      try (java.sql.ResultSet count =
          connection.createStatement().executeQuery("select count(*) from customer_changes")) {
        count.next();
        assertThat(count.getLong(1)).as("history rows written by the rounds").isPositive();
      }
      try (java.sql.ResultSet rows = connection.createStatement().executeQuery(sql)) {
        while (rows.next()) {
          // Each with what the row and its history say, so that a failure shows which side a
          // kill left without the other.
          ids.add(
              rows.getString("id")
                  + " (version "
                  + rows.getLong("version")
                  + ", "
                  + rows.getString("status")
                  + "; history rows "
                  + rows.getLong("changes")
                  + ", newest "
                  + rows.getLong("newest")
                  + ")");
        }
      }
    }
    return ids;
  }

  /** The packaged server as a child process, on ports of its own. */
  static final class Node {
    private final Process process;
    private final int port;
    private final HttpClient client;

    private Node(Process process, int port) {
      this.process = process;
      this.port = port;
      this.client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(2))
              .build();
    }

    /** Starts and awaits the ready line; a port taken between choosing and binding is retried. */
    static Node start(Path dataDir, List<String> flags) throws IOException, InterruptedException {
      for (int attempt = 1; ; attempt++) {
        int port = TestServer.freePort();
        List<String> command =
            new ArrayList<>(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    ServeJarIT.JAR.toString(),
                    "serve",
                    "--http-port",
                    Integer.toString(port),
                    "--https-port",
                    "0",
                    "--data-dir",
                    dataDir.toString()));
        command.addAll(flags);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("CLIENTELE_"));
        builder.environment().put("CLIENTELE_ADMIN_TOKEN", ADMIN_TOKEN);
        Process process = builder.start();
        Matcher started =
            STARTED.matcher(new ServeJarIT.Lines(process).awaitMatch(STARTED, STARTS_WITHIN));
        if (started.matches() && started.group(1) != null) {
          return new Node(process, port);
        }
        process.destroyForcibly().waitFor();
        assertThat(attempt).as("tries to find a free port").isLessThan(5);
      }
    }

    /** SIGKILL: no shutdown hook, no pool closing, no database shutdown. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("dies on SIGKILL").isTrue();
    }

    int exitValue() {
      return process.exitValue();
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }

    String merchantWithKey(String merchantId) throws InterruptedException {
      HttpResponse<String> merchant = createMerchant(merchantId).orElseThrow();
      assertThat(merchant.statusCode()).as(merchant.body()).isEqualTo(201);
      HttpResponse<String> key = createJuspayKey(merchantId).orElseThrow();
      assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
      return JsonAssert.parse(key.body()).get("api_key").textValue();
    }

    Optional<HttpResponse<String>> createMerchant(String merchantId) throws InterruptedException {
      return send(
          admin("/admin/merchants")
              .POST(
                  BodyPublishers.ofString(
                      "{\"merchant_id\":\"" + merchantId + "\",\"name\":\"" + merchantId + "\"}"))
              .build());
    }

    Optional<HttpResponse<String>> createJuspayKey(String merchantId) throws InterruptedException {
      return send(
          admin("/admin/merchants/" + merchantId + "/credentials")
              .POST(BodyPublishers.ofString("{\"dialect\":\"juspay\"}"))
              .build());
    }

    Optional<HttpResponse<String>> getMerchant(String merchantId) throws InterruptedException {
      return send(admin("/admin/merchants/" + merchantId).GET().build());
    }

    Optional<HttpResponse<String>> juspayPost(String path, String key, Map<String, String> form)
        throws InterruptedException {
      String body =
          form.entrySet().stream()
              .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
              .collect(Collectors.joining("&"));
      return send(
          juspay(path, key)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(BodyPublishers.ofString(body))
              .build());
    }

    Optional<HttpResponse<String>> juspayGet(String path, String key) throws InterruptedException {
      return send(juspay(path, key).GET().build());
    }

    private HttpRequest.Builder admin(String path) {
      return request(path).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private HttpRequest.Builder juspay(String path, String key) {
      String basic =
          Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
      return request(path).header("Authorization", "Basic " + basic);
    }

    private HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(10));
    }

    /** The answer, or empty when the process is gone before answering: not acknowledged. */
    private Optional<HttpResponse<String>> send(HttpRequest request) throws InterruptedException {
      try {
        return Optional.of(client.send(request, HttpResponse.BodyHandlers.ofString()));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }

  /** A customer whose create was acknowledged, and the first names it was given in order. */
  static final class Created {
    final String id;
    final Map<String, String> fields;
    final List<String> firstNames = new ArrayList<>();
    final List<Boolean> acknowledged = new ArrayList<>();

    Created(String id, Map<String, String> fields) {
      this.id = id;
      this.fields = fields;
      attempt(fields.get("first_name"));
      acknowledge();
    }

    void attempt(String firstName) {
      firstNames.add(firstName);
      acknowledged.add(false);
    }

    void acknowledge() {
      acknowledged.set(acknowledged.size() - 1, true);
    }

    int updatesAcknowledged() {
      return (int) acknowledged.stream().filter(a -> a).count() - 1;
    }

    /**
     * How many acknowledged updates a read-back first name is missing. One writer updates each
     * customer, one request at a time, so the answer may be the last acknowledged name or a later
     * one whose answer never arrived; anything older lost the acknowledged ones after it.
     */
    int updatesLost(String seen) {
      int at = firstNames.indexOf(seen);
      int lost = 0;
      for (int i = Math.max(at + 1, 1); i < acknowledged.size(); i++) {
        lost += acknowledged.get(i) ? 1 : 0;
      }
      return lost;
    }
  }

  record Credential(String merchantId, String apiKey) {}

  /** What the writers were told in one round, merged after they stopped. */
  static final class Ledger {
    final List<Created> customers = new ArrayList<>();
    final List<String> merchants = new ArrayList<>();
    final List<Credential> credentials = new ArrayList<>();
    final List<String> unexpected = new ArrayList<>();
    int cutOff;

    /** Runs the writers, kills the node while they write, and answers what they were told. */
    static Ledger writeUntilKilled(Node node, String key, int round) throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      try {
        List<Future<Ledger>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          writers.add(pool.submit(new Writer(node, key, "k9-r" + round + "-w" + w, w * 2)));
        }
        Thread.sleep(KILL_AFTER.toMillis());
        node.kill();
        Ledger all = new Ledger();
        for (Future<Ledger> writer : writers) {
          all.add(writer.get(30, TimeUnit.SECONDS));
        }
        return all;
      } finally {
        pool.shutdownNow();
      }
    }

    private void add(Ledger writer) {
      customers.addAll(writer.customers);
      merchants.addAll(writer.merchants);
      credentials.addAll(writer.credentials);
      unexpected.addAll(writer.unexpected);
      cutOff += writer.cutOff;
    }

    /** Reads every acknowledged write back from a restarted node. */
    Losses readBack(Node restarted, String key) throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      try {
        List<Future<Losses>> checks = new ArrayList<>();
        for (Created customer : customers) {
          checks.add(pool.submit(() -> check(restarted, key, customer)));
        }
        for (String merchant : merchants) {
          checks.add(pool.submit(() -> check(restarted, merchant)));
        }
        for (Credential credential : credentials) {
          checks.add(pool.submit(() -> check(restarted, credential)));
        }
        Losses total = Losses.NONE;
        for (Future<Losses> check : checks) {
          total = total.plus(check.get(60, TimeUnit.SECONDS));
        }
        return total;
      } finally {
        pool.shutdownNow();
      }
    }

    private static Losses check(Node node, String key, Created customer)
        throws InterruptedException {
      HttpResponse<String> read = node.juspayGet("/customers/" + customer.id, key).orElseThrow();
      if (read.statusCode() == 404) {
        return new Losses(1, customer.updatesAcknowledged(), 0, 0);
      }
      assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
      JsonNode body = JsonAssert.parse(read.body());
      for (String field : List.of("object_reference_id", "mobile_number", "email_address")) {
        assertThat(body.get(field).textValue()).as(field).isEqualTo(customer.fields.get(field));
      }
      assertThat(body.get("last_name").textValue()).isEqualTo(customer.fields.get("last_name"));
      return new Losses(0, customer.updatesLost(body.get("first_name").textValue()), 0, 0);
    }

    private static Losses check(Node node, String merchant) throws InterruptedException {
      HttpResponse<String> read = node.getMerchant(merchant).orElseThrow();
      if (read.statusCode() == 404) {
        return new Losses(0, 0, 1, 0);
      }
      assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
      assertThat(JsonAssert.parse(read.body()).get("name").textValue()).isEqualTo(merchant);
      return Losses.NONE;
    }

    private static Losses check(Node node, Credential credential) throws InterruptedException {
      HttpResponse<String> read =
          node.juspayGet("/customers?count=1", credential.apiKey()).orElseThrow();
      if (read.statusCode() == 401) {
        return new Losses(0, 0, 0, 1);
      }
      assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
      return Losses.NONE;
    }

    @Override
    public String toString() {
      int updates = customers.stream().mapToInt(Created::updatesAcknowledged).sum();
      return String.format(
          "acknowledged %d creates, %d updates, %d merchants, %d credentials (%d requests cut off)",
          customers.size(), updates, merchants.size(), credentials.size(), cutOff);
    }
  }

  /**
   * One client writing until the server stops answering: creates, updates of its own customers (so
   * each customer's updates are issued one after another) and now and then a merchant with a key.
   */
  static final class Writer implements Callable<Ledger> {
    private final Ledger ledger = new Ledger();
    private final Node node;
    private final String key;
    private final String prefix;
    private final int stagger;
    private final Random random;

    Writer(Node node, String key, String prefix, int stagger) {
      this.node = node;
      this.key = key;
      this.prefix = prefix;
      this.stagger = stagger;
      this.random = new Random(prefix.hashCode());
    }

    @Override
    public Ledger call() throws InterruptedException {
      long deadline = System.nanoTime() + KILL_AFTER.plusSeconds(10).toNanos();
      for (int n = 1; ledger.cutOff == 0 && System.nanoTime() < deadline; n++) {
        // Staggered, so that the writers' admin calls do not all fall at the same moment.
        if ((n + stagger) % ADMIN_EVERY == 0) {
          writeMerchantAndKey(prefix + "-" + n);
        } else if (n % 3 == 0 && !ledger.customers.isEmpty()) {
          update(ledger.customers.get(random.nextInt(ledger.customers.size())), "U" + n);
        } else {
          create(n);
        }
      }
      return ledger;
    }

    private void create(int n) throws InterruptedException {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("object_reference_id", prefix + "-" + n);
      fields.put("mobile_number", Long.toString(9_000_000_000L + Math.abs(prefix.hashCode()) + n));
      fields.put("email_address", prefix.replace("-", ".") + ".n" + n + "@example.com");
      fields.put("first_name", "Created");
      fields.put("last_name", "N" + n);
      HttpResponse<String> answer = answered(node.juspayPost("/customers", key, fields), 200);
      if (answer != null) {
        String id = JsonAssert.parse(answer.body()).get("id").textValue();
        ledger.customers.add(new Created(id, fields));
      }
    }

    private void update(Created customer, String firstName) throws InterruptedException {
      customer.attempt(firstName);
      HttpResponse<String> answer =
          answered(
              node.juspayPost("/customers/" + customer.id, key, Map.of("first_name", firstName)),
              200);
      if (answer != null) {
        customer.acknowledge();
      }
    }

    private void writeMerchantAndKey(String merchantId) throws InterruptedException {
      if (answered(node.createMerchant(merchantId), 201) == null) {
        return;
      }
      ledger.merchants.add(merchantId);
      HttpResponse<String> created = answered(node.createJuspayKey(merchantId), 201);
      if (created != null) {
        String apiKey = JsonAssert.parse(created.body()).get("api_key").textValue();
        ledger.credentials.add(new Credential(merchantId, apiKey));
      }
    }

    /** The answer if it has the expected status; anything else is not an acknowledgement. */
    private HttpResponse<String> answered(Optional<HttpResponse<String>> answer, int expected) {
      if (answer.isEmpty()) {
        ledger.cutOff++;
        return null;
      }
      HttpResponse<String> response = answer.get();
      if (response.statusCode() != expected) {
        ledger.unexpected.add(
            response.request().method()
                + " "
                + response.uri().getPath()
                + " answered "
                + response.statusCode()
                + " "
                + response.body());
        return null;
      }
      return response;
    }
  }

  /** Acknowledged writes not found after the restart, by kind. */
  record Losses(int creates, int updates, int merchants, int credentials) {
    static final Losses NONE = new Losses(0, 0, 0, 0);

    Losses plus(Losses other) {
      return new Losses(
          creates + other.creates,
          updates + other.updates,
          merchants + other.merchants,
          credentials + other.credentials);
    }

    int total() {
      return creates + updates + merchants + credentials;
    }

    @Override
    public String toString() {
      return total() == 0
          ? "lost 0"
          : String.format(
              "lost %d: %d creates, %d updates, %d merchants, %d credentials",
              total(), creates, updates, merchants, credentials);
    }
  }
}
