package io.clientele.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.LogCapture;
import io.clientele.testing.RawHttp;
import io.clientele.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code /metrics} shows an operator: the JVM's, the process's, the pool's and Jetty's meters,
 * a request histogram a p99 can be computed from, OpenMetrics when asked for, and labels that never
 * carry a raw path or a personal value.
 */
class MetricsEndpointTest {
  static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String EMAIL = "metrics.person@example.org";
  static final String PHONE = "9898123456";
  static final String REFERENCE = "metrics-ref-8812";
  static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  @TempDir Path dataDir;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dataDir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void showsTheJvmTheProcessThePoolAndJetty() {
    get("/health/ready", null);

    String body = scrape(null).body();

    assertThat(families(body))
        .contains(
            "jvm_memory_used_bytes gauge",
            "jvm_gc_memory_allocated_bytes_total counter",
            "jvm_threads_live_threads gauge",
            "jvm_threads_states_threads gauge",
            "jvm_classes_loaded_classes gauge",
            "process_cpu_usage gauge",
            "process_uptime_seconds gauge",
            "process_files_open_files gauge",
            "process_files_max_files gauge",
            "hikaricp_connections_active gauge",
            "hikaricp_connections_pending gauge",
            "hikaricp_connections_max gauge",
            "hikaricp_connections_timeout_total counter",
            "hikaricp_connections_acquire_seconds summary",
            "jetty_connections_current_connections gauge",
            "jetty_threads_busy gauge",
            "jetty_threads_config_max gauge",
            "clientele_request_bodies_held_bytes gauge",
            "http_server_requests_seconds histogram");
    assertThat(body)
        .contains("hikaricp_connections_max{pool=\"clientele\"} 16.0")
        .contains("jetty_connections_current_connections{connector_name=\"http\"}")
        .contains("jetty_connections_current_connections{connector_name=\"https\"}");
  }

  @Test
  void givesEachRouteTemplateHistogramBucketsForAP99() {
    String reference = createJuspayCustomer();
    for (int i = 0; i < 3; i++) {
      assertThat(get("/customers/" + reference, juspayKey()).statusCode()).isEqualTo(200);
    }

    String series =
        "dialect=\"juspay\",method=\"GET\",route=\"/customers/{customer_id}\",status=\"200\"";
    List<String> body = scrape(null).body().lines().toList();
    List<double[]> buckets = new ArrayList<>();
    Pattern bucket =
        Pattern.compile(
            Pattern.quote("http_server_requests_seconds_bucket{" + series + ",le=\"")
                + "([^\"]+)\"} (\\S+)");
    for (String line : body) {
      Matcher found = bucket.matcher(line);
      if (found.matches()) {
        buckets.add(
            new double[] {
              found.group(1).equals("+Inf")
                  ? Double.POSITIVE_INFINITY
                  : Double.parseDouble(found.group(1)),
              Double.parseDouble(found.group(2))
            });
      }
    }
    assertThat(buckets).extracting(b -> b[0]).hasSize(14).isSorted();
    assertThat(buckets).extracting(b -> b[1]).isSorted().last().isEqualTo(3.0);
    assertThat(body)
        .contains("http_server_requests_seconds_count{" + series + "} 3")
        .anyMatch(l -> l.startsWith("http_server_requests_seconds_sum{" + series + "} "));
    // As histogram_quantile(0.99, …) does: the first bucket holding 99% of the requests.
    double p99Bound = buckets.stream().filter(b -> b[1] >= 0.99 * 3).findFirst().orElseThrow()[0];
    assertThat(p99Bound).isLessThanOrEqualTo(10.0);
  }

  @Test
  void labelsCarryTemplatesAndNeverARawPathOrAPersonalValue() {
    createJuspayCustomer();
    get("/customers/" + URLEncoder.encode(EMAIL, StandardCharsets.UTF_8), juspayKey());
    get("/customers/" + PHONE, juspayKey());
    get("/no/such/" + EMAIL, null);
    get("/admin/merchants/sandbox/customers?email=" + EMAIL, "Bearer " + TestServer.ADMIN_TOKEN);

    String body = scrape(null).body();

    Set<String> templates = new HashSet<>(Set.of("unmatched"));
    server.routes().forEach(route -> templates.add(route.substring(route.indexOf(' ') + 1)));
    Matcher label = LABEL.matcher(body);
    Set<String> routes = new HashSet<>();
    Set<String> dialects = new HashSet<>();
    while (label.find()) {
      assertThat(label.group(2))
          .doesNotContain("example.org")
          .doesNotContain(PHONE)
          .doesNotContain(REFERENCE)
          .doesNotContain("cst_");
      if (label.group(1).equals("route")) {
        routes.add(label.group(2));
      } else if (label.group(1).equals("dialect")) {
        dialects.add(label.group(2));
      }
    }
    assertThat(templates).containsAll(routes);
    assertThat(routes).contains("/customers", "/customers/{customer_id}", "unmatched");
    assertThat(dialects).containsExactlyInAnyOrder("juspay", "admin", "none");
  }

  @Test
  void namesA405ByTheTemplateOfTheRouteItsPathBelongsTo() {
    int port = server.http("/").getPort();
    try (LogCapture access = new LogCapture("clientele.access")) {
      exchange(port, "PATCH", "/customers/" + REFERENCE);
      exchange(port, "DELETE", "/admin/merchants/" + EMAIL);
      assertThat(access.lines())
          .hasSize(2)
          .anySatisfy(l -> assertThat(l).startsWith("PATCH /customers/{customer_id} 405 "))
          .anySatisfy(l -> assertThat(l).startsWith("DELETE /admin/merchants/{merchant_id} 405 "))
          .noneMatch(l -> l.contains(REFERENCE) || l.contains(EMAIL));
    }

    assertThat(scrape(null).body())
        .contains(
            "http_server_requests_seconds_count{dialect=\"juspay\",method=\"PATCH\","
                + "route=\"/customers/{customer_id}\",status=\"405\"} 1")
        .contains(
            "http_server_requests_seconds_count{dialect=\"admin\",method=\"DELETE\","
                + "route=\"/admin/merchants/{merchant_id}\",status=\"405\"} 1")
        .doesNotContain(REFERENCE);
  }

  @Test
  void namesAMethodHttpDoesNotDefineOtherSoClientsCannotMintSeries() {
    int port = server.http("/").getPort();
    String longMethod = "ZX" + "Q".repeat(3000);
    exchange(port, "ZXFIRST", "/customers");
    exchange(port, "ZXFIRST", "/no/such");
    scrape(null); // so that the scrapes' own series is in both counts
    Set<String> before = requestSeries(scrape(null).body());

    Random random = new Random(12);
    for (int i = 0; i < 40; i++) {
      String method = "ZX" + random.nextInt(1_000_000);
      String path = i % 2 == 0 ? "/customers" : "/no/such";
      assertThat(RawHttp.statusLine(exchange(port, method, path))).startsWith("HTTP/1.1 4");
    }
    try (LogCapture access = new LogCapture("clientele.access")) {
      exchange(port, longMethod, "/customers");
      exchange(port, "get", "/customers");
      assertThat(access.lines())
          .hasSize(2)
          .allMatch(
              line -> line.startsWith("other ") && !line.contains("ZX"), "names the method other");
    }
    String body = scrape(null).body();

    assertThat(requestSeries(body)).isEqualTo(before);
    assertThat(body).doesNotContain("ZX").doesNotContain("method=\"get\"");
    Set<String> methods = new HashSet<>();
    Matcher label = LABEL.matcher(body);
    while (label.find()) {
      if (label.group(1).equals("method")) {
        methods.add(label.group(2));
      }
    }
    assertThat(methods)
        .contains("other")
        .isSubsetOf(
            "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
            "other");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/openmetrics-text; version=1.0.0",
        // What Prometheus sends when it scrapes.
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
            + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
      })
  void answersOpenMetricsToAScraperThatAsksForIt(String accept) {
    get("/health/live", null);

    HttpResponse<String> response = scrape(accept);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("Content-Type")).containsExactly(OPEN_METRICS);
    assertThat(response.body())
        .endsWith("\n# EOF\n")
        .contains("# TYPE http_server_requests_seconds histogram")
        .contains("# TYPE jvm_memory_used_bytes gauge");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "text/plain",
        "*/*",
        "application/openmetrics-text;q=0, text/plain;q=0.5",
        ";",
        ",,,;;;",
        "a,;",
        "application/openmetrics-text; q = 0",
        "application/openmetrics-text;q=NaN"
      })
  void answersPrometheusTextToEveryoneElse(String accept) {
    HttpResponse<String> response = scrape(accept.isEmpty() ? null : accept);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("Content-Type")).containsExactly(PROMETHEUS_TEXT);
    assertThat(response.body()).doesNotContain("# EOF").contains("# TYPE jvm_memory_used_bytes");
  }

  private String createJuspayCustomer() {
    HttpRequest request =
        HttpRequest.newBuilder(server.http("/customers"))
            .header("Authorization", juspayKey())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "object_reference_id="
                        + REFERENCE
                        + "&mobile_number="
                        + PHONE
                        + "&email_address="
                        + URLEncoder.encode(EMAIL, StandardCharsets.UTF_8)))
            .build();
    assertThat(server.send(request).statusCode()).isEqualTo(200);
    return REFERENCE;
  }

  private String juspayKey() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((server.sandbox("api_key") + ":").getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String path, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.http(path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return server.send(request.build());
  }

  private HttpResponse<String> scrape(String accept) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.http("/metrics")).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    return server.send(request.build());
  }

  /** Sends {@code method path} raw, as no well-behaved client would, and answers the reply. */
  private static String exchange(int port, String method, String path) {
    return RawHttp.exchange(
        port, method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  }

  /** The label sets of the request histogram's counts: one per series of buckets. */
  private static Set<String> requestSeries(String body) {
    Set<String> series = new HashSet<>();
    body.lines()
        .filter(line -> line.startsWith("http_server_requests_seconds_count{"))
        .forEach(line -> series.add(line.substring(0, line.indexOf('}') + 1)));
    return series;
  }

  /** Each family as {@code name type}, from the {@code # TYPE} lines. */
  private static List<String> families(String body) {
    return body.lines()
        .filter(line -> line.startsWith("# TYPE "))
        .map(line -> line.substring("# TYPE ".length()))
        .toList();
  }
}
