package io.clientele.openapi;

import static io.clientele.openapi.Wire.FORM;
import static io.clientele.openapi.Wire.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.server.RequestBody;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests that meet the answers only a failing server gives: one request per operation that
 * reaches the database (its 500), and one per operation that takes a body (the busy server's 503).
 * The sandbox has no canonical key, so each server's is issued by {@link #canonicalKey} before it
 * fails.
 */
final class Faults {
  /**
   * How many bodies of the largest size the server holds while they arrive: README's 64 MiB
   * "together", the budget past which a new body is answered 503.
   */
  static final int BODIES_HELD = 64;

  /** A canonical key of the right shape that no server issued: enough where none is checked. */
  static final String UNISSUED_CANONICAL_KEY = "ck_" + "0".repeat(40);

  private static final String UNKNOWN_CREDENTIAL = "crd_0000000000000000";
  private static final String UNKNOWN_WEBHOOK = "whk_0000000000000000";
  private static final String UNKNOWN_CUSTOMER = "cst_0000000000000000";
  private static final String PADDING = "x".repeat(100);

  private Faults() {}

  /** A request of one family: the document its answer is checked against, and what to send. */
  record Call(
      String document, String method, String target, Map<String, String> headers, String body) {}

  /** A canonical key of the sandbox merchant, issued through the admin API. */
  static String canonicalKey(TestServer server) {
    HttpResponse<String> issued =
        server.adminCall(
            "POST", "/admin/merchants/sandbox/credentials", "{\"dialect\":\"canonical\"}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    return JsonAssert.parse(issued.body()).get("api_key").textValue();
  }

  /** One request per operation that reads or writes the database, each valid by its document. */
  static List<Call> internalErrors(TestServer server, String canonicalKey) {
    List<Call> calls = new ArrayList<>(bodies(server, canonicalKey));
    Map<String, String> juspay = Wire.juspay(server.sandbox("api_key"), null);
    Map<String, String> flowwise = withoutType(flowwise(server));
    Map<String, String> admin = Map.of("Authorization", "Bearer " + TestServer.ADMIN_TOKEN);
    calls.add(new Call("juspay", "GET", "/customers", juspay, ""));
    calls.add(new Call("juspay", "GET", "/customers/openapi-fault", juspay, ""));
    calls.add(new Call("flowwise", "GET", "/router/customer/c1", flowwise, ""));
    calls.add(new Call("flowwise", "DELETE", "/router/customer/c1", flowwise, ""));
    Map<String, String> canonical = Wire.canonical(canonicalKey, null);
    calls.add(new Call("canonical", "GET", "/v1/customers", canonical, ""));
    calls.add(new Call("canonical", "GET", "/v1/customers/openapi-fault", canonical, ""));
    calls.add(new Call("canonical", "DELETE", "/v1/customers/openapi-fault", canonical, ""));
    for (String target :
        List.of(
            "/admin/merchants",
            "/admin/merchants/sandbox",
            "/admin/merchants/sandbox/credentials",
            "/admin/merchants/sandbox/customers",
            "/admin/merchants/sandbox/customers/" + UNKNOWN_CUSTOMER,
            "/admin/merchants/sandbox/customers/" + UNKNOWN_CUSTOMER + "/history",
            "/admin/merchants/sandbox/keys",
            "/admin/merchants/sandbox/webhooks",
            "/admin/merchants/sandbox/webhooks/" + UNKNOWN_WEBHOOK + "/deliveries")) {
      calls.add(new Call("admin", "GET", target, admin, ""));
    }
    calls.add(
        new Call(
            "admin", "DELETE", "/admin/merchants/sandbox/webhooks/" + UNKNOWN_WEBHOOK, admin, ""));
    calls.add(
        new Call(
            "admin",
            "POST",
            "/admin/merchants/sandbox/webhooks/" + UNKNOWN_WEBHOOK + "/deliveries/evt_none/replay",
            admin,
            ""));
    calls.add(
        new Call(
            "admin",
            "DELETE",
            "/admin/merchants/sandbox/credentials/" + UNKNOWN_CREDENTIAL,
            admin,
            ""));
    calls.add(new Call("admin", "POST", "/admin/merchants/sandbox/keys/rotate", admin, ""));
    return calls;
  }

  /**
   * One request per operation that takes a body, each valid by its document and over 64 bytes, more
   * than the room {@link #stallBodies} leaves.
   */
  static List<Call> bodies(TestServer server, String canonicalKey) {
    Map<String, String> juspay = Wire.juspay(server.sandbox("api_key"), FORM);
    Map<String, String> flowwise = flowwise(server);
    Map<String, String> admin = Wire.admin(TestServer.ADMIN_TOKEN);
    String airpay = form("entity_id", "ENT00002", "city", "Kochi", "padding", PADDING);
    String credentials = "/admin/merchants/sandbox/credentials";
    return List.of(
        new Call(
            "juspay",
            "POST",
            "/customers",
            juspay,
            form(
                "object_reference_id",
                "openapi-fault",
                "mobile_number",
                "9876543210",
                "padding",
                PADDING)),
        new Call(
            "juspay",
            "POST",
            "/customers/openapi-fault",
            juspay,
            form("first_name", "Jon", "padding", PADDING)),
        new Call(
            "flowwise",
            "POST",
            "/router/customer",
            flowwise,
            padded("{\"customer_id\":\"c1\",\"scope\":\"GLOBAL\"}")),
        new Call(
            "flowwise",
            "PUT",
            "/router/customer/c1",
            flowwise,
            padded("{\"customer_id\":\"c1\",\"scope\":\"GLOBAL\"}")),
        new Call(
            "airpay",
            "POST",
            "/airpay/ms/cards/api/update-customer",
            Wire.airpay(server.sandbox("token"), server.sandbox("secret_key"), airpay),
            airpay),
        new Call(
            "canonical",
            "POST",
            "/v1/customers",
            Wire.canonical(canonicalKey, Wire.JSON),
            padded("{\"reference\":\"openapi-fault\"}")),
        new Call(
            "canonical",
            "PATCH",
            "/v1/customers/openapi-fault",
            Wire.canonical(canonicalKey, Wire.MERGE_PATCH),
            padded("{\"name\":\"Jon\"}")),
        new Call(
            "admin",
            "POST",
            "/admin/merchants",
            admin,
            padded("{\"merchant_id\":\"m9\",\"name\":\"N\"}")),
        new Call(
            "admin",
            "PUT",
            "/admin/merchants/sandbox/allowed-ips",
            admin,
            padded("{\"allowed_ips\":[]}")),
        new Call(
            "admin",
            "PUT",
            "/admin/merchants/sandbox/rate-limit",
            admin,
            padded("{\"requests_per_second\":5}")),
        new Call("admin", "POST", credentials, admin, padded("{\"dialect\":\"juspay\"}")),
        new Call(
            "admin",
            "POST",
            credentials + "/" + UNKNOWN_CREDENTIAL + "/rotate",
            admin,
            padded("{\"overlap_seconds\":0}")),
        new Call(
            "admin",
            "POST",
            "/admin/merchants/sandbox/customers/import",
            admin,
            padded("{\"customers\":[{\"reference\":\"openapi-fault\"}]}")),
        new Call(
            "admin",
            "POST",
            "/admin/merchants/sandbox/webhooks",
            admin,
            padded("{\"url\":\"https://hooks.example.com/openapi-fault\"}")));
  }

  /**
   * Opens {@link #BODIES_HELD} connections, each sending all of a largest-size body but its last
   * byte, so that the server holds as many arriving bytes as it may.
   */
  static List<Socket> stallBodies(int port) throws IOException, InterruptedException {
    List<Socket> stalled = new ArrayList<>();
    byte[] body = new byte[RequestBody.MAX_BYTES - 1];
    Arrays.fill(body, (byte) 'a');
    String head =
        "POST /customers HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
            + FORM
            + "\r\nContent-Length: "
            + RequestBody.MAX_BYTES
            + "\r\n\r\n";
    for (int i = 0; i < BODIES_HELD; i++) {
      Socket socket = new Socket("127.0.0.1", port);
      stalled.add(socket);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
    }
    waitUntilBusy(port, (long) BODIES_HELD * body.length);
    return stalled;
  }

  /**
   * Waits until the server holds every stalled byte, read from its gauge of held bodies: a probe
   * with a body of its own would be charged to the same budget and, racing the last stalled bytes,
   * could push one stalled body out as busy, so that the budget never fills again.
   */
  private static void waitUntilBusy(int port, long bytes) throws InterruptedException {
    String gauge = "clientele_request_bodies_held_bytes ";
    String last = "";
    for (int attempt = 0; attempt < 100; attempt++) {
      last = Wire.raw(port, "GET", "/metrics", Map.of(), "").responseBody();
      if (last.lines()
          .filter(line -> line.startsWith(gauge))
          .anyMatch(line -> Double.parseDouble(line.substring(gauge.length())) == bytes)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "the server never held the stalled bodies; its gauge read "
            + last.lines().filter(line -> line.startsWith("clientele_request_bodies")).toList());
  }

  /** A JSON object with blanks before its closing brace: the same value, a longer body. */
  private static String padded(String json) {
    return json.substring(0, json.length() - 1) + " ".repeat(PADDING.length()) + "}";
  }

  private static Map<String, String> flowwise(TestServer server) {
    return Wire.flowwise(server.sandbox("client_id"), server.sandbox("client_secret"));
  }

  private static Map<String, String> withoutType(Map<String, String> headers) {
    Map<String, String> without = new LinkedHashMap<>(headers);
    without.remove("Content-Type");
    return without;
  }
}
