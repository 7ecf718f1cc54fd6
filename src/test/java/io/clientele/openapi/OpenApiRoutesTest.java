package io.clientele.openapi;

import static io.clientele.openapi.Wire.FORM;
import static io.clientele.openapi.Wire.JSON;
import static io.clientele.openapi.Wire.MERGE_PATCH;
import static io.clientele.openapi.Wire.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drives every operation of every served document through the real server, successes and every
 * documented failure, and checks each real request and answer against the document: a request the
 * test means to be right must satisfy it, one the server refuses for its shape must break it, and
 * every answer must be one the operation documents, headers and body. Faults need a server of their
 * own: one whose database lost its tables (500, then 503 for readiness) and one holding as many
 * arriving bodies as it may (503). The last test checks that nothing documented went unexercised.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiRoutesTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String ADMIN = TestServer.ADMIN_TOKEN;
  static final String WALLED = "walled";
  static final String LIMITED = "limited";
  static final String TOO_LARGE = "x".repeat(1024 * 1024 + 1);

  static TestDatabase database;
  static TestServer server;
  static Traffic traffic;
  static Contracts contracts;
  static String juspayKey;
  static String walledJuspayKey;
  static Map<String, String> walledFlowwise;
  static Map<String, String> walledAirpay;
  static String limitedJuspayKey;
  static Map<String, String> limitedFlowwise;
  static Map<String, String> limitedAirpay;
  static String canonicalKey;
  static String walledCanonicalKey;
  static String limitedCanonicalKey;

  @BeforeAll
  static void start() throws Exception {
    // The rate limits' clock stands still: a bucket of one, once spent, refuses every request
    // after.
    database = TestDatabase.h2();
    server = TestServer.startInTemporaryDir(database.config(), () -> 0L);
    traffic = new Traffic(server);
    contracts = Contracts.served(server);
    juspayKey = server.sandbox("api_key");
    contracts.expect(
        "admin",
        Contracts.Request.CONFORMING,
        201,
        traffic.send(
            "POST",
            "/admin/merchants",
            Wire.admin(ADMIN),
            "{\"merchant_id\":\"walled\",\"name\":\"Walled\",\"allowed_ips\":[\"10.0.0.0/8\"]}"));
    walledJuspayKey = credential("{\"dialect\":\"juspay\"}").get("api_key").asText();
    JsonNode flowwise = credential("{\"dialect\":\"flowwise\",\"project_id\":\"walled_project\"}");
    walledFlowwise =
        Map.of(
            "id",
            flowwise.get("client_id").asText(),
            "secret",
            flowwise.get("client_secret").asText());
    JsonNode airpay = credential("{\"dialect\":\"airpay\"}");
    walledAirpay =
        Map.of("token", airpay.get("token").asText(), "secret", airpay.get("secret_key").asText());
    walledCanonicalKey = credential("{\"dialect\":\"canonical\"}").get("api_key").asText();
    canonicalKey = credential("sandbox", "{\"dialect\":\"canonical\"}").get("api_key").asText();
    limitedCredentials();
  }

  /**
   * A merchant limited to one request per credential, each credential's one request spent at once,
   * so each of its requests later meets its dialect's 429.
   */
  private static void limitedCredentials() throws Exception {
    contracts.expect(
        "admin",
        Contracts.Request.CONFORMING,
        201,
        traffic.send(
            "POST",
            "/admin/merchants",
            Wire.admin(ADMIN),
            "{\"merchant_id\":\"limited\",\"name\":\"Limited\"}"));
    contracts.expect(
        "admin",
        Contracts.Request.CONFORMING,
        200,
        traffic.send(
            "PUT",
            "/admin/merchants/" + LIMITED + "/rate-limit",
            Wire.admin(ADMIN),
            "{\"requests_per_second\":1,\"burst\":1}"));
    limitedJuspayKey = credential(LIMITED, "{\"dialect\":\"juspay\"}").get("api_key").asText();
    JsonNode flowwise = credential(LIMITED, "{\"dialect\":\"flowwise\",\"project_id\":\"p1\"}");
    limitedFlowwise =
        Map.of(
            "id",
            flowwise.get("client_id").asText(),
            "secret",
            flowwise.get("client_secret").asText());
    JsonNode airpay = credential(LIMITED, "{\"dialect\":\"airpay\"}");
    limitedAirpay =
        Map.of("token", airpay.get("token").asText(), "secret", airpay.get("secret_key").asText());
    limitedCanonicalKey =
        credential(LIMITED, "{\"dialect\":\"canonical\"}").get("api_key").asText();
    canonical(
        200,
        Contracts.Request.CONFORMING,
        "GET",
        "/v1/customers",
        Wire.canonical(limitedCanonicalKey, null),
        "");
    juspay(
        200,
        Contracts.Request.CONFORMING,
        "GET",
        "/customers",
        Wire.juspay(limitedJuspayKey, null),
        "");
    flowwise(
        404,
        Contracts.Request.CONFORMING,
        "GET",
        "/router/customer/nobody",
        Wire.flowwise(limitedFlowwise.get("id"), limitedFlowwise.get("secret")),
        "");
    String nobody = form("entity_id", "ENT99999", "city", "Kochi");
    airpay(
        404,
        Contracts.Request.CONFORMING,
        "/airpay/ms/cards/api/update-customer",
        Wire.airpay(limitedAirpay.get("token"), limitedAirpay.get("secret"), nobody),
        nobody);
  }

  @AfterAll
  static void stop() {
    server.close();
    database.close();
  }

  private static JsonNode credential(String body) throws Exception {
    return credential(WALLED, body);
  }

  private static JsonNode credential(String merchant, String body) throws Exception {
    Exchange issued =
        contracts.expect(
            "admin",
            Contracts.Request.CONFORMING,
            201,
            traffic.send(
                "POST", "/admin/merchants/" + merchant + "/credentials", Wire.admin(ADMIN), body));
    return MAPPER.readTree(issued.responseBody());
  }

  // ---- Juspay

  @Test
  @Order(1)
  void juspayCreateAnswersAsDocumented() {
    Map<String, String> form = Wire.juspay(juspayKey, FORM);
    juspay(
        200,
        Contracts.Request.CONFORMING,
        "POST",
        "/customers",
        form,
        form(
            "object_reference_id",
            "openapi-create-1",
            "mobile_number",
            "9876543210",
            "email_address",
            "create.one@example.com",
            "first_name",
            "Asha",
            "last_name",
            "Rao",
            "options.get_client_auth_token",
            "true"));
    juspay(
        200,
        Contracts.Request.CONFORMING,
        "POST",
        "/customers",
        Wire.juspay(juspayKey, JSON),
        "{\"object_reference_id\":\"openapi-create-2\",\"mobile_country_code\":\"65\","
            + "\"mobile_number\":\"99887766\",\"options\":{\"get_client_auth_token\":false}}");
    juspay(
        400, Contracts.Request.BROKEN, "POST", "/customers", form, form("mobile_number", "98765"));
    juspay(
        400,
        Contracts.Request.CONFORMING,
        "POST",
        "/customers",
        form,
        form("object_reference_id", "openapi-create-1", "mobile_number", "9876543210"));
    juspay(
        400,
        Contracts.Request.BROKEN,
        "POST",
        "/customers",
        form,
        form(
            "object_reference_id",
            "openapi-create-3",
            "mobile_number",
            "98-76",
            "email_address",
            ".x@y"));
    juspay(
        400,
        Contracts.Request.BROKEN,
        "POST",
        "/customers",
        Wire.juspay(juspayKey, "text/plain"),
        "object_reference_id=openapi-create-4");
    juspay(
        401, Contracts.Request.BROKEN, "POST", "/customers", Map.of("Content-Type", FORM), "a=b");
    juspay(
        401,
        Contracts.Request.CONFORMING,
        "POST",
        "/customers",
        Wire.juspay("0123456789ABCDEF0123456789ABCDEF", FORM),
        form("object_reference_id", "openapi-create-5", "mobile_number", "9876543210"));
    juspay(
        403,
        Contracts.Request.CONFORMING,
        "POST",
        "/customers",
        Wire.juspay(walledJuspayKey, FORM),
        form("object_reference_id", "openapi-create-6", "mobile_number", "9876543210"));
    juspay(
        429,
        Contracts.Request.CONFORMING,
        "POST",
        "/customers",
        Wire.juspay(limitedJuspayKey, FORM),
        form("object_reference_id", "openapi-create-7", "mobile_number", "9876543210"));
    juspay(
        413,
        Contracts.Request.BROKEN,
        "POST",
        "/customers",
        form,
        form("object_reference_id", TOO_LARGE, "mobile_number", "9876543210"));
  }

  @Test
  @Order(2)
  void juspayListAnswersAsDocumented() {
    Map<String, String> key = Wire.juspay(juspayKey, null);
    juspay(200, Contracts.Request.CONFORMING, "GET", "/customers?count=5&offset=0", key, "");
    juspay(200, Contracts.Request.CONFORMING, "HEAD", "/customers", key, "");
    juspay(400, Contracts.Request.BROKEN, "GET", "/customers?count=0", key, "");
    juspay(401, Contracts.Request.BROKEN, "GET", "/customers", Map.of(), "");
    juspay(
        403,
        Contracts.Request.CONFORMING,
        "GET",
        "/customers",
        Wire.juspay(walledJuspayKey, null),
        "");
    juspay(
        429,
        Contracts.Request.CONFORMING,
        "GET",
        "/customers",
        Wire.juspay(limitedJuspayKey, null),
        "");
  }

  @Test
  @Order(3)
  void juspayGetAndUpdateAnswerAsDocumented() throws Exception {
    Map<String, String> form = Wire.juspay(juspayKey, FORM);
    String id =
        MAPPER
            .readTree(
                juspay(
                        200,
                        Contracts.Request.CONFORMING,
                        "POST",
                        "/customers",
                        form,
                        form(
                            "object_reference_id",
                            "openapi+get@example.com",
                            "mobile_number",
                            "9876543210"))
                    .responseBody())
            .get("id")
            .asText();
    Map<String, String> key = Wire.juspay(juspayKey, null);
    juspay(200, Contracts.Request.CONFORMING, "GET", "/customers/" + id, key, "");
    juspay(
        200,
        Contracts.Request.CONFORMING,
        "GET",
        "/customers/openapi+get@example.com?options.get_client_auth_token=true",
        key,
        "");
    juspay(200, Contracts.Request.CONFORMING, "HEAD", "/customers/" + id, key, "");
    juspay(
        400,
        Contracts.Request.BROKEN,
        "GET",
        "/customers/" + id + "?options.get_client_auth_token=maybe",
        key,
        "");
    juspay(404, Contracts.Request.CONFORMING, "GET", "/customers/openapi-nobody", key, "");
    juspay(401, Contracts.Request.BROKEN, "GET", "/customers/" + id, Map.of(), "");
    juspay(
        403,
        Contracts.Request.CONFORMING,
        "GET",
        "/customers/" + id,
        Wire.juspay(walledJuspayKey, null),
        "");
    juspay(
        429,
        Contracts.Request.CONFORMING,
        "GET",
        "/customers/" + id,
        Wire.juspay(limitedJuspayKey, null),
        "");

    juspay(
        200,
        Contracts.Request.CONFORMING,
        "POST",
        "/customers/" + id,
        form,
        form("first_name", "Jon"));
    juspay(
        200,
        Contracts.Request.CONFORMING,
        "POST",
        "/customers/" + id,
        Wire.juspay(juspayKey, JSON),
        "{\"last_name\":\"Snow\",\"options.get_client_auth_token\":true}");
    juspay(
        400, Contracts.Request.BROKEN, "POST", "/customers/" + id, form, form("first_name", "J@n"));
    juspay(
        404,
        Contracts.Request.CONFORMING,
        "POST",
        "/customers/openapi-nobody",
        form,
        form("first_name", "Jon"));
    juspay(
        401,
        Contracts.Request.BROKEN,
        "POST",
        "/customers/" + id,
        Map.of("Content-Type", FORM),
        "first_name=Jon");
    juspay(
        403,
        Contracts.Request.CONFORMING,
        "POST",
        "/customers/" + id,
        Wire.juspay(walledJuspayKey, FORM),
        form("first_name", "Jon"));
    juspay(
        429,
        Contracts.Request.CONFORMING,
        "POST",
        "/customers/" + id,
        Wire.juspay(limitedJuspayKey, FORM),
        form("first_name", "Jon"));
    juspay(
        413,
        Contracts.Request.BROKEN,
        "POST",
        "/customers/" + id,
        form,
        form("first_name", TOO_LARGE));
  }

  @Test
  @Order(4)
  void juspayUnknownRoutesAndMethodsAnswerAsDocumented() {
    Map<String, String> key = Wire.juspay(juspayKey, null);
    contracts.expectAnswer("juspay", "RouteNotFound", 404, traffic.get("/customers/a/b", key));
    contracts.expectAnswer(
        "juspay",
        "MethodNotAllowed",
        405,
        traffic.send("PATCH", "/customers/cst_aaaaaaaaaaaaaaaa", key, ""));
    contracts.expectAnswer(
        "juspay", "MethodNotAllowed", 405, traffic.send("DELETE", "/customers", key, ""));
  }

  private static Exchange juspay(
      int status,
      Contracts.Request request,
      String method,
      String target,
      Map<String, String> headers,
      String body) {
    return contracts.expect("juspay", request, status, traffic.send(method, target, headers, body));
  }

  // ---- Flowwise

  @Test
  @Order(5)
  void flowwiseOperationsAnswerAsDocumented() {
    Map<String, String> client =
        Wire.flowwise(server.sandbox("client_id"), server.sandbox("client_secret"));
    Map<String, String> walled =
        Wire.flowwise(walledFlowwise.get("id"), walledFlowwise.get("secret"));
    Map<String, String> wrong = Wire.flowwise(server.sandbox("client_id"), "cfsk_wrong");
    Map<String, String> limited =
        Wire.flowwise(limitedFlowwise.get("id"), limitedFlowwise.get("secret"));
    Map<String, String> none = Map.of("Content-Type", JSON);
    String priya =
        "{\"customer_id\":\"openapi_priya\",\"scope\":\"PROJECT\",\"name\":\"Priya Sharma\","
            + "\"phone\":\"+919876543210\",\"email\":\"priya.sharma@gmail.com\","
            + "\"address\":\"456 Defence Colony, New Delhi, Delhi 110024, India\"}";
    String one = "/router/customer/openapi_priya";
    String tooLong = "/router/customer/" + "c".repeat(256);

    flowwise(200, Contracts.Request.CONFORMING, "POST", "/router/customer", client, priya);
    flowwise(409, Contracts.Request.CONFORMING, "POST", "/router/customer", client, priya);
    flowwise(
        400,
        Contracts.Request.BROKEN,
        "POST",
        "/router/customer",
        client,
        "{\"customer_id\":\"c2\"}");
    flowwise(401, Contracts.Request.BROKEN, "POST", "/router/customer", none, priya);
    flowwise(401, Contracts.Request.CONFORMING, "POST", "/router/customer", wrong, priya);
    flowwise(403, Contracts.Request.CONFORMING, "POST", "/router/customer", walled, priya);
    flowwise(429, Contracts.Request.CONFORMING, "POST", "/router/customer", limited, priya);
    flowwise(
        413,
        Contracts.Request.BROKEN,
        "POST",
        "/router/customer",
        client,
        "{\"customer_id\":\"" + TOO_LARGE + "\",\"scope\":\"GLOBAL\"}");

    flowwise(200, Contracts.Request.CONFORMING, "GET", one, client, "");
    flowwise(200, Contracts.Request.CONFORMING, "HEAD", one, client, "");
    flowwise(400, Contracts.Request.BROKEN, "GET", tooLong, client, "");
    flowwise(
        404, Contracts.Request.CONFORMING, "GET", "/router/customer/openapi_nobody", client, "");
    flowwise(401, Contracts.Request.BROKEN, "GET", one, none, "");
    flowwise(403, Contracts.Request.CONFORMING, "GET", one, walled, "");
    flowwise(429, Contracts.Request.CONFORMING, "GET", one, limited, "");

    String change =
        "{\"customer_id\":\"openapi_priya\",\"scope\":\"GLOBAL\",\"phone\":\"+6599887766\"}";
    flowwise(200, Contracts.Request.CONFORMING, "PUT", one, client, change);
    flowwise(
        400,
        Contracts.Request.CONFORMING,
        "PUT",
        one,
        client,
        "{\"customer_id\":\"someone_else\",\"scope\":\"GLOBAL\"}");
    flowwise(400, Contracts.Request.BROKEN, "PUT", tooLong, client, change);
    flowwise(
        404,
        Contracts.Request.CONFORMING,
        "PUT",
        "/router/customer/openapi_nobody",
        client,
        "{\"customer_id\":\"openapi_nobody\",\"scope\":\"GLOBAL\"}");
    flowwise(401, Contracts.Request.BROKEN, "PUT", one, none, change);
    flowwise(403, Contracts.Request.CONFORMING, "PUT", one, walled, change);
    flowwise(429, Contracts.Request.CONFORMING, "PUT", one, limited, change);
    flowwise(
        413,
        Contracts.Request.BROKEN,
        "PUT",
        one,
        client,
        "{\"customer_id\":\"openapi_priya\",\"scope\":\"GLOBAL\",\"name\":\"" + TOO_LARGE + "\"}");

    flowwise(400, Contracts.Request.BROKEN, "DELETE", tooLong, client, "");
    flowwise(401, Contracts.Request.BROKEN, "DELETE", one, none, "");
    flowwise(403, Contracts.Request.CONFORMING, "DELETE", one, walled, "");
    flowwise(429, Contracts.Request.CONFORMING, "DELETE", one, limited, "");
    flowwise(204, Contracts.Request.CONFORMING, "DELETE", one, client, "");
    flowwise(404, Contracts.Request.CONFORMING, "DELETE", one, client, "");

    contracts.expectAnswer(
        "flowwise", "RouteNotFound", 404, traffic.get("/router/customers", client));
    contracts.expectAnswer(
        "flowwise",
        "MethodNotAllowed",
        405,
        traffic.send("PATCH", "/router/customer/c1", client, ""));
  }

  private static Exchange flowwise(
      int status,
      Contracts.Request request,
      String method,
      String target,
      Map<String, String> headers,
      String body) {
    Map<String, String> sent = body.isEmpty() ? withoutContentType(headers) : headers;
    return contracts.expect("flowwise", request, status, traffic.send(method, target, sent, body));
  }

  private static Map<String, String> withoutContentType(Map<String, String> headers) {
    Map<String, String> without = new LinkedHashMap<>(headers);
    without.remove("Content-Type");
    return without;
  }

  // ---- Airpay

  @Test
  @Order(6)
  void airpayUpdateAnswersAsDocumented() {
    String path = "/airpay/ms/cards/api/update-customer";
    String token = server.sandbox("token");
    String secret = server.sandbox("secret_key");
    juspay(
        200,
        Contracts.Request.CONFORMING,
        "POST",
        "/customers",
        Wire.juspay(juspayKey, FORM),
        form("object_reference_id", "ENT00001", "mobile_number", "9000000879"));
    String update =
        form(
            "entity_id",
            "ENT00001",
            "email",
            "xyz@airpay.co.in",
            "mobile_no",
            "9000000879",
            "address",
            "MG Road 12",
            "city",
            "Kochi",
            "state",
            "Kerala",
            "country",
            "India",
            "pincode",
            "682035");
    String shortPin = form("entity_id", "ENT00001", "country", "India", "pincode", "68203");
    String nobody = form("entity_id", "ENT99999", "city", "Kochi");

    airpay(200, Contracts.Request.CONFORMING, path, Wire.airpay(token, secret, update), update);
    airpay(400, Contracts.Request.BROKEN, path, Wire.airpay(token, secret, shortPin), shortPin);
    airpay(404, Contracts.Request.CONFORMING, path, Wire.airpay(token, secret, nobody), nobody);
    airpay(401, Contracts.Request.BROKEN, path, Map.of("Content-Type", FORM), update);
    airpay(
        401,
        Contracts.Request.CONFORMING,
        path,
        Wire.airpay(token, "not-the-secret", update),
        update);
    airpay(
        403,
        Contracts.Request.CONFORMING,
        path,
        Wire.airpay(walledAirpay.get("token"), walledAirpay.get("secret"), update),
        update);
    airpay(
        429,
        Contracts.Request.CONFORMING,
        path,
        Wire.airpay(limitedAirpay.get("token"), limitedAirpay.get("secret"), update),
        update);
    String large = form("entity_id", TOO_LARGE);
    airpay(413, Contracts.Request.BROKEN, path, Wire.airpay(token, secret, large), large);

    contracts.expectAnswer(
        "airpay", "RouteNotFound", 404, traffic.get("/airpay/nothing", Map.of()));
    contracts.expectAnswer("airpay", "MethodNotAllowed", 405, traffic.get(path, Map.of()));
  }

  private static void airpay(
      int status,
      Contracts.Request request,
      String path,
      Map<String, String> headers,
      String body) {
    contracts.expect("airpay", request, status, traffic.send("POST", path, headers, body));
  }

  // ---- Admin API and operations

  @Test
  @Order(7)
  void adminMerchantsAnswerAsDocumented() {
    Map<String, String> admin = Wire.admin(ADMIN);
    Map<String, String> none = Map.of("Content-Type", JSON);
    String m1 = "{\"merchant_id\":\"m1\",\"name\":\"Acme\",\"allowed_ips\":[\"127.0.0.1\"]}";
    admin(201, Contracts.Request.CONFORMING, "POST", "/admin/merchants", admin, m1);
    admin(409, Contracts.Request.CONFORMING, "POST", "/admin/merchants", admin, m1);
    admin(400, Contracts.Request.BROKEN, "POST", "/admin/merchants", admin, "{");
    admin(401, Contracts.Request.BROKEN, "POST", "/admin/merchants", none, m1);
    admin(
        413,
        Contracts.Request.BROKEN,
        "POST",
        "/admin/merchants",
        admin,
        "{\"merchant_id\":\"m2\",\"name\":\"" + TOO_LARGE + "\"}");
    admin(200, Contracts.Request.CONFORMING, "GET", "/admin/merchants", admin, "");
    admin(200, Contracts.Request.CONFORMING, "HEAD", "/admin/merchants", admin, "");
    admin(401, Contracts.Request.BROKEN, "GET", "/admin/merchants", Map.of(), "");
    admin(200, Contracts.Request.CONFORMING, "GET", "/admin/merchants/m1", admin, "");
    admin(404, Contracts.Request.CONFORMING, "GET", "/admin/merchants/nobody", admin, "");
    admin(401, Contracts.Request.BROKEN, "GET", "/admin/merchants/m1", Map.of(), "");

    String ips = "{\"allowed_ips\":[\"10.0.0.0/8\",\"::1\"]}";
    admin(200, Contracts.Request.CONFORMING, "PUT", "/admin/merchants/m1/allowed-ips", admin, ips);
    admin(
        400,
        Contracts.Request.BROKEN,
        "PUT",
        "/admin/merchants/m1/allowed-ips",
        admin,
        "{\"allowed_ips\":\"x\"}");
    admin(
        404,
        Contracts.Request.CONFORMING,
        "PUT",
        "/admin/merchants/nobody/allowed-ips",
        admin,
        ips);
    admin(401, Contracts.Request.BROKEN, "PUT", "/admin/merchants/m1/allowed-ips", none, ips);
    admin(
        413,
        Contracts.Request.BROKEN,
        "PUT",
        "/admin/merchants/m1/allowed-ips",
        admin,
        "{\"allowed_ips\":[\"" + TOO_LARGE + "\"],\"x\":1}");

    String rateLimit = "/admin/merchants/m1/rate-limit";
    String limit = "{\"requests_per_second\":5,\"burst\":20}";
    admin(200, Contracts.Request.CONFORMING, "PUT", rateLimit, admin, limit);
    admin(
        200, Contracts.Request.CONFORMING, "PUT", rateLimit, admin, "{\"requests_per_second\":5}");
    admin(200, Contracts.Request.CONFORMING, "PUT", rateLimit, admin, "null");
    admin(400, Contracts.Request.BROKEN, "PUT", rateLimit, admin, "{\"requests_per_second\":0}");
    admin(400, Contracts.Request.BROKEN, "PUT", rateLimit, admin, "{\"burst\":5}");
    admin(
        404,
        Contracts.Request.CONFORMING,
        "PUT",
        "/admin/merchants/nobody/rate-limit",
        admin,
        limit);
    admin(401, Contracts.Request.BROKEN, "PUT", rateLimit, none, limit);
    admin(
        413,
        Contracts.Request.BROKEN,
        "PUT",
        rateLimit,
        admin,
        "{\"requests_per_second\":5,\"x\":\"" + TOO_LARGE + "\"}");
    contracts.expectAnswer(
        "admin", "MethodNotAllowed", 405, traffic.get(rateLimit, Wire.admin(ADMIN)));
  }

  @Test
  @Order(8)
  void adminCredentialsAnswerAsDocumented() throws Exception {
    Map<String, String> admin = Wire.admin(ADMIN);
    Map<String, String> none = Map.of("Content-Type", JSON);
    String credentials = "/admin/merchants/sandbox/credentials";
    for (String body :
        List.of(
            "{\"dialect\":\"juspay\"}",
            "{\"dialect\":\"flowwise\",\"project_id\":\"proj_1\"}",
            "{\"dialect\":\"airpay\"}",
            "{\"dialect\":\"canonical\"}")) {
      admin(201, Contracts.Request.CONFORMING, "POST", credentials, admin, body);
    }
    admin(400, Contracts.Request.BROKEN, "POST", credentials, admin, "{\"dialect\":\"stripe\"}");
    admin(
        404,
        Contracts.Request.CONFORMING,
        "POST",
        "/admin/merchants/nobody/credentials",
        admin,
        "{\"dialect\":\"juspay\"}");
    admin(401, Contracts.Request.BROKEN, "POST", credentials, none, "{\"dialect\":\"juspay\"}");
    admin(
        413,
        Contracts.Request.BROKEN,
        "POST",
        credentials,
        admin,
        "{\"dialect\":\"" + TOO_LARGE + "\"}");

    String listed =
        admin(200, Contracts.Request.CONFORMING, "GET", credentials, admin, "").responseBody();
    admin(
        404, Contracts.Request.CONFORMING, "GET", "/admin/merchants/nobody/credentials", admin, "");
    admin(401, Contracts.Request.BROKEN, "GET", credentials, Map.of(), "");

    JsonNode all = MAPPER.readTree(listed).get("credentials");
    String first = all.get(all.size() - 1).get("credential_id").asText();
    String second = all.get(all.size() - 2).get("credential_id").asText();
    String rotate = credentials + "/" + first + "/rotate";
    admin(400, Contracts.Request.BROKEN, "POST", rotate, admin, "{\"overlap_seconds\":-1}");
    admin(201, Contracts.Request.CONFORMING, "POST", rotate, admin, "{\"overlap_seconds\":60}");
    admin(409, Contracts.Request.CONFORMING, "POST", rotate, admin, "");
    admin(
        404,
        Contracts.Request.CONFORMING,
        "POST",
        credentials + "/crd_0000000000000000/rotate",
        admin,
        "");
    admin(401, Contracts.Request.BROKEN, "POST", rotate, none, "");
    admin(
        413,
        Contracts.Request.BROKEN,
        "POST",
        rotate,
        admin,
        "{\"overlap_seconds\":\"" + TOO_LARGE + "\"}");

    admin(
        204,
        Contracts.Request.CONFORMING,
        "DELETE",
        credentials + "/" + second,
        withoutContentType(admin),
        "");
    admin(
        404,
        Contracts.Request.CONFORMING,
        "DELETE",
        credentials + "/crd_0000000000000000",
        withoutContentType(admin),
        "");
    admin(401, Contracts.Request.BROKEN, "DELETE", credentials + "/" + second, Map.of(), "");
  }

  @Test
  @Order(16)
  void adminWebhooksAnswerAsDocumented() throws Exception {
    Map<String, String> admin = Wire.admin(ADMIN);
    Map<String, String> bare = withoutContentType(admin);
    String webhooks = "/admin/merchants/sandbox/webhooks";
    String added =
        admin(
                201,
                Contracts.Request.CONFORMING,
                "POST",
                webhooks,
                admin,
                "{\"url\":\"http://127.0.0.1:9/closed\"}")
            .responseBody();
    String webhook = MAPPER.readTree(added).get("webhook_id").asText();
    admin(400, Contracts.Request.BROKEN, "POST", webhooks, admin, "{\"url\":\"ftp://x\"}");
    admin(
        404,
        Contracts.Request.CONFORMING,
        "POST",
        "/admin/merchants/nobody/webhooks",
        admin,
        "{\"url\":\"https://a.example/\"}");
    admin(401, Contracts.Request.BROKEN, "GET", webhooks, Map.of(), "");
    admin(200, Contracts.Request.CONFORMING, "GET", webhooks, bare, "");
    admin(
        200,
        Contracts.Request.CONFORMING,
        "POST",
        "/admin/merchants/sandbox/customers/import",
        admin,
        "{\"customers\":[{\"reference\":\"openapi-webhook-1\"}]}");
    String deliveries = webhooks + "/" + webhook + "/deliveries";
    String page =
        admin(200, Contracts.Request.CONFORMING, "GET", deliveries + "?limit=5", bare, "")
            .responseBody();
    admin(400, Contracts.Request.BROKEN, "GET", deliveries + "?limit=0", bare, "");
    admin(404, Contracts.Request.CONFORMING, "GET", webhooks + "/whk_none/deliveries", bare, "");
    String event = MAPPER.readTree(page).get("deliveries").get(0).get("event_id").asText();
    admin(
        202, Contracts.Request.CONFORMING, "POST", deliveries + "/" + event + "/replay", bare, "");
    admin(404, Contracts.Request.CONFORMING, "POST", deliveries + "/evt_none/replay", bare, "");
    admin(401, Contracts.Request.BROKEN, "DELETE", webhooks + "/" + webhook, Map.of(), "");
    admin(204, Contracts.Request.CONFORMING, "DELETE", webhooks + "/" + webhook, bare, "");
    admin(404, Contracts.Request.CONFORMING, "DELETE", webhooks + "/" + webhook, bare, "");
    admin(404, Contracts.Request.CONFORMING, "GET", "/admin/merchants/nobody/webhooks", bare, "");
    admin(401, Contracts.Request.BROKEN, "GET", deliveries, Map.of(), "");
    admin(
        401, Contracts.Request.BROKEN, "POST", deliveries + "/" + event + "/replay", Map.of(), "");
    admin(401, Contracts.Request.BROKEN, "POST", webhooks, Map.of(), "{\"url\":\"https://a/\"}");
    admin(
        413, Contracts.Request.BROKEN, "POST", webhooks, admin, "{\"url\":\"" + TOO_LARGE + "\"}");
  }

  @Test
  @Order(9)
  void adminCustomersAnswerAsDocumented() throws Exception {
    String id =
        MAPPER
            .readTree(
                juspay(
                        200,
                        Contracts.Request.CONFORMING,
                        "POST",
                        "/customers",
                        Wire.juspay(juspayKey, FORM),
                        form(
                            "object_reference_id",
                            "openapi-admin-1",
                            "mobile_number",
                            "9876543210"))
                    .responseBody())
            .get("id")
            .asText();
    Map<String, String> admin = Map.of("Authorization", "Bearer " + ADMIN);
    String customer = "/admin/merchants/sandbox/customers/" + id;
    admin(200, Contracts.Request.CONFORMING, "GET", customer, admin, "");
    admin(
        404,
        Contracts.Request.CONFORMING,
        "GET",
        "/admin/merchants/sandbox/customers/cst_0000000000000000",
        admin,
        "");
    admin(
        404,
        Contracts.Request.CONFORMING,
        "GET",
        "/admin/merchants/nobody/customers/" + id,
        admin,
        "");
    admin(401, Contracts.Request.BROKEN, "GET", customer, Map.of(), "");

    String customers = "/admin/merchants/sandbox/customers";
    admin(
        200,
        Contracts.Request.CONFORMING,
        "GET",
        customers + "?reference=openapi-admin-1",
        admin,
        "");
    admin(
        200,
        Contracts.Request.CONFORMING,
        "GET",
        customers + "?phone=%2B919876543210&limit=2&include=total",
        admin,
        "");
    admin(200, Contracts.Request.CONFORMING, "HEAD", customers, admin, "");
    admin(400, Contracts.Request.BROKEN, "GET", customers + "?limit=0", admin, "");
    admin(
        400,
        Contracts.Request.CONFORMING,
        "GET",
        customers + "?reference=a&email=a%40example.com",
        admin,
        "");
    admin(404, Contracts.Request.CONFORMING, "GET", "/admin/merchants/nobody/customers", admin, "");
    admin(401, Contracts.Request.BROKEN, "GET", customers, Map.of(), "");

    Map<String, String> json = Wire.admin(ADMIN);
    String batch =
        "{\"customers\":[{\"reference\":\"openapi-import-1\",\"first_name\":\"Asha\","
            + "\"email\":\"asha@example.com\",\"mobile_country_code\":\"91\","
            + "\"mobile_number\":\"9876543210\"},{\"reference\":\"openapi-import-2\","
            + "\"email\":\"not an address\"}]}";
    String imports = customers + "/import";
    admin(200, Contracts.Request.CONFORMING, "POST", imports, json, batch);
    admin(200, Contracts.Request.CONFORMING, "POST", imports, json, batch);
    admin(400, Contracts.Request.BROKEN, "POST", imports, json, "{\"customers\":[]}");
    admin(
        404,
        Contracts.Request.CONFORMING,
        "POST",
        "/admin/merchants/nobody/customers/import",
        json,
        batch);
    admin(401, Contracts.Request.BROKEN, "POST", imports, Map.of("Content-Type", JSON), batch);
    admin(
        413,
        Contracts.Request.BROKEN,
        "POST",
        imports,
        json,
        "{\"customers\":[{\"reference\":\"" + TOO_LARGE + "\",\"x\":1}]}");

    admin(200, Contracts.Request.CONFORMING, "GET", customer + "/history?limit=1", admin, "");
    admin(400, Contracts.Request.BROKEN, "GET", customer + "/history?limit=0", admin, "");
    admin(
        404,
        Contracts.Request.CONFORMING,
        "GET",
        "/admin/merchants/sandbox/customers/cst_0000000000000000/history",
        admin,
        "");
    admin(401, Contracts.Request.BROKEN, "GET", customer + "/history", Map.of(), "");
  }

  @Test
  @Order(10)
  void operationsRoutesAnswerAsDocumented() {
    admin(200, Contracts.Request.CONFORMING, "GET", "/health/live", Map.of(), "");
    admin(200, Contracts.Request.CONFORMING, "HEAD", "/health/live", Map.of(), "");
    admin(200, Contracts.Request.CONFORMING, "GET", "/health/ready", Map.of(), "");
    admin(200, Contracts.Request.CONFORMING, "GET", "/metrics", Map.of(), "");
    admin(
        200,
        Contracts.Request.CONFORMING,
        "GET",
        "/metrics",
        Map.of("Accept", "application/openmetrics-text; version=1.0.0"),
        "");
    admin(200, Contracts.Request.CONFORMING, "GET", "/openapi", Map.of(), "");
    for (String document : List.of("juspay", "flowwise", "airpay", "canonical", "admin", "index")) {
      admin(
          200, Contracts.Request.CONFORMING, "GET", "/openapi/" + document + ".json", Map.of(), "");
    }
    admin(404, Contracts.Request.CONFORMING, "GET", "/openapi/stripe.json", Map.of(), "");

    Map<String, String> admin = Map.of("Authorization", "Bearer " + ADMIN);
    contracts.expectAnswer("admin", "RouteNotFound", 404, traffic.get("/no/such/route", Map.of()));
    contracts.expectAnswer(
        "admin", "RouteNotFound", 404, traffic.get("/admin/nothing-here", Map.of()));
    contracts.expectAnswer(
        "admin", "MethodNotAllowed", 405, traffic.send("DELETE", "/admin/merchants/m1", admin, ""));
    contracts.expectAnswer(
        "admin", "MethodNotAllowed", 405, traffic.send("POST", "/health/live", Map.of(), ""));
  }

  /**
   * On a server of its own, over a database the test can reach: a lock held on the merchant's
   * customers keeps the started rotation running, so the second request meets it (200).
   */
  @Test
  @Order(11)
  void adminKeysAnswerAsDocumented() throws Exception {
    try (TestDatabase database = TestDatabase.h2();
        TestServer keysServer = TestServer.startInTemporaryDir(database.config())) {
      Traffic keysTraffic = new Traffic(keysServer);
      Map<String, String> admin = Map.of("Authorization", "Bearer " + ADMIN);
      String keys = "/admin/merchants/sandbox/keys";
      String rotate = keys + "/rotate";
      assertThat(
              keysTraffic
                  .send(
                      "POST",
                      "/customers",
                      Wire.juspay(keysServer.sandbox("api_key"), FORM),
                      form("object_reference_id", "openapi-keys-1", "mobile_number", "9876543210"))
                  .status())
          .isEqualTo(200);
      keysAdmin(keysTraffic, 200, Contracts.Request.CONFORMING, "GET", keys, admin);
      keysAdmin(keysTraffic, 200, Contracts.Request.CONFORMING, "HEAD", keys, admin);
      keysAdmin(
          keysTraffic,
          404,
          Contracts.Request.CONFORMING,
          "GET",
          "/admin/merchants/nobody/keys",
          admin);
      keysAdmin(keysTraffic, 401, Contracts.Request.BROKEN, "GET", keys, Map.of());
      try (Connection lock = DriverManager.getConnection(database.config().url());
          Statement statement = lock.createStatement()) {
        lock.setAutoCommit(false);
        statement.executeQuery("select id from customers for update").close();
        keysAdmin(keysTraffic, 202, Contracts.Request.CONFORMING, "POST", rotate, admin);
        keysAdmin(keysTraffic, 200, Contracts.Request.CONFORMING, "POST", rotate, admin);
        lock.rollback();
      }
      keysAdmin(
          keysTraffic,
          404,
          Contracts.Request.CONFORMING,
          "POST",
          "/admin/merchants/nobody/keys/rotate",
          admin);
      keysAdmin(keysTraffic, 401, Contracts.Request.BROKEN, "POST", rotate, Map.of());
      contracts.expectAnswer(
          "admin", "MethodNotAllowed", 405, keysTraffic.send("GET", rotate, admin, ""));
    }
  }

  private static void keysAdmin(
      Traffic keysTraffic,
      int status,
      Contracts.Request request,
      String method,
      String target,
      Map<String, String> headers) {
    contracts.expect("admin", request, status, keysTraffic.send(method, target, headers, ""));
  }

  private static Exchange admin(
      int status,
      Contracts.Request request,
      String method,
      String target,
      Map<String, String> headers,
      String body) {
    Map<String, String> sent = body.isEmpty() ? withoutContentType(headers) : headers;
    return contracts.expect("admin", request, status, traffic.send(method, target, sent, body));
  }

  // ---- Canonical API

  @Test
  @Order(12)
  void canonicalCreateAnswersAsDocumented() {
    Map<String, String> json = Wire.canonical(canonicalKey, JSON);
    String asha =
        "{\"reference\":\"openapi-canonical-1\",\"first_name\":\"Asha\",\"last_name\":\"Rao\","
            + "\"name\":\"Asha Rao\",\"email\":\"asha.rao@example.com\","
            + "\"phone\":\"+919876543210\",\"address\":\"12 MG Road\",\"city\":\"Kochi\","
            + "\"state\":\"Kerala\",\"country\":\"India\",\"pincode\":\"682035\","
            + "\"metadata\":{\"tier\":\"gold\",\"dropped\":null}}";
    String create = "/v1/customers";
    canonical(201, Contracts.Request.CONFORMING, "POST", create, json, asha);
    canonical(
        201,
        Contracts.Request.CONFORMING,
        "POST",
        create,
        json,
        "{\"reference\":\"openapi-canonical-2\",\"email\":null,\"metadata\":null}");
    canonical(409, Contracts.Request.CONFORMING, "POST", create, json, asha);
    Map<String, String> keyed = new java.util.LinkedHashMap<>(json);
    keyed.put("Idempotency-Key", "openapi-idempotent-create");
    String once = "{\"reference\":\"openapi-canonical-once\"}";
    canonical(201, Contracts.Request.CONFORMING, "POST", create, keyed, once);
    canonical(201, Contracts.Request.CONFORMING, "POST", create, keyed, once);
    canonical(422, Contracts.Request.CONFORMING, "POST", create, keyed, asha);
    keyed.put("Idempotency-Key", "k".repeat(256));
    canonical(400, Contracts.Request.BROKEN, "POST", create, keyed, once);
    for (String broken :
        List.of(
            "{\"name\":\"No Reference\"}",
            "{\"reference\":\"openapi-canonical-3\",\"nickname\":\"A\"}",
            "{\"reference\":\"openapi-canonical-3\",\"version\":3}",
            "{\"reference\":\"openapi-canonical-3\",\"name\":\"\"}",
            "{\"reference\":\"openapi-canonical-3\",\"metadata\":{\"n\":5}}",
            "[1,2]",
            "{\"reference\":")) {
      canonical(400, Contracts.Request.BROKEN, "POST", create, json, broken);
    }
    canonical(
        400,
        Contracts.Request.CONFORMING,
        "POST",
        create,
        json,
        "{\"reference\":\"openapi-canonical-3\",\"phone\":\"+12\"}");
    canonical(401, Contracts.Request.BROKEN, "POST", create, Map.of("Content-Type", JSON), asha);
    canonical(
        401,
        Contracts.Request.CONFORMING,
        "POST",
        create,
        Wire.canonical(Faults.UNISSUED_CANONICAL_KEY, JSON),
        asha);
    canonical(
        403,
        Contracts.Request.CONFORMING,
        "POST",
        create,
        Wire.canonical(walledCanonicalKey, JSON),
        asha);
    canonical(
        429,
        Contracts.Request.CONFORMING,
        "POST",
        create,
        Wire.canonical(limitedCanonicalKey, JSON),
        asha);
    canonical(
        413,
        Contracts.Request.BROKEN,
        "POST",
        create,
        json,
        "{\"reference\":\"" + TOO_LARGE + "\"}");
    canonical(
        415,
        Contracts.Request.BROKEN,
        "POST",
        create,
        Wire.canonical(canonicalKey, "text/plain"),
        "{\"reference\":\"openapi-canonical-3\"}");
  }

  @Test
  @Order(13)
  void canonicalListAnswersAsDocumented() throws Exception {
    Map<String, String> key = Wire.canonical(canonicalKey, null);
    String list = "/v1/customers";
    canonical(200, Contracts.Request.CONFORMING, "GET", list, key, "");
    String cursor =
        MAPPER
            .readTree(
                canonical(200, Contracts.Request.CONFORMING, "GET", list + "?limit=1", key, "")
                    .responseBody())
            .get("next_cursor")
            .asText();
    canonical(
        200, Contracts.Request.CONFORMING, "GET", list + "?limit=1&cursor=" + cursor, key, "");
    canonical(
        200, Contracts.Request.CONFORMING, "GET", list + "?email=ASHA.RAO%40example.com", key, "");
    canonical(200, Contracts.Request.CONFORMING, "GET", list + "?phone=%2B919876543210", key, "");
    canonical(200, Contracts.Request.CONFORMING, "HEAD", list, key, "");
    canonical(400, Contracts.Request.BROKEN, "GET", list + "?limit=0", key, "");
    canonical(400, Contracts.Request.BROKEN, "GET", list + "?cursor=abc", key, "");
    canonical(
        400,
        Contracts.Request.CONFORMING,
        "GET",
        list + "?email=a%40example.com&phone=%2B919876543210",
        key,
        "");
    canonical(401, Contracts.Request.BROKEN, "GET", list, Map.of(), "");
    canonical(
        403,
        Contracts.Request.CONFORMING,
        "GET",
        list,
        Wire.canonical(walledCanonicalKey, null),
        "");
    canonical(
        429,
        Contracts.Request.CONFORMING,
        "GET",
        list,
        Wire.canonical(limitedCanonicalKey, null),
        "");
  }

  @Test
  @Order(14)
  void canonicalGetUpdateAndDeleteAnswerAsDocumented() throws Exception {
    Map<String, String> key = Wire.canonical(canonicalKey, null);
    Map<String, String> walled = Wire.canonical(walledCanonicalKey, null);
    Map<String, String> limited = Wire.canonical(limitedCanonicalKey, null);
    String id = createdCanonical("openapi/canonical+get");
    String one = "/v1/customers/" + id;
    canonical(200, Contracts.Request.CONFORMING, "GET", one, key, "");
    canonical(412, Contracts.Request.CONFORMING, "GET", one, with(key, "If-Match", "\"9\""), "");
    canonical(400, Contracts.Request.BROKEN, "GET", one, with(key, "If-Match", "9"), "");
    canonical(
        200, Contracts.Request.CONFORMING, "GET", "/v1/customers/openapi%2Fcanonical+get", key, "");
    canonical(200, Contracts.Request.CONFORMING, "HEAD", one, key, "");
    canonical(
        200, Contracts.Request.CONFORMING, "GET", one, with(key, "If-None-Match", "\"9\""), "");
    canonical(
        304, Contracts.Request.CONFORMING, "GET", one, with(key, "If-None-Match", "\"1\""), "");
    canonical(
        304,
        Contracts.Request.CONFORMING,
        "HEAD",
        one,
        with(key, "If-None-Match", "\"7\", W/\"1\""),
        "");
    canonical(404, Contracts.Request.CONFORMING, "GET", "/v1/customers/openapi-nobody", key, "");
    canonical(404, Contracts.Request.BROKEN, "GET", "/v1/customers/" + "r".repeat(256), key, "");
    canonical(401, Contracts.Request.BROKEN, "GET", one, Map.of(), "");
    canonical(403, Contracts.Request.CONFORMING, "GET", one, walled, "");
    canonical(429, Contracts.Request.CONFORMING, "GET", one, limited, "");

    Map<String, String> patch = Wire.canonical(canonicalKey, MERGE_PATCH);
    canonical(
        200,
        Contracts.Request.CONFORMING,
        "PATCH",
        one,
        with(patch, "If-Match", "\"1\""),
        "{\"email\":\"ravi@example.com\",\"phone\":\"+6599887766\",\"metadata\":{\"tier\":\"gold\"}}");
    canonical(
        200,
        Contracts.Request.CONFORMING,
        "PATCH",
        one,
        Wire.canonical(canonicalKey, JSON),
        "{\"email\":null,\"metadata\":{\"tier\":null,\"since\":\"2024\"}}");
    canonical(
        200,
        Contracts.Request.CONFORMING,
        "PATCH",
        one,
        with(patch, "If-Match", "*"),
        "{\"reference\":\"openapi/canonical+get\",\"metadata\":null}");
    canonical(
        412, Contracts.Request.CONFORMING, "PATCH", one, with(patch, "If-Match", "\"1\""), "{}");
    canonical(
        412, Contracts.Request.CONFORMING, "PATCH", one, with(patch, "If-Match", "W/\"4\""), "{}");
    canonical(
        400, Contracts.Request.BROKEN, "PATCH", one, with(patch, "If-Match", "\"1\", \"2\""), "{}");
    canonical(
        412, Contracts.Request.CONFORMING, "PATCH", one, with(patch, "If-None-Match", "*"), "{}");
    canonical(
        400, Contracts.Request.BROKEN, "PATCH", one, with(patch, "If-None-Match", "\"1\""), "{}");
    for (String broken :
        List.of(
            "{\"id\":\"cst_aaaaaaaaaaaaaaaa\"}",
            "{\"nickname\":\"R\"}",
            "{\"name\":\"\"}",
            "{\"phone\":6599887766}",
            "\"name\"")) {
      canonical(400, Contracts.Request.BROKEN, "PATCH", one, patch, broken);
    }
    canonical(
        400, Contracts.Request.CONFORMING, "PATCH", one, patch, "{\"reference\":\"someone-else\"}");
    canonical(
        404,
        Contracts.Request.CONFORMING,
        "PATCH",
        "/v1/customers/openapi-nobody",
        patch,
        "{\"name\":\"Ravi\"}");
    canonical(
        413, Contracts.Request.BROKEN, "PATCH", one, patch, "{\"name\":\"" + TOO_LARGE + "\"}");
    canonical(
        415,
        Contracts.Request.BROKEN,
        "PATCH",
        one,
        Wire.canonical(canonicalKey, "text/plain"),
        "{\"name\":\"Ravi\"}");
    canonical(
        401,
        Contracts.Request.BROKEN,
        "PATCH",
        one,
        Map.of("Content-Type", MERGE_PATCH),
        "{\"name\":\"Ravi\"}");
    canonical(
        403,
        Contracts.Request.CONFORMING,
        "PATCH",
        one,
        Wire.canonical(walledCanonicalKey, MERGE_PATCH),
        "{\"name\":\"Ravi\"}");
    canonical(
        429,
        Contracts.Request.CONFORMING,
        "PATCH",
        one,
        Wire.canonical(limitedCanonicalKey, MERGE_PATCH),
        "{\"name\":\"Ravi\"}");

    String version =
        canonical(200, Contracts.Request.CONFORMING, "GET", one, key, "")
            .responseHeader("ETag")
            .orElseThrow();
    canonical(
        400, Contracts.Request.BROKEN, "DELETE", one, with(key, "If-Match", "\"1\", \"2\""), "");
    canonical(412, Contracts.Request.CONFORMING, "DELETE", one, with(key, "If-Match", "\"1\""), "");
    canonical(401, Contracts.Request.BROKEN, "DELETE", one, Map.of(), "");
    canonical(403, Contracts.Request.CONFORMING, "DELETE", one, walled, "");
    canonical(429, Contracts.Request.CONFORMING, "DELETE", one, limited, "");
    canonical(200, Contracts.Request.CONFORMING, "DELETE", one, with(key, "If-Match", version), "");
    canonical(404, Contracts.Request.CONFORMING, "DELETE", one, key, "");
    canonical(404, Contracts.Request.CONFORMING, "GET", one, key, "");
  }

  @Test
  @Order(15)
  void canonicalUnknownRoutesAndMethodsAnswerAsDocumented() {
    Map<String, String> key = Wire.canonical(canonicalKey, null);
    contracts.expectAnswer("canonical", "RouteNotFound", 404, traffic.get("/v1/orders", key));
    contracts.expectAnswer(
        "canonical",
        "MethodNotAllowed",
        405,
        traffic.send("PUT", "/v1/customers/openapi-canonical-1", key, ""));
    contracts.expectAnswer(
        "canonical", "MethodNotAllowed", 405, traffic.send("DELETE", "/v1/customers", key, ""));
    contracts.expectAnswer(
        "canonical", "MethodNotAllowed", 405, traffic.send("OPTIONS", "/v1/customers", key, ""));
  }

  @Test
  @Order(16)
  void canonicalIdempotencyKeysAnswerAsDocumented() throws Exception {
    String id = createdCanonical("openapi-idempotent");
    String one = "/v1/customers/" + id;
    String key = "Idempotency-Key";
    Map<String, String> patch = with(Wire.canonical(canonicalKey, MERGE_PATCH), key, "o-patch");
    canonical(200, Contracts.Request.CONFORMING, "PATCH", one, patch, "{\"name\":\"Ravi K\"}");
    canonical(200, Contracts.Request.CONFORMING, "PATCH", one, patch, "{\"name\":\"Ravi K\"}");
    canonical(422, Contracts.Request.CONFORMING, "PATCH", one, patch, "{\"name\":\"Ravi M\"}");
    canonical(
        400,
        Contracts.Request.BROKEN,
        "PATCH",
        one,
        with(Wire.canonical(canonicalKey, MERGE_PATCH), key, "k".repeat(256)),
        "{\"name\":\"Ravi M\"}");
    Map<String, String> delete = with(Wire.canonical(canonicalKey, null), key, "o-delete");
    canonical(200, Contracts.Request.CONFORMING, "DELETE", one, delete, "");
    canonical(200, Contracts.Request.CONFORMING, "DELETE", one, delete, "");
    canonical(422, Contracts.Request.CONFORMING, "DELETE", one + "x", delete, "");
    canonical(
        400,
        Contracts.Request.BROKEN,
        "DELETE",
        one,
        with(Wire.canonical(canonicalKey, null), key, "k".repeat(256)),
        "");
    // The patch's answer held the customer's name, sealed under the key its erasure destroyed.
    canonical(409, Contracts.Request.CONFORMING, "PATCH", one, patch, "{\"name\":\"Ravi K\"}");
    // A write that committed on a node that stopped before recording its answer.
    String lost = "/v1/customers/openapi-lost-answer";
    database.claimWithoutAnswer(
        "sandbox",
        "canonical",
        "o-lost",
        io.clientele.server.Idempotency.fingerprint(
            new byte[0], "DELETE", lost, null, null, null, null),
        java.time.Instant.parse("2026-01-01T00:00:00Z"));
    canonical(
        409,
        Contracts.Request.CONFORMING,
        "DELETE",
        lost,
        with(Wire.canonical(canonicalKey, null), key, "o-lost"),
        "");
  }

  @Test
  @Order(17)
  void gatewayIdempotencyKeysAnswerAsDocumented() {
    String key = "Idempotency-Key";
    Map<String, String> juspayKeyed = with(Wire.juspay(juspayKey, FORM), key, "o-juspay");
    String jay = form("object_reference_id", "openapi-idem-jay", "mobile_number", "9876543210");
    String other = form("object_reference_id", "openapi-idem-kay", "mobile_number", "9876543210");
    juspay(200, Contracts.Request.CONFORMING, "POST", "/customers", juspayKeyed, jay);
    juspay(200, Contracts.Request.CONFORMING, "POST", "/customers", juspayKeyed, jay);
    juspay(422, Contracts.Request.CONFORMING, "POST", "/customers", juspayKeyed, other);
    juspay(
        400,
        Contracts.Request.BROKEN,
        "POST",
        "/customers",
        with(Wire.juspay(juspayKey, FORM), key, "k".repeat(256)),
        jay);
    Map<String, String> client =
        Wire.flowwise(server.sandbox("client_id"), server.sandbox("client_secret"));
    Map<String, String> flowwiseKeyed = with(client, key, "o-flowwise");
    String priya =
        "{\"customer_id\":\"openapi_idem_priya\",\"scope\":\"GLOBAL\",\"name\":\"Priya\"}";
    String create = "/router/customer";
    flowwise(200, Contracts.Request.CONFORMING, "POST", create, flowwiseKeyed, priya);
    flowwise(200, Contracts.Request.CONFORMING, "POST", create, flowwiseKeyed, priya);
    flowwise(
        422,
        Contracts.Request.CONFORMING,
        "POST",
        create,
        flowwiseKeyed,
        priya.replace("Priya", "Priya S"));
    flowwise(
        400, Contracts.Request.BROKEN, "POST", create, with(client, key, "k".repeat(256)), priya);
    // Each answer held the customer's values, sealed under the key its erasure destroys.
    for (String reference : List.of("openapi-idem-jay", "openapi_idem_priya")) {
      canonical(
          200,
          Contracts.Request.CONFORMING,
          "DELETE",
          "/v1/customers/" + reference,
          Wire.canonical(canonicalKey, null),
          "");
    }
    juspay(409, Contracts.Request.CONFORMING, "POST", "/customers", juspayKeyed, jay);
    flowwise(409, Contracts.Request.CONFORMING, "POST", create, flowwiseKeyed, priya);
  }

  /** Creates a customer named Ravi through the canonical API, as documented; answers its id. */
  private static String createdCanonical(String reference) throws Exception {
    return MAPPER
        .readTree(
            canonical(
                    201,
                    Contracts.Request.CONFORMING,
                    "POST",
                    "/v1/customers",
                    Wire.canonical(canonicalKey, JSON),
                    "{\"reference\":\"" + reference + "\",\"name\":\"Ravi\"}")
                .responseBody())
        .get("id")
        .asText();
  }

  private static Exchange canonical(
      int status,
      Contracts.Request request,
      String method,
      String target,
      Map<String, String> headers,
      String body) {
    return contracts.expect(
        "canonical", request, status, traffic.send(method, target, headers, body));
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return more;
  }

  // ---- Faults

  /**
   * A database that lost its tables under a running server: every operation that reads or writes
   * answers its family's 500; a database refusing connections makes readiness 503.
   */
  @Test
  @Order(20)
  void operationsOfABrokenDatabaseAnswerTheirDocumented500() throws Exception {
    try (TestDatabase database = TestDatabase.h2();
        TestServer broken = TestServer.startInTemporaryDir(database.config())) {
      Traffic faulty = new Traffic(broken);
      String brokenCanonicalKey = Faults.canonicalKey(broken);
      try (Connection connection = DriverManager.getConnection(database.config().url());
          Statement statement = connection.createStatement()) {
        statement.execute("drop all objects");
      }
      for (Faults.Call call : Faults.internalErrors(broken, brokenCanonicalKey)) {
        contracts.expect(
            call.document(),
            Contracts.Request.CONFORMING,
            500,
            faulty.send(call.method(), call.target(), call.headers(), call.body()));
      }
      try (Connection exclusive = DriverManager.getConnection(database.config().url());
          Statement statement = exclusive.createStatement()) {
        statement.execute("set exclusive 2");
        awaitNotReady(faulty);
        contracts.expect(
            "admin", Contracts.Request.CONFORMING, 503, faulty.get("/health/ready", Map.of()));
      }
    }
  }

  /**
   * Readiness is the result of a check made in the background every 200 ms and counts as up for 700
   * ms: a database that stops answering is seen within a second.
   */
  private static void awaitNotReady(Traffic traffic) throws Exception {
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
    while (traffic.get("/health/ready", Map.of()).status() != 503) {
      assertThat(System.nanoTime()).as("readiness down within 2 s").isLessThan(until);
      Thread.sleep(50);
    }
  }

  /** Past the bytes of arriving bodies it may hold, the server answers every body 503. */
  @Test
  @Order(21)
  void operationsOfABusyServerAnswerTheirDocumented503() throws Exception {
    try (TestServer busy = TestServer.startInTemporaryDir(null)) {
      int port = busy.http("/").getPort();
      List<Faults.Call> calls = Faults.bodies(busy, Faults.canonicalKey(busy));
      List<Socket> stalled = Faults.stallBodies(port);
      try {
        for (Faults.Call call : calls) {
          contracts.expect(
              call.document(),
              Contracts.Request.CONFORMING,
              503,
              Wire.raw(port, call.method(), call.target(), call.headers(), call.body()));
        }
      } finally {
        for (Socket socket : stalled) {
          socket.close();
        }
      }
    }
  }

  /**
   * A server taking every family over HTTPS only refuses each operation sent to its plain listener
   * with its family's documented 403.
   */
  @Test
  @Order(22)
  void operationsSentOverPlainHttpToAnHttpsOnlyServerAnswerTheirDocumented403() {
    try (TestServer httpsOnly =
        TestServer.startInTemporaryDir(null, Map.of("require-https", "all"))) {
      Traffic plain = new Traffic(httpsOnly);
      for (Faults.Call call : Faults.internalErrors(httpsOnly, Faults.UNISSUED_CANONICAL_KEY)) {
        contracts.expect(
            call.document(),
            Contracts.Request.CONFORMING,
            403,
            plain.send(call.method(), call.target(), call.headers(), call.body()));
      }
    }
  }

  // ---- Coverage

  /**
   * Every status every operation documents, and every answer a family documents for paths and
   * methods it does not serve, was met by a real exchange above.
   */
  @Test
  @Order(100)
  void exercisedEveryDocumentedAnswer() {
    Set<String> unexercised = new TreeSet<>(contracts.documentedAnswers());
    unexercised.removeAll(contracts.exercised());

    assertThat(unexercised).isEmpty();
  }
}
