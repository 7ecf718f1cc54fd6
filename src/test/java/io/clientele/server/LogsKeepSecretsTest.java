package io.clientele.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.config.ConfigLoader;
import io.clientele.config.LogFormat;
import io.clientele.testing.LogCapture;
import io.clientele.testing.RawHttp;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Sends distinctive personal values and secrets through every route of every dialect and of the
 * admin API, successes and failures (bad input, wrong credentials, unknown customers and paths), in
 * each log format, and checks that no line logged from start to stop quotes any of them, at the
 * levels production's logback.xml sets. The JSON lines must parse and name each request's facts.
 *
 * <p>A customer reference counts as personal data: merchants often use an email or a phone number
 * as one, and it sits in the raw path. Clientele's own customer ids ({@code cst_…}) are kept out
 * too: each names one person's record.
 */
class LogsKeepSecretsTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String FIRST = "Zebulonia";
  static final String LAST = "Quarrington";
  static final String EMAIL = "zebulonia.quarrington@example.org";
  static final String PHONE = "9812734650";
  static final String E164 = "+919812734650";
  static final String ADDRESS = "42 Marigold Crescent";
  static final String CITY = "Vellarikundu";
  static final String PINCODE = "671533";
  static final String JUSPAY_REF = "zq-juspay-ref-5521";
  static final String EMAIL_REF = "ref.zebulonia@example.org";
  static final String FLOWWISE_REF = "zq_flowwise_ref_5522";
  static final String AIRPAY_REF = "ZQAIRPAY5523";
  static final String IMPORT_REF = "zq-import-ref-5524";
  static final String ROUTING = "routing.zebulonia@example.org";
  static final String DB_PASSWORD = "zq-db-password-7781";
  static final String WRONG_KEY = "zqwrongapikey000";
  static final String WRONG_SECRET = "cfsk_zqwrongsecret000";
  static final String WRONG_TOKEN = "zqwrongtoken000";
  static final String WRONG_ADMIN = "zq-wrong-admin-token-000000";
  static final String MERCHANT = "zqshop";
  static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  @TempDir Path dataDir;

  /** What one request's access line must say. */
  record Expected(
      String method, String route, int status, String dialect, String merchantId, String id) {}

  final List<Expected> expected = new ArrayList<>();
  final List<String> forbidden =
      new ArrayList<>(
          List.of(
              FIRST,
              LAST,
              EMAIL,
              PHONE,
              ADDRESS,
              CITY,
              PINCODE,
              JUSPAY_REF,
              EMAIL_REF,
              FLOWWISE_REF,
              AIRPAY_REF,
              IMPORT_REF,
              ROUTING,
              DB_PASSWORD,
              WRONG_KEY,
              WRONG_SECRET,
              WRONG_TOKEN,
              WRONG_ADMIN,
              TestServer.ADMIN_TOKEN));
  TestServer server;

  @ParameterizedTest
  @EnumSource(LogFormat.class)
  void logsNoPersonalValueNorSecretFromAnyRoute(LogFormat format) throws Exception {
    List<ILoggingEvent> events;
    try (ProductionLevels production = new ProductionLevels();
        LogCapture log = LogCapture.everyLogger()) {
      assertThat(production.applied()).contains("ROOT", "org.eclipse.jetty");
      server =
          TestServer.start(
              dataDir,
              null,
              Map.of(
                  "database-url",
                  ConfigLoader.embeddedUrl(dataDir),
                  "database-user",
                  "sa",
                  "database-password",
                  DB_PASSWORD,
                  "log-format",
                  format.wireName()));
      try {
        if (format == LogFormat.JSON) {
          assertThat(server.startupOutput()).as("stdout is the log stream").isEmpty();
        } else {
          forbidden.addAll(sandboxSecrets(server.startupOutput()));
        }
        sendEverything();
      } finally {
        server.close();
      }
      events = log.events();
    }

    List<String> lines = render(events, format);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(expected.size());
    for (String line : lines) {
      for (String value : forbidden) {
        assertThat(line).as("a logged line").doesNotContainIgnoringCase(value);
      }
    }
    if (format == LogFormat.JSON) {
      assertJsonLinesNameEachRequest(lines);
    } else {
      assertTextLinesNameEachRequest(lines);
    }
  }

  /**
   * Jetty quotes some malformed headers in its own warnings ({@code Bad Authority: [...]}, a second
   * {@code Host}); a client must not be able to put a person's address or a fake access line into
   * the log that way.
   */
  @Test
  void logsNoHeaderValueJettyRefuses() {
    String marker = "zelda.quux";
    String fake = " INFO clientele.access GET /customers 200 1.0ms request_id=zq-fake";
    List<String> requests =
        List.of(
            "GET /health/live HTTP/1.1\r\nHost: zelda.quux@example.org\r\n",
            "GET /health/live HTTP/1.1\r\nHost: zelda.quux" + fake + "\r\n",
            "GET /health/live HTTP/1.1\r\nHost: [zelda.quux]\r\n",
            "GET /health/live HTTP/1.1\r\nHost: zelda.quux:99999999\r\n",
            "GET /health/live HTTP/1.1\r\nHost: localhost\r\nHost: zelda.quux.example.org\r\n",
            "GET /health/live HTTP/1.1\r\nHost: localhost\r\nHost: zelda.quux" + fake + "\r\n",
            "GET http://zelda.quux@example.org/health/live HTTP/1.1\r\nHost: localhost\r\n",
            "GET /health/zelda.quux%zz HTTP/1.1\r\nHost: localhost\r\n",
            "GET /health/live HTTP/1.1\r\nHost: localhost\r\nContent-Length: zelda.quux\r\n",
            "GET /health/live HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: zelda.quux\r\n",
            "GET /health/live HTTP/1.1\r\nHost: localhost\r\nzelda.quux example.org\r\n",
            "GET /health/live HTTP/zelda.quux\r\nHost: localhost\r\n",
            "ZELDA.QUUX /health/live HTTP/1.1\r\nHost: localhost\r\n",
            "GET /health/live HTTP/1.1\r\nHost: localhost\r\n");
    List<String> lines;
    try (ProductionLevels production = new ProductionLevels()) {
      assertThat(production.applied()).contains("org.eclipse.jetty");
      server = TestServer.start(dataDir);
      // Listening only now that the server's own loggers, the access log among them, exist.
      try (LogCapture log = LogCapture.everyLogger()) {
        int port = server.http("/").getPort();
        for (String request : requests) {
          RawHttp.exchange(port, request + "Connection: close\r\n\r\n");
        }
        lines = log.linesAtLeast(Level.TRACE);
      } finally {
        server.close();
      }
    }

    assertThat(lines)
        .as("the access lines of the requests Javalin answered")
        .anyMatch(line -> line.startsWith("INFO clientele.access GET /health/live 200 "))
        .anyMatch(line -> line.startsWith("INFO clientele.access other "));
    assertThat(lines)
        .as("logged lines quoting a header")
        .filteredOn(line -> line.toLowerCase(Locale.ROOT).contains(marker))
        .isEmpty();
  }

  private void sendEverything() throws Exception {
    Map<String, String> admin = bearer(TestServer.ADMIN_TOKEN);
    call("POST", "/admin/merchants", bearer(WRONG_ADMIN), "{}", "/admin/merchants", null);
    call(
        "POST",
        "/admin/merchants",
        admin,
        "{\"merchant_id\":\"" + MERCHANT + "\",\"name\":\"ZQ Stores\"}",
        "/admin/merchants",
        null);
    call(
        "POST",
        "/admin/merchants",
        admin,
        "{\"merchant_id\":\"" + EMAIL + "\",\"name\":\"" + FIRST + "\"}",
        "/admin/merchants",
        null);
    call("GET", "/admin/merchants", admin, "", "/admin/merchants", null);
    String merchant = "/admin/merchants/" + MERCHANT;
    call("GET", merchant, admin, "", "/admin/merchants/{merchant_id}", MERCHANT);
    call("GET", "/admin/merchants/nobody", admin, "", "/admin/merchants/{merchant_id}", "nobody");
    call(
        "GET",
        "/admin/merchants/" + EMAIL_REF,
        bearer(WRONG_ADMIN),
        "",
        "/admin/merchants/{merchant_id}",
        null);

    String credentials = merchant + "/credentials";
    String credentialsRoute = "/admin/merchants/{merchant_id}/credentials";
    JsonNode juspayIssued =
        json(
            call(
                "POST",
                credentials,
                admin,
                "{\"dialect\":\"juspay\"}",
                credentialsRoute,
                MERCHANT));
    JsonNode flowwiseIssued =
        json(
            call(
                "POST",
                credentials,
                admin,
                "{\"dialect\":\"flowwise\",\"project_id\":\"zq_project\"}",
                credentialsRoute,
                MERCHANT));
    JsonNode airpayIssued =
        json(
            call(
                "POST",
                credentials,
                admin,
                "{\"dialect\":\"airpay\"}",
                credentialsRoute,
                MERCHANT));
    call("POST", credentials, admin, "{\"dialect\":\"" + EMAIL + "\"}", credentialsRoute, MERCHANT);
    call("GET", credentials, admin, "", credentialsRoute, MERCHANT);
    JsonNode rotated =
        json(
            call(
                "POST",
                credentials + "/" + juspayIssued.get("credential_id").asText() + "/rotate",
                admin,
                "{\"overlap_seconds\":0}",
                credentialsRoute + "/{credential_id}/rotate",
                MERCHANT));
    String apiKey = rotated.get("api_key").asText();
    String clientId = flowwiseIssued.get("client_id").asText();
    String clientSecret = flowwiseIssued.get("client_secret").asText();
    String token = airpayIssued.get("token").asText();
    String secretKey = airpayIssued.get("secret_key").asText();
    forbidden.addAll(
        List.of(
            juspayIssued.get("api_key").asText(),
            apiKey,
            clientId,
            clientSecret,
            token,
            secretKey));
    JsonNode spare =
        json(
            call(
                "POST",
                credentials,
                admin,
                "{\"dialect\":\"juspay\"}",
                credentialsRoute,
                MERCHANT));
    forbidden.add(spare.get("api_key").asText());
    call(
        "DELETE",
        credentials + "/" + spare.get("credential_id").asText(),
        admin,
        "",
        credentialsRoute + "/{credential_id}",
        MERCHANT);
    call(
        "PUT",
        merchant + "/allowed-ips",
        admin,
        "{\"allowed_ips\":[\"" + EMAIL + "\"]}",
        "/admin/merchants/{merchant_id}/allowed-ips",
        MERCHANT);
    call(
        "PUT",
        merchant + "/allowed-ips",
        admin,
        "{\"allowed_ips\":[]}",
        "/admin/merchants/{merchant_id}/allowed-ips",
        MERCHANT);

    String cst = sendJuspay(apiKey);
    sendFlowwise(clientId, clientSecret);
    sendAirpay(apiKey, token, secretKey);
    sendAdminCustomers(admin, cst);

    call("GET", "/no/" + EMAIL, Map.of(), "", "unmatched", null, "none");
    call("GET", "/customers/" + PHONE + "/" + EMAIL, juspay(apiKey), "", "unmatched", null);
    call("GET", "/admin/" + EMAIL, admin, "", "unmatched", null);
    call(
        "PATCH",
        "/router/customer/" + FLOWWISE_REF,
        Map.of(),
        "",
        "/router/customer/{customer_id}",
        null);
  }

  /** Every Juspay route; answers the Clientele id of the customer it made. */
  private String sendJuspay(String apiKey) throws Exception {
    Map<String, String> form = juspay(apiKey);
    form.put("Content-Type", "application/x-www-form-urlencoded");
    String person =
        form(
            "object_reference_id",
            JUSPAY_REF,
            "mobile_number",
            PHONE,
            "email_address",
            EMAIL,
            "first_name",
            FIRST,
            "last_name",
            LAST);
    String cst =
        json(call("POST", "/customers", form, person, "/customers", MERCHANT)).get("id").asText();
    forbidden.add(cst);
    call("POST", "/customers", form, person, "/customers", MERCHANT);
    call(
        "POST",
        "/customers",
        form,
        form("mobile_number", PHONE + "x", "email_address", "@" + EMAIL, "first_name", FIRST + "1"),
        "/customers",
        MERCHANT);
    Map<String, String> wrong = juspay(WRONG_KEY);
    wrong.put("Content-Type", "application/x-www-form-urlencoded");
    call("POST", "/customers", wrong, person, "/customers", null);
    call("GET", "/customers?count=5", juspay(apiKey), "", "/customers", MERCHANT);
    Map<String, String> routed = juspay(apiKey);
    routed.put("x-routing-id", ROUTING);
    call("GET", "/customers/" + cst, routed, "", "/customers/{customer_id}", MERCHANT);
    call(
        "GET",
        "/customers/" + encode(EMAIL_REF),
        juspay(apiKey),
        "",
        "/customers/{customer_id}",
        MERCHANT);
    call("GET", "/customers/" + cst, juspay(WRONG_KEY), "", "/customers/{customer_id}", null);
    call(
        "POST",
        "/customers/" + cst,
        form,
        form("first_name", FIRST + "a", "last_name", LAST + "b", "email_address", "x" + EMAIL),
        "/customers/{customer_id}",
        MERCHANT);
    call(
        "POST",
        "/customers/" + cst,
        form,
        form("first_name", "J@" + FIRST),
        "/customers/{customer_id}",
        MERCHANT);
    call(
        "POST",
        "/customers/" + JUSPAY_REF + "-none",
        form,
        form("first_name", FIRST),
        "/customers/{customer_id}",
        MERCHANT);
    return cst;
  }

  private void sendFlowwise(String clientId, String clientSecret) throws Exception {
    Map<String, String> client = flowwise(clientId, clientSecret);
    String person =
        "{\"customer_id\":\""
            + FLOWWISE_REF
            + "\",\"scope\":\"PROJECT\",\"name\":\""
            + FIRST
            + " "
            + LAST
            + "\",\"phone\":\""
            + E164
            + "\",\"email\":\""
            + EMAIL
            + "\",\"address\":\""
            + ADDRESS
            + "\"}";
    String one = "/router/customer/" + FLOWWISE_REF;
    String template = "/router/customer/{customer_id}";
    call("POST", "/router/customer", client, person, "/router/customer", MERCHANT);
    call("POST", "/router/customer", client, person, "/router/customer", MERCHANT);
    call(
        "POST",
        "/router/customer",
        client,
        "{\"customer_id\":\"" + FLOWWISE_REF + "2\",\"email\":\"" + FIRST + "\"}",
        "/router/customer",
        MERCHANT);
    call(
        "POST",
        "/router/customer",
        flowwise(clientId, WRONG_SECRET),
        person,
        "/router/customer",
        null);
    call("GET", one, client, "", template, MERCHANT);
    call("GET", "/router/customer/" + encode(EMAIL_REF), client, "", template, MERCHANT);
    call(
        "PUT",
        one,
        client,
        "{\"customer_id\":\""
            + FLOWWISE_REF
            + "\",\"scope\":\"GLOBAL\",\"phone\":\""
            + E164
            + "\"}",
        template,
        MERCHANT);
    call(
        "PUT",
        one,
        client,
        "{\"customer_id\":\"" + JUSPAY_REF + "\",\"scope\":\"GLOBAL\"}",
        template,
        MERCHANT);
    call("DELETE", one, flowwise(WRONG_SECRET, WRONG_SECRET), "", template, null);
    call("DELETE", one, client, "", template, MERCHANT);
    call("DELETE", one, client, "", template, MERCHANT);
  }

  private void sendAirpay(String apiKey, String token, String secretKey) throws Exception {
    Map<String, String> form = juspay(apiKey);
    form.put("Content-Type", "application/x-www-form-urlencoded");
    call(
        "POST",
        "/customers",
        form,
        form("object_reference_id", AIRPAY_REF, "mobile_number", PHONE),
        "/customers",
        MERCHANT);
    String path = "/airpay/ms/cards/api/update-customer";
    String update =
        form(
            "entity_id",
            AIRPAY_REF,
            "email",
            EMAIL,
            "mobile_no",
            PHONE,
            "address",
            ADDRESS,
            "city",
            CITY,
            "state",
            "Kerala",
            "country",
            "India",
            "pincode",
            PINCODE);
    call("POST", path, airpay(token, secretKey, update), update, path, MERCHANT);
    call("POST", path, airpay(token, WRONG_SECRET, update), update, path, MERCHANT);
    call("POST", path, airpay(WRONG_TOKEN, secretKey, update), update, path, null);
    String shortPin = form("entity_id", AIRPAY_REF, "country", "India", "pincode", "6715");
    call("POST", path, airpay(token, secretKey, shortPin), shortPin, path, MERCHANT);
    String nobody = form("entity_id", AIRPAY_REF + "0", "city", CITY);
    call("POST", path, airpay(token, secretKey, nobody), nobody, path, MERCHANT);
  }

  private void sendAdminCustomers(Map<String, String> admin, String cst) throws Exception {
    String customers = "/admin/merchants/" + MERCHANT + "/customers";
    String search = "/admin/merchants/{merchant_id}/customers";
    call("GET", customers + "?email=" + encode(EMAIL), admin, "", search, MERCHANT);
    call("GET", customers + "?phone=" + encode(E164), admin, "", search, MERCHANT);
    call("GET", customers + "?reference=" + JUSPAY_REF, admin, "", search, MERCHANT);
    call("GET", customers + "?reference=a&email=" + encode(EMAIL), admin, "", search, MERCHANT);
    call("GET", customers + "?email=" + encode(EMAIL), bearer(WRONG_ADMIN), "", search, null);
    String show = search + "/{customer_id}";
    call("GET", customers + "/" + cst, admin, "", show, MERCHANT);
    call("GET", customers + "/" + cst + "/history", admin, "", show + "/history", MERCHANT);
    call("GET", customers + "/" + EMAIL_REF, admin, "", show, MERCHANT);
    String batch =
        "{\"customers\":[{\"reference\":\""
            + IMPORT_REF
            + "\",\"first_name\":\""
            + FIRST
            + "\",\"email\":\""
            + EMAIL
            + "\",\"mobile_country_code\":\"91\",\"mobile_number\":\""
            + PHONE
            + "\"},{\"reference\":\""
            + IMPORT_REF
            + "x\",\"email\":\"not "
            + EMAIL
            + "\"}]}";
    call("POST", customers + "/import", admin, batch, search + "/import", MERCHANT);
  }

  /** Sends a request and notes what its access line must say. */
  private HttpResponse<String> call(
      String method,
      String target,
      Map<String, String> headers,
      String body,
      String route,
      String merchantId) {
    String dialect =
        target.startsWith("/admin")
            ? "admin"
            : target.startsWith("/router")
                ? "flowwise"
                : target.startsWith("/airpay") ? "airpay" : "juspay";
    return call(method, target, headers, body, route, merchantId, dialect);
  }

  private HttpResponse<String> call(
      String method,
      String target,
      Map<String, String> headers,
      String body,
      String route,
      String merchantId,
      String dialect) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.http(target))
            .timeout(java.time.Duration.ofSeconds(20))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    HttpResponse<String> response = server.send(request.build());
    expected.add(
        new Expected(
            method,
            route,
            response.statusCode(),
            dialect,
            merchantId,
            response.headers().firstValue("x-request-id").orElseThrow()));
    return response;
  }

  /**
   * Each access line as JSON: parses, has the named fields with this request's values, and a UTC
   * time; every other line parses and has time, level, logger and message.
   */
  private void assertJsonLinesNameEachRequest(List<String> lines) throws IOException {
    Map<String, JsonNode> access = new HashMap<>();
    for (String line : lines) {
      JsonNode event = MAPPER.readTree(line);
      assertThat(event.path("time").asText()).as(line).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat(event.path("level").asText()).as(line).isIn("INFO", "WARN", "ERROR");
      assertThat(event.has("logger") && event.has("message")).as(line).isTrue();
      if (event.path("logger").asText().equals("clientele.access")) {
        access.put(event.path("request_id").asText(), event);
      }
    }
    for (Expected request : expected) {
      JsonNode line = access.get(request.id());
      assertThat(line).as("access line of %s", request).isNotNull();
      String facts = request + " " + line;
      assertThat(line.path("method").asText()).as(facts).isEqualTo(request.method());
      assertThat(line.path("route").asText()).as(facts).isEqualTo(request.route());
      assertThat(line.path("status").isInt()).as(facts).isTrue();
      assertThat(line.path("status").asInt()).as(facts).isEqualTo(request.status());
      assertThat(line.path("duration_ms").isNumber()).as(facts).isTrue();
      assertThat(line.path("dialect").asText()).as(facts).isEqualTo(request.dialect());
      // A request no credential or admin token proved for a merchant has no merchant_id field.
      assertThat(line.has("merchant_id") ? line.path("merchant_id").asText() : null)
          .as(facts)
          .isEqualTo(request.merchantId());
    }
    assertThat(access).hasSize(expected.size());
  }

  /** Each access line as text: {@code METHOD route status 1.2ms request_id=… dialect=…}. */
  private void assertTextLinesNameEachRequest(List<String> lines) {
    Map<String, String> access = new HashMap<>();
    for (String line : lines) {
      Matcher id = Pattern.compile(" clientele.access .* request_id=(" + UUID + ")").matcher(line);
      if (id.find()) {
        access.put(id.group(1), line);
      }
    }
    for (Expected request : expected) {
      String line = access.get(request.id());
      assertThat(line).as("access line of %s", request).isNotNull();
      assertThat(line)
          .matches(
              "\\S+ INFO  clientele.access "
                  + Pattern.quote(request.method() + " " + request.route() + " " + request.status())
                  + " \\d+\\.\\dms request_id="
                  + request.id()
                  + " dialect="
                  + request.dialect()
                  + (request.merchantId() == null ? "" : " merchant_id=" + request.merchantId())
                  + "( [a-z_]+=[^ =]+)*");
    }
    assertThat(access).hasSize(expected.size());
  }

  /** The lines as the console appender writes them in {@code format}. */
  private static List<String> render(List<ILoggingEvent> events, LogFormat format)
      throws IOException {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Encoder<ILoggingEvent> encoder;
    if (format == LogFormat.JSON) {
      encoder = LogOutput.json(context);
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setContext(context);
      text.setPattern(ProductionLevels.pattern());
      text.start();
      encoder = text;
    }
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : events) {
      String written = new String(encoder.encode(event), StandardCharsets.UTF_8);
      lines.addAll(written.lines().toList());
    }
    encoder.stop();
    return lines;
  }

  /** The secrets the text format prints at a first start, on stdout and not in the log. */
  private static List<String> sandboxSecrets(String startupOutput) {
    List<String> secrets = new ArrayList<>();
    Matcher printed =
        Pattern.compile(" (?:api_key|client_id|client_secret|token|secret_key)=(\\w+)")
            .matcher(startupOutput);
    while (printed.find()) {
      secrets.add(printed.group(1));
    }
    assertThat(secrets).hasSize(6);
    return secrets;
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    return MAPPER.readTree(response.body());
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
  }

  private static Map<String, String> juspay(String apiKey) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(
        "Authorization",
        "Basic "
            + Base64.getEncoder().encodeToString((apiKey + ":").getBytes(StandardCharsets.UTF_8)));
    return headers;
  }

  private static Map<String, String> flowwise(String clientId, String secret) {
    return Map.of(
        "x-client-id", clientId, "x-client-secret", secret, "Content-Type", "application/json");
  }

  private static Map<String, String> airpay(String token, String secretKey, String form) {
    StringBuilder values = new StringBuilder();
    for (String pair : form.split("&")) {
      values.append(
          java.net.URLDecoder.decode(
              pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8));
    }
    try {
      String checksum =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest((values + secretKey).getBytes(StandardCharsets.UTF_8)));
      return Map.of(
          "token",
          token,
          "checksum",
          checksum,
          "Content-Type",
          "application/x-www-form-urlencoded");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String form(String... pairs) {
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.add(encode(pairs[i]) + "=" + encode(pairs[i + 1]));
    }
    return String.join("&", fields);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Sets the levels production's logback.xml sets (the tests' own configuration quiets INFO), and
   * restores the tests' levels after.
   */
  static final class ProductionLevels implements AutoCloseable {
    private static final Pattern LOGGER =
        Pattern.compile("<logger name=\"([^\"]+)\" level=\"(\\w+)\"");
    private static final Pattern ROOT = Pattern.compile("<root level=\"(\\w+)\"");
    private final Map<ch.qos.logback.classic.Logger, Level> before = new HashMap<>();

    ProductionLevels() {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      String xml = production();
      Matcher root = ROOT.matcher(xml);
      assertThat(root.find()).isTrue();
      set(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME), root.group(1));
      Matcher logger = LOGGER.matcher(xml);
      while (logger.find()) {
        set(context.getLogger(logger.group(1)), logger.group(2));
      }
    }

    private void set(ch.qos.logback.classic.Logger logger, String level) {
      before.put(logger, logger.getLevel());
      logger.setLevel(Level.toLevel(level));
    }

    static String pattern() {
      Matcher pattern = Pattern.compile("<pattern>(.*)</pattern>").matcher(production());
      assertThat(pattern.find()).isTrue();
      return pattern.group(1);
    }

    private static String production() {
      try (InputStream in = LogsKeepSecretsTest.class.getResourceAsStream("/logback.xml")) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The loggers whose levels it set. */
    java.util.Set<String> applied() {
      return before.keySet().stream()
          .map(ch.qos.logback.classic.Logger::getName)
          .collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public void close() {
      before.forEach(ch.qos.logback.classic.Logger::setLevel);
    }
  }
}
