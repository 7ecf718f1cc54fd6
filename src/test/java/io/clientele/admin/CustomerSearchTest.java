package io.clientele.admin;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator's search over a merchant's customers: by reference, email in any case or phone as
 * E.164 whichever dialect stored it, in pages by cursor, never another merchant's.
 */
class CustomerSearchTest {
  @TempDir static Path dataDir;
  static TestServer server;

  /** Stored by Juspay, country code and national number apart. */
  static String juspayId;

  /** Stored by Flowwise, as one E.164 phone, for the same person's number. */
  static String flowwiseId;

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
    HttpResponse<String> juspay =
        server.send(
            HttpRequest.newBuilder(server.http("/customers"))
                .header("Authorization", basic(server.sandbox("api_key")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    BodyPublishers.ofString(
                        "object_reference_id=juspay-0001&first_name=Asha&last_name=Rao"
                            + "&email_address=Asha.Rao%40Example.com"
                            + "&mobile_country_code=65&mobile_number=99887766"))
                .build());
    assertThat(juspay.statusCode()).isEqualTo(200);
    juspayId = JsonAssert.parse(juspay.body()).get("id").textValue();
    HttpResponse<String> flowwise =
        server.send(
            HttpRequest.newBuilder(server.http("/router/customer"))
                .header("x-client-id", server.sandbox("client_id"))
                .header("x-client-secret", server.sandbox("client_secret"))
                .header("Content-Type", "application/json")
                .POST(
                    BodyPublishers.ofString(
                        "{\"customer_id\":\"flowwise-0001\",\"scope\":\"GLOBAL\","
                            + "\"name\":\"Asha Rao\",\"phone\":\"+6599887766\"}"))
                .build());
    assertThat(flowwise.statusCode()).isEqualTo(200);
    flowwiseId =
        JsonAssert.parse(search("sandbox", "?reference=flowwise-0001").body())
            .at("/customers/0/customer_id")
            .textValue();
    imported(
        "sandbox",
        row("cst_0000000000000001", "import-0001", "Ravi", "ravi@example.com", "91", "9000000001"),
        row(
            "cst_0000000000000002",
            "import-0002",
            "Meera",
            "meera@example.com",
            "91",
            "9000000002"),
        row(
            "cst_0000000000000003",
            "import-0003",
            "Kiran",
            "kiran@example.com",
            "91",
            "9000000003"),
        row("cst_0000000000000004", "import-0004", "Dev", "dev@example.com", "91", "9000000004"));
    server.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m2\",\"name\":\"Two\"}");
    imported(
        "m2",
        row(
            "cst_0000000000000009",
            "juspay-0001",
            "Other",
            "asha.rao@example.com",
            "65",
            "99887766"));
    HttpResponse<String> erased =
        server.send(
            HttpRequest.newBuilder(server.http("/router/customer/import-0004"))
                .header("x-client-id", server.sandbox("client_id"))
                .header("x-client-secret", server.sandbox("client_secret"))
                .DELETE()
                .build());
    assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String basic(String key) {
    return "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  static String row(
      String id, String reference, String name, String email, String code, String number) {
    return "{\"customer_id\":\"%s\",\"reference\":\"%s\",\"first_name\":\"%s\",\"email\":\"%s\",\"mobile_country_code\":\"%s\",\"mobile_number\":\"%s\",\"created_at\":\"2026-01-02T03:04:05Z\"}"
        .formatted(id, reference, name, email, code, number);
  }

  static void imported(String merchant, String... rows) {
    HttpResponse<String> response =
        server.adminCall(
            "POST",
            "/admin/merchants/" + merchant + "/customers/import",
            "{\"customers\":[" + String.join(",", rows) + "]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"rejected\":[]");
  }

  static HttpResponse<String> search(String merchant, String rawQuery) {
    return server.send(
        server.admin("/admin/merchants/" + merchant + "/customers" + rawQuery).GET().build());
  }

  static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The neutral shape of one imported customer, as search shows it. */
  static String shown(String id, String reference, String name, String email, String number) {
    return ("{\"customer_id\":\"%s\",\"reference\":\"%s\",\"project_id\":null,\"scope\":\"GLOBAL\","
            + "\"first_name\":\"%s\",\"last_name\":null,\"name\":null,\"email\":\"%s\","
            + "\"mobile_country_code\":\"91\",\"mobile_number\":\"%s\",\"address\":null,"
            + "\"city\":null,\"state\":null,\"country\":null,\"pincode\":null,\"metadata\":{},"
            + "\"created_at\":\"2026-01-02T03:04:05Z\",\"updated_at\":\"<timestamp>\",\"version\":1}")
        .formatted(id, reference, name, email, number);
  }

  static final String RAVI =
      shown("cst_0000000000000001", "import-0001", "Ravi", "ravi@example.com", "9000000001");
  static final String MEERA =
      shown("cst_0000000000000002", "import-0002", "Meera", "meera@example.com", "9000000002");
  static final String KIRAN =
      shown("cst_0000000000000003", "import-0003", "Kiran", "kiran@example.com", "9000000003");

  @Test
  void findsACustomerByEmailInAnyCase() {
    HttpResponse<String> response = search("sandbox", "?email=" + encoded("ASHA.rao@example.COM"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(response.body(), fixture("admin/search-by-email.json"));
    assertThat(JsonAssert.parse(response.body()).at("/customers/0/customer_id").textValue())
        .isEqualTo(juspayId);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "%2B6599887766",
        "+6599887766",
        "6599887766",
        "%2B65%209988-7766",
        "(%2B65)%2099.88.77.66"
      })
  void findsByPhoneWhicheverDialectStoredItHoweverItIsTyped(String phone) {
    HttpResponse<String> response = search("sandbox", "?phone=" + phone);

    assertThat(response.statusCode()).isEqualTo(200);
    List<String> ids = List.of(juspayId, flowwiseId).stream().sorted().toList();
    assertThat(JsonAssert.parse(response.body()).findValuesAsText("customer_id"))
        .containsExactlyElementsOf(ids);
    assertThat(JsonAssert.parse(response.body()).findValuesAsText("reference"))
        .containsExactlyElementsOf(
            ids.stream().map(id -> id.equals(juspayId) ? "juspay-0001" : "flowwise-0001").toList());
    assertThat(JsonAssert.parse(response.body()).get("next_cursor").isNull()).isTrue();
  }

  @Test
  void findsACustomerByItsExactReference() {
    HttpResponse<String> response = search("sandbox", "?reference=import-0002");

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(response.body(), "{\"customers\":[" + MEERA + "],\"next_cursor\":null}");
  }

  @Test
  void pagesThroughEveryLiveCustomerInIdOrderByCursor() {
    List<String> random = List.of(juspayId, flowwiseId).stream().sorted().toList();

    HttpResponse<String> first = search("sandbox", "?limit=2&include=total");
    HttpResponse<String> second = search("sandbox", "?limit=2&cursor=cst_0000000000000002");
    HttpResponse<String> third = search("sandbox", "?limit=2&cursor=" + random.get(0));

    assertThat(first.statusCode()).isEqualTo(200);
    assertJson(
        first.body(),
        "{\"customers\":["
            + RAVI
            + ","
            + MEERA
            + "],\"next_cursor\":\"cst_0000000000000002\",\"total\":5}");
    assertThat(ids(second)).containsExactly("cst_0000000000000003", random.get(0));
    assertThat(nth(second, 0))
        .isEqualTo(JsonAssert.parse(KIRAN.replace("<timestamp>", updatedAt(second))).toString());
    assertThat(JsonAssert.parse(second.body()).get("next_cursor").textValue())
        .isEqualTo(random.get(0));
    assertThat(ids(third)).containsExactly(random.get(1));
    assertThat(JsonAssert.parse(third.body()).get("next_cursor").isNull()).isTrue();
  }

  static List<String> ids(HttpResponse<String> page) {
    assertThat(page.statusCode()).isEqualTo(200);
    return JsonAssert.parse(page.body()).findValuesAsText("customer_id");
  }

  /** The customer at {@code index} of a page, as its JSON text. */
  static String nth(HttpResponse<String> page, int index) {
    return JsonAssert.parse(page.body()).get("customers").get(index).toString();
  }

  static String updatedAt(HttpResponse<String> page) {
    return JsonAssert.parse(page.body()).at("/customers/0/updated_at").textValue();
  }

  @Test
  void leavesErasedCustomersOutOfEverySearch() {
    assertJson(
        search("sandbox", "?reference=import-0004").body(),
        "{\"customers\":[],\"next_cursor\":null}");
    assertJson(
        search("sandbox", "?email=dev%40example.com&include=total").body(),
        "{\"customers\":[],\"next_cursor\":null,\"total\":0}");
    assertJson(
        search("sandbox", "?phone=%2B919000000004").body(),
        "{\"customers\":[],\"next_cursor\":null}");
  }

  @Test
  void neverShowsAnotherMerchantsCustomers() {
    HttpResponse<String> response = search("m2", "?phone=%2B6599887766&include=total");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JsonAssert.parse(response.body()).findValuesAsText("customer_id"))
        .containsExactly("cst_0000000000000009");
    assertThat(JsonAssert.parse(response.body()).get("total").intValue()).isEqualTo(1);
  }

  @Test
  void answers404ForAnUnknownMerchant() {
    AdminApiTest.assertError(
        search("nobody", "?email=a%40b.c"),
        404,
        "merchant_not_found",
        "No merchant with id nobody");
  }

  @Test
  void needsTheAdminToken() {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.http("/admin/merchants/sandbox/customers"))
                .GET()
                .build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertJson(response.body(), fixture("admin/unauthorized.json"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "?email=a%40b.c&phone=%2B91900|give at most one of email, phone, reference; got email, phone",
        "?reference=r&email=a%40b.c&phone=1|give at most one of email, phone, reference; got email, phone, reference",
        "?email=|email must not be empty",
        "?reference=|reference must not be empty",
        "?phone=call-me|phone must be an international number, country code first, with or without its +, such as +919876543210",
        "?phone=%2B|phone must be an international number, country code first, with or without its +, such as +919876543210",
        "?limit=0|limit must be a whole number from 1 to 1000",
        "?limit=1001|limit must be a whole number from 1 to 1000",
        "?limit=ten|limit must be a whole number from 1 to 1000",
        "?cursor=import-0001|cursor must be a next_cursor this API returned",
        "?include=count|include may only be total",
        "?mail=a%40b.c|unknown query parameter mail",
        "?email=a%40b.c&email=b%40c.d|email may be given once",
      })
  void refusesABadQueryNamingWhatIsWrong(String query, String message) {
    AdminApiTest.assertError(search("sandbox", query), 400, "invalid_request", message);
  }
}
