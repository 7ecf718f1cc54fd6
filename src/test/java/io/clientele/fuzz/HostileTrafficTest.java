package io.clientele.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.storage.SealedRows;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.LogCapture;
import io.clientele.testing.RawConnection;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import io.clientele.vault.MasterKeys;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Thousands of generated hostile requests — broken paths, escapes, content types, bodies, methods,
 * headers and credentials — sent to every route of every dialect, to the admin API and to paths no
 * route serves, on each database engine. Whatever was sent, the server must answer below 500, log
 * no error, stay ready, let nothing past a missing or wrong credential, and store nothing its rules
 * refuse.
 *
 * <p>The inputs come from a seeded {@link java.util.Random}: {@code -Dclientele.fuzz.seed=N}
 * repeats a run ({@code random} picks a new seed), {@code -Dclientele.fuzz.requests=N} sets the
 * requests per engine and {@code -Dclientele.fuzz.workers=N} the connections sending them at once.
 */
class HostileTrafficTest {
  static final long DEFAULT_SEED = 20_240_611L;
  static final int DEFAULT_REQUESTS = 6000;
  static final int DEFAULT_WORKERS = 2;

  /** Customers made before the run, which most requests name; valid in every dialect. */
  static final List<String> REFERENCES =
      List.of(
          "pool-ref-0001",
          "pool-ref-0002",
          "pool-ref-0003",
          "pool-ref-0004",
          "pool-ref-0005",
          "pool-ref-0006",
          "user+tag@example.com",
          "ref with space 01",
          "ref/slash/0001",
          "référence-0001",
          "山田太郎の顧客番号",
          "ref%percent01",
          "ref.dot.0001",
          "ref+plus+0001",
          "REF-UPPER-0001",
          "cst_0000000000000000",
          "ref'quote'0001",
          "ref\"dq\"0001",
          "ref;semi;0001",
          "ref?q=1&x=2",
          "ref#hash#0001",
          "ref\\back\\0001",
          "\ud83d\ude00emoji-ref-01",
          "pool-flowwise-01",
          "pool-flowwise-02",
          "pool-flowwise-03",
          "pool-flowwise-04");

  static final List<String> ADMIN_MERCHANTS = List.of("a1", "a2", "a3");

  /** What one engine's run saw, from the first request to the checks afterwards. */
  record Run(
      Findings findings,
      Set<String> sent,
      Duration took,
      int readyStatus,
      int listStatus,
      List<String> errors,
      List<String> warnings) {}

  @ParameterizedTest(name = "on {0}")
  @EnumSource(TestDatabase.Engine.class)
  void answersHostileRequestsBelow500WithoutErrorsAndStoresOnlyWhatTheRulesAllow(
      TestDatabase.Engine engine) throws Exception {
    long seed = seed();
    int requests = Integer.getInteger("clientele.fuzz.requests", DEFAULT_REQUESTS);
    int workers = Integer.getInteger("clientele.fuzz.workers", DEFAULT_WORKERS);
    System.out.printf(
        "HostileTrafficTest on %s: seed %d (-Dclientele.fuzz.seed=%d to repeat), %d requests,"
            + " %d workers%n",
        engine, seed, seed, requests, workers);
    try (TestDatabase database = TestDatabase.create(engine);
        TestServer server = TestServer.startInTemporaryDir(database.config())) {
      HostileRequests.Keys keys = setUp(server);

      Run run = run(server, keys, seed, requests, workers);

      List<String> badRows = badRows(database, SealedRows.masterOf(server.dataDir()), run.sent());
      String report = report(engine, seed, run, badRows);
      System.out.println(report);
      assertThat(problems(run, badRows, requests)).as(report).isEmpty();
      assertThat(run.findings().answeredWith(200, 300))
          .as("requests that got past the credentials and the rules")
          .isGreaterThan(requests / 20);
    }
  }

  /**
   * Sends the requests, then asks for readiness and a valid Juspay list, listening to every logger
   * all along.
   */
  static Run run(TestServer server, HostileRequests.Keys keys, long seed, int requests, int workers)
      throws Exception {
    Set<String> sent = ConcurrentHashMap.newKeySet();
    sent.addAll(REFERENCES);
    try (LogCapture logs = LogCapture.everyLogger()) {
      long started = System.nanoTime();
      Findings findings = sendAll(server, keys, seed, requests, workers, sent);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      HttpResponse<String> ready =
          server.send(HttpRequest.newBuilder(server.http("/health/ready")).build());
      HttpResponse<String> list =
          server.send(
              HttpRequest.newBuilder(server.http("/customers?count=1"))
                  .header("Authorization", basic(keys.juspay()))
                  .build());
      return new Run(
          findings,
          sent,
          took,
          ready.statusCode(),
          list.statusCode(),
          logs.linesAtLeast(Level.ERROR),
          logs.linesAtLeast(Level.WARN).stream().filter(l -> l.startsWith("WARN")).toList());
    }
  }

  static List<String> problems(Run run, List<String> badRows, int requests) {
    List<String> problems = new ArrayList<>();
    if (!run.findings().failures.isEmpty()) {
      problems.add(run.findings().failures.size() + " failing answers");
    }
    if (!run.errors().isEmpty()) {
      problems.add(run.errors().size() + " ERROR log lines");
    }
    if (run.readyStatus() != 200) {
      problems.add("GET /health/ready answered " + run.readyStatus() + " afterwards");
    }
    if (run.listStatus() != 200) {
      problems.add("a valid Juspay list answered " + run.listStatus() + " afterwards");
    }
    if (!badRows.isEmpty()) {
      problems.add(badRows.size() + " stored rows break the rules");
    }
    long answered = run.findings().answered.sum();
    if (answered < requests * 9L / 10) {
      problems.add("only " + answered + " of " + requests + " requests answered");
    }
    return problems;
  }

  static long seed() {
    String property = System.getProperty("clientele.fuzz.seed");
    if (property == null || property.isBlank()) {
      return DEFAULT_SEED;
    }
    return property.equals("random") ? System.nanoTime() : Long.parseLong(property.strip());
  }

  /** Merchants, credentials of every dialect and the customers the requests will name. */
  static HostileRequests.Keys setUp(TestServer server) {
    admin(server, "POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}");
    admin(server, "POST", "/admin/merchants", "{\"merchant_id\":\"m2\",\"name\":\"Two\"}");
    for (String merchant : ADMIN_MERCHANTS) {
      admin(
          server,
          "POST",
          "/admin/merchants",
          "{\"merchant_id\":\"" + merchant + "\",\"name\":\"Admin " + merchant + "\"}");
    }
    String credentials = "/admin/merchants/m1/credentials";
    JsonNode p1 =
        admin(server, "POST", credentials, "{\"dialect\":\"flowwise\",\"project_id\":\"p1\"}");
    JsonNode p2 =
        admin(server, "POST", credentials, "{\"dialect\":\"flowwise\",\"project_id\":\"p2\"}");
    JsonNode airpay = admin(server, "POST", credentials, "{\"dialect\":\"airpay\"}");
    HostileRequests.Keys keys =
        new HostileRequests.Keys(
            admin(server, "POST", credentials, "{\"dialect\":\"juspay\"}")
                .get("api_key")
                .textValue(),
            admin(server, "POST", "/admin/merchants/m2/credentials", "{\"dialect\":\"juspay\"}")
                .get("api_key")
                .textValue(),
            p1.get("client_id").textValue(),
            p1.get("client_secret").textValue(),
            p2.get("client_id").textValue(),
            p2.get("client_secret").textValue(),
            airpay.get("token").textValue(),
            airpay.get("secret_key").textValue(),
            TestServer.ADMIN_TOKEN);
    for (int i = 0; i < REFERENCES.size(); i++) {
      String reference = REFERENCES.get(i);
      HttpResponse<String> created =
          reference.startsWith("pool-flowwise")
              ? server.send(
                  HttpRequest.newBuilder(server.http("/router/customer"))
                      .header("x-client-id", keys.flowwiseId())
                      .header("x-client-secret", keys.flowwiseSecret())
                      .header("Content-Type", "application/json")
                      .POST(
                          BodyPublishers.ofString(
                              "{\"customer_id\":\""
                                  + reference
                                  + "\",\"scope\":\""
                                  + (i % 2 == 0 ? "PROJECT" : "GLOBAL")
                                  + "\",\"phone\":\"+919876543210\"}"))
                      .build())
              : server.send(
                  HttpRequest.newBuilder(server.http("/customers"))
                      .header("Authorization", basic(keys.juspay()))
                      .header("Content-Type", "application/json")
                      .POST(
                          BodyPublishers.ofString(
                              "{\"object_reference_id\":\""
                                  + HostileRequests.jsonEscape(reference)
                                  + "\",\"mobile_number\":\"9876543210\"}"))
                      .build());
      assertThat(created.statusCode()).as(reference + ": " + created.body()).isEqualTo(200);
    }
    return keys;
  }

  static JsonNode admin(TestServer server, String method, String path, String body) {
    HttpResponse<String> response = server.adminCall(method, path, body);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
    return JsonAssert.parse(response.body());
  }

  static String basic(String key) {
    return "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends the requests from {@code workers} connections at once, each its own seeded sequence. */
  static Findings sendAll(
      TestServer server,
      HostileRequests.Keys keys,
      long seed,
      int requests,
      int workers,
      Set<String> sent)
      throws Exception {
    int port = server.http("/").getPort();
    Findings findings = new Findings();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        HostileRequests generator =
            new HostileRequests(seed + w, keys, REFERENCES, ADMIN_MERCHANTS, port);
        int share = requests / workers + (w < requests % workers ? 1 : 0);
        running.add(pool.submit(() -> send(port, generator, share, findings, sent)));
      }
      for (Future<?> worker : running) {
        worker.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    return findings;
  }

  private static void send(
      int port, HostileRequests generator, int count, Findings findings, Set<String> sent) {
    try (RawConnection connection = new RawConnection(port)) {
      HostileRequest previous = null;
      java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();
      for (int i = 0; i < count; i++) {
        HostileRequest request = generator.next();
        byte[] bytes = request.bytes();
        collectValues(request, sent);
        long started = System.nanoTime();
        try {
          RawConnection.Answer answer =
              request.alone()
                  ? RawConnection.once(port, bytes, request.isHead())
                  : connection.exchange(bytes, request.isHead(), false);
          boolean failed = findings.answered(request, answer, System.nanoTime() - started);
          if (!request.alone()) {
            recent.addLast(exchange(request, answer));
            if (recent.size() > 8) {
              recent.removeFirst();
            }
            if (failed) {
              findings.connectionHistories.add(String.join("\n", recent));
            }
          }
        } catch (IOException | RuntimeException e) {
          findings.unanswered(request, request.alone() ? null : previous, e);
        }
        if (!request.alone()) {
          previous = request;
        }
      }
    }
  }

  /** One exchange in a line: what was asked, and the answer's status, request id and body start. */
  private static String exchange(HostileRequest request, RawConnection.Answer answer) {
    String target = request.target();
    String body = answer.bodyText();
    return request.method()
        + " "
        + (target.length() > 60 ? target.substring(0, 60) + "…" : target)
        + " -> "
        + answer.status()
        + " "
        + answer.header("x-request-id").orElse("-")
        + " "
        + (body.length() > 100 ? body.substring(0, 100) + "…" : body);
  }

  /**
   * Every value a body or query string carries, read as a form and as JSON, that could become a
   * stored reference: the rows must hold none that was not sent (a driver replacing a lone
   * surrogate would make one).
   */
  static void collectValues(HostileRequest request, Set<String> sent) {
    byte[] body = request.body();
    if (request.rawOverride() != null) {
      String raw = request.rawOverride();
      int end = raw.indexOf("\r\n\r\n");
      body = end < 0 ? new byte[0] : raw.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
    }
    String target = request.target();
    String query = target.indexOf('?') < 0 ? "" : target.substring(target.indexOf('?') + 1);
    String text = new String(body, StandardCharsets.UTF_8) + "&" + query;
    // chunk-size lines of a chunked body ("33;ext=1") stand between the pairs, not inside them
    for (String pair : text.split("&|\r\n")) {
      int equals = pair.indexOf('=');
      if (equals >= 0 && pair.length() - equals <= 4000) {
        addIfShort(HostileRequests.lenientFormDecode(pair.substring(equals + 1)), sent);
      }
    }
    try (JsonParser parser = new JsonFactory().createParser(body)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token.isScalarValue()) {
          addIfShort(parser.getText(), sent);
          if (token.isNumeric()) {
            addIfShort(parser.getNumberValue().toString(), sent);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // a body that is not JSON to its end stores nothing from its JSON reading
    }
  }

  private static void addIfShort(String value, Set<String> sent) {
    if (value.length() <= 255) {
      sent.add(value);
    }
  }

  /** Every stored customer, merchant and project checked against the rules, and orphan tokens. */
  static List<String> badRows(TestDatabase database, MasterKeys master, Set<String> sent) {
    List<String> bad = new ArrayList<>();
    Set<String> merchants = Set.of("m1", "m2");
    Set<String> projects = Set.of("p1", "p2");
    for (Map<String, String> row :
        SealedRows.customers(database.config(), master, "select * from customers")) {
      List<String> wrong = StoredRows.customerViolations(row, sent, merchants, projects);
      if (!wrong.isEmpty()) {
        bad.add("customer " + describeRow(row) + ": " + String.join("; ", wrong));
      }
    }
    for (Map<String, String> row : database.rows("select id, name from merchants")) {
      List<String> wrong = StoredRows.merchantViolations(row);
      if (!wrong.isEmpty()) {
        bad.add("merchant " + StoredRows.show(row.get("id")) + ": " + String.join("; ", wrong));
      }
    }
    for (Map<String, String> row : database.rows("select merchant_id, id from projects")) {
      List<String> wrong = StoredRows.projectViolations(row);
      if (!wrong.isEmpty()) {
        bad.add("project " + StoredRows.show(row.get("id")) + ": " + String.join("; ", wrong));
      }
    }
    for (Map<String, String> row :
        database.rows(
            "select t.customer_id, c.status from client_auth_tokens t left join customers c"
                + " on c.merchant_id = t.merchant_id and c.id = t.customer_id")) {
      if (!"ACTIVE".equals(row.get("status"))) {
        bad.add(
            "client auth token of customer "
                + row.get("customer_id")
                + " whose status is "
                + row.get("status"));
      }
    }
    return bad;
  }

  private static String describeRow(Map<String, String> row) {
    Map<String, String> shown = new LinkedHashMap<>();
    for (String column :
        List.of("id", "merchant_id", "reference", "scope", "project_id", "status", "version")) {
      shown.put(column, StoredRows.show(row.get(column)));
    }
    return shown.toString();
  }

  static String report(TestDatabase.Engine engine, long seed, Run run, List<String> badRows) {
    Findings findings = run.findings();
    Duration took = run.took();
    List<String> errors = run.errors();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%n==== HostileTrafficTest on %s, seed %d: %d requests sent, %d answered in %d ms"
                + " (%d/s), %d slower than 3 s%n",
            engine,
            seed,
            findings.sent.sum(),
            findings.answered.sum(),
            took.toMillis(),
            findings.sent.sum() * 1000 / Math.max(1, took.toMillis()),
            findings.slow.sum()));
    out.append("statuses: ").append(findings.histogram()).append('\n');
    out.append("by route: ").append(findings.byRoute()).append('\n');
    out.append("afterwards: /health/ready ")
        .append(run.readyStatus())
        .append(", Juspay list ")
        .append(run.listStatus())
        .append('\n');
    Map<String, String> errorsById = new LinkedHashMap<>();
    for (String line : errors) {
      String id = Findings.requestIdOf(line);
      if (id != null) {
        errorsById.putIfAbsent(id, line);
      }
    }
    section(
        out,
        findings.failures.size() + " failing answers, by cause",
        Findings.report(findings.failures, errorsById, 40));
    section(
        out,
        "the last exchanges of the connection of each failing answer (up to 3)",
        findings.connectionHistories.stream().limit(3).toList());
    Set<String> failed = new java.util.HashSet<>();
    findings.failures.forEach(f -> failed.add(f.requestId()));
    Map<String, String> otherErrors = new LinkedHashMap<>();
    for (String line : errors) {
      String id = Findings.requestIdOf(line);
      if (id == null || !failed.contains(id)) {
        HostileRequest cause = id == null ? null : findings.byRequestId.get(id);
        otherErrors.putIfAbsent(
            Findings.withoutRequestId(line),
            line
                + (cause == null
                    ? ""
                    : "\n    request:\n      " + cause.describe().replace("\n", "\n      ")));
      }
    }
    section(
        out,
        "ERROR log lines of requests answered below 500 or of no request ("
            + errors.size()
            + " ERROR lines in all)",
        new ArrayList<>(otherErrors.values()));
    section(
        out, "stored rows breaking the rules", badRows.subList(0, Math.min(50, badRows.size())));
    section(
        out,
        "HEAD answers refused before routing with a body (not failures)",
        Findings.report(findings.notes, Map.of(), 5));
    section(
        out,
        "exchanges without an answer (not failures)",
        Findings.report(findings.noAnswers, Map.of(), 10));
    Map<String, Integer> warned = new LinkedHashMap<>();
    run.warnings().forEach(w -> warned.merge(Findings.withoutRequestId(w), 1, Integer::sum));
    List<String> warnLines = new ArrayList<>();
    warned.forEach((line, count) -> warnLines.add(count + "× " + line));
    section(
        out, "WARN log lines (not failures)", warnLines.subList(0, Math.min(10, warnLines.size())));
    return out.toString();
  }

  private static void section(StringBuilder out, String title, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    out.append("--- ").append(title).append(":\n");
    lines.forEach(line -> out.append(line).append('\n'));
  }
}
