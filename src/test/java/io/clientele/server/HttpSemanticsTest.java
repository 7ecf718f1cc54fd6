package io.clientele.server;

import static io.clientele.testing.JsonAssert.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.RawHttp;
import io.clientele.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What HTTP itself promises, on every route: HEAD is GET without a body, 405 names what is. */
class HttpSemanticsTest {
  @TempDir static Path dataDir;
  static TestServer server;
  static int port;

  static final String JUSPAY_405 =
      "{\"error_message\":\"Method not allowed\",\"status\":\"invalid_request_error\","
          + "\"error_code\":\"method_not_allowed\",\"error_info\":{\"user_message\":\"Invalid request.\","
          + "\"request_id\":\"<uuid>\",\"href\":\"NA\",\"developer_message\":\"%s is not served on %s\","
          + "\"code\":\"METHOD_NOT_ALLOWED\",\"category\":\"USER_ERROR\"}}";
  static final String FLOWWISE_405 =
      "{\"message\":\"%s is not served on %s\",\"code\":\"method_not_allowed\","
          + "\"type\":\"invalid_request_error\"}";
  static final String AIRPAY_405 = "{\"status\":405,\"message\":\"fail\"}";
  static final String ADMIN_405 =
      "{\"error\":{\"code\":\"method_not_allowed\",\"message\":\"%s is not served on %s\"}}";

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
    port = server.http("/").getPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String request(String method, String path, String headers) {
    return method
        + " "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + headers
        + "\r\n";
  }

  static String credentials(String path) {
    return server.sandboxCredentialHeaders(path);
  }

  /** The status line and the headers of an answer, less those that differ on every request. */
  static String head(String answer) {
    return answer
        .substring(0, answer.indexOf("\r\n\r\n"))
        .lines()
        .filter(l -> !l.startsWith("Date:") && !l.startsWith("x-request-id:"))
        .reduce((a, b) -> a + "\n" + b)
        .orElseThrow();
  }

  @ParameterizedTest(name = "HEAD {0} with credentials: {1}")
  @CsvSource({
    "/customers, true, 200",
    "/customers, false, 401",
    "/customers/cst_aaaaaaaaaaaaaaaa, true, 404",
    "/customers/cst_aaaaaaaaaaaaaaaa, false, 401",
    "/router/customer/nobody, true, 404",
    "/router/customer/nobody, false, 401",
    "/admin/merchants, true, 200",
    "/admin/merchants, false, 401",
    "/admin/merchants/sandbox, true, 200",
    "/admin/merchants/nobody, true, 404",
    "/admin/merchants/nobody, false, 401",
    "/health/live, false, 200",
    "/health/ready, false, 200",
    "/metrics, false, 200",
  })
  void answersHeadAsGetWithTheSameAuthenticationStatusAndHeadersButNoBody(
      String path, boolean withCredentials, int status) {
    String headers = withCredentials ? credentials(path) : "";
    String get = RawHttp.exchange(port, request("GET", path, headers));
    String headAnswer = RawHttp.exchange(port, request("HEAD", path, headers));

    assertThat(RawHttp.statusLine(headAnswer)).startsWith("HTTP/1.1 " + status + " ");
    assertThat(RawHttp.body(headAnswer)).isEmpty();
    if (!path.equals("/metrics")) {
      assertThat(head(headAnswer)).isEqualTo(head(get));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "PATCH | /customers/cst_aaaaaaaaaaaaaaaa | GET, POST, HEAD | JUSPAY",
        "DELETE | /customers | GET, POST, HEAD | JUSPAY",
        "PUT | /customers | GET, POST, HEAD | JUSPAY",
        "PATCH | /router/customer/c1 | GET, PUT, DELETE, HEAD | FLOWWISE",
        "GET | /router/customer | POST | FLOWWISE",
        "GET | /airpay/ms/cards/api/update-customer | POST | AIRPAY",
        "HEAD | /airpay/ms/cards/api/update-customer | POST | AIRPAY",
        "DELETE | /admin/merchants/m1 | GET, HEAD | ADMIN",
        "POST | /health/live | GET, HEAD | ADMIN",
        "OPTIONS | /admin/merchants | GET, POST, HEAD | ADMIN",
      })
  void refusesAMethodThePathDoesNotServeWith405NamingTheOnesItDoes(
      String method, String path, String allow, String family) {
    String answer = RawHttp.exchange(port, request(method, path, credentials(path)));

    assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 405 Method Not Allowed");
    assertThat(answer).contains("\r\nAllow: " + allow + "\r\n");
    if (!method.equals("HEAD")) {
      assertJson(
          RawHttp.body(answer),
          switch (family) {
            case "JUSPAY" -> JUSPAY_405.formatted(method, path);
            case "FLOWWISE" -> FLOWWISE_405.formatted(method, path);
            case "AIRPAY" -> AIRPAY_405;
            default -> ADMIN_405.formatted(method, path);
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/customers | GET, POST, HEAD | JUSPAY",
        "/router/customer/c1 | GET, PUT, DELETE, HEAD | FLOWWISE",
        "/admin/merchants/m1 | GET, HEAD | ADMIN",
      })
  void namesAMethodHttpDoesNotDefineOtherInA405Body(String path, String allow, String family) {
    String method = "ZX" + "Q".repeat(2000);

    String answer = RawHttp.exchange(port, request(method, path, credentials(path)));

    assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 405 Method Not Allowed");
    assertThat(answer).contains("\r\nAllow: " + allow + "\r\n").doesNotContain("ZX");
    assertJson(
        RawHttp.body(answer),
        switch (family) {
          case "JUSPAY" -> JUSPAY_405.formatted("other", path);
          case "FLOWWISE" -> FLOWWISE_405.formatted("other", path);
          default -> ADMIN_405.formatted("other", path);
        });
  }

  @Test
  void sendsNoContentTypeWithA204() {
    String path = "/router/customer";
    String body =
        "{\"customer_id\":\"gone0001\",\"scope\":\"GLOBAL\",\"name\":\"Gone\","
            + "\"email\":\"gone@example.com\",\"phone\":\"+6599887766\"}";
    String created =
        RawHttp.exchange(
            port,
            request(
                    "POST",
                    path,
                    credentials(path)
                        + "Content-Type: application/json\r\nContent-Length: "
                        + body.length()
                        + "\r\n")
                + body);
    assertThat(RawHttp.statusLine(created)).isEqualTo("HTTP/1.1 200 OK");

    String deleted =
        RawHttp.exchange(port, request("DELETE", path + "/gone0001", credentials(path)));

    assertThat(RawHttp.statusLine(deleted)).isEqualTo("HTTP/1.1 204 No Content");
    assertThat(deleted.toLowerCase(java.util.Locale.ROOT)).doesNotContain("content-type");
    assertThat(RawHttp.body(deleted)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/admin/merchants/%u0041 | {\"error\":{\"code\":\"not_found\",\"message\":\"No route for GET /admin/merchants/%u0041\"}}",
        "/router/customer/%u0041 | {\"message\":\"No route for GET /router/customer/%u0041\",\"code\":\"not_found\",\"type\":\"resource_error\"}",
        "/customers/%u0041%u00e9 | {\"error_message\":\"Cannot find what you are looking for\",\"status\":\"invalid_request_error\",\"error_code\":\"not_found\",\"error_info\":{\"user_message\":\"Cannot find what you are looking for.\",\"request_id\":\"<uuid>\",\"href\":\"NA\",\"developer_message\":\"No such endpoint: GET /customers/%u0041%u00e9\",\"code\":\"RESOURCE_NOT_FOUND\",\"category\":\"USER_ERROR\"}}",
        "/airpay/ms/cards/api/%uD800 | {\"status\":404,\"message\":\"fail\"}",
      })
  void answersAPathWithABrokenEscapeAsTheFamilysNotFound(String path, String expected) {
    String answer = RawHttp.exchange(port, request("GET", path, ""));

    assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 404 Not Found");
    assertJson(RawHttp.body(answer), expected);
  }

  @ParameterizedTest
  @CsvSource({"/customers/ab%zz", "/customers/ab%", "/admin/merchants/%C0%AF"})
  void leavesAPathJettyCannotDecodeToJettysOwn400(String path) {
    String answer = RawHttp.exchange(port, request("GET", path, ""));

    assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 400 Bad Request");
    assertJson(
        RawHttp.body(answer),
        "{\"error\":{\"code\":\"bad_request\",\"message\":\"Request refused before routing: Bad Request\"}}");
  }
}
