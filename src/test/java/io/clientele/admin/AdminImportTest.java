package io.clientele.admin;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bulk import through the admin API: rows in the neutral shape, checked against the neutral rules,
 * each created, found unchanged or rejected with its reasons; a batch sent twice writes once.
 */
class AdminImportTest {
  @TempDir static Path dataDir;
  static TestServer server;
  static final AtomicInteger MERCHANTS = new AtomicInteger();

  /** A merchant of the test's own, so tests share a server and nothing else. */
  String merchant;

  static final String ASHA =
      "{\"customer_id\":\"cst_0000000000000001\",\"reference\":\"ref-0001\","
          + "\"first_name\":\"Asha\",\"last_name\":\"Rao\",\"name\":\"Asha Rao\","
          + "\"email\":\"asha@example.com\",\"mobile_country_code\":\"91\","
          + "\"mobile_number\":\"9000000001\",\"address\":\"12 Main Road\",\"city\":\"Kochi\","
          + "\"state\":\"Kerala\",\"country\":\"India\",\"pincode\":\"682001\","
          + "\"created_at\":\"2025-05-06T07:08:09Z\",\"updated_at\":\"2025-06-01T00:00:00Z\","
          + "\"version\":7}";

  static final String RAVI =
      "{\"reference\":\"ref-0002\",\"scope\":\"PROJECT\",\"project_id\":\"proj_1\","
          + "\"name\":\"Ravi\",\"email\":null}";

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void newMerchant() {
    merchant = "m" + MERCHANTS.incrementAndGet();
    assertThat(
            server
                .adminCall(
                    "POST",
                    "/admin/merchants",
                    "{\"merchant_id\":\"" + merchant + "\",\"name\":\"Shop\"}")
                .statusCode())
        .isEqualTo(201);
  }

  HttpResponse<String> importing(String merchant, String body) {
    return server.adminCall("POST", "/admin/merchants/" + merchant + "/customers/import", body);
  }

  HttpResponse<String> rows(String... rows) {
    return rowsTo(merchant, rows);
  }

  HttpResponse<String> rowsTo(String merchantId, String... rows) {
    return importing(merchantId, "{\"customers\":[" + String.join(",", rows) + "]}");
  }

  HttpResponse<String> get(String path) {
    return server.send(server.admin(path).GET().build());
  }

  /** The path of the test merchant's customers, and what follows it. */
  String customers(String rest) {
    return "/admin/merchants/" + merchant + "/customers" + rest;
  }

  String idOf(String reference) {
    return JsonAssert.parse(get(customers("?reference=" + reference)).body())
        .at("/customers/0/customer_id")
        .textValue();
  }

  @Test
  void createsEveryRowKeepingTheGivenIdAndCreationTime() {
    HttpResponse<String> response = rows(ASHA, RAVI);

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(response.body(), "{\"created\":2,\"unchanged\":0,\"rejected\":[]}");
    HttpResponse<String> asha = get(customers("/cst_0000000000000001"));
    assertThat(asha.statusCode()).isEqualTo(200);
    assertJson(asha.body(), fixture("admin/imported-asha.json"));
    HttpResponse<String> ravi = get(customers("/" + idOf("ref-0002")));
    assertJson(ravi.body(), fixture("admin/imported-ravi.json"));
  }

  @Test
  void keepsTheMetadataARowCarries() {
    String row = "{\"reference\":\"ref-meta\",\"metadata\":{\"tier\":\"gold\",\"source\":\"crm\"}}";

    assertJson(rows(row).body(), "{\"created\":1,\"unchanged\":0,\"rejected\":[]}");

    assertThat(JsonAssert.parse(get(customers("/" + idOf("ref-meta"))).body()).get("metadata"))
        .isEqualTo(JsonAssert.parse("{\"source\":\"crm\",\"tier\":\"gold\"}"));
    assertJson(rows(row).body(), "{\"created\":0,\"unchanged\":1,\"rejected\":[]}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[\"gold\"]|metadata must be an object or null",
        "{\"tier\":5}|metadata values must be strings of 1 to 500 characters, with no control"
            + " characters",
        "{\"tier\":\"\"}|metadata values must be strings of 1 to 500 characters, with no control"
            + " characters",
        "{\"\":\"gold\"}|metadata keys must be 1 to 40 characters, with no control characters"
      })
  void rejectsARowWhoseMetadataBreaksARule(String metadataAndMessage) {
    String[] parts = metadataAndMessage.split("\\|");

    HttpResponse<String> response =
        rows("{\"reference\":\"ref-bad-meta\",\"metadata\":" + parts[0] + "}");

    assertJson(
        response.body(),
        "{\"created\":0,\"unchanged\":0,\"rejected\":[{\"index\":0,\"reference\":\"ref-bad-meta\","
            + "\"errors\":[{\"field\":\"metadata\",\"code\":\"invalid_format\",\"message\":\""
            + parts[1]
            + "\"}]}]}");
  }

  @Test
  void rejectsARowWithMoreThanFiftyMetadataKeys() {
    StringBuilder metadata = new StringBuilder("{");
    for (int i = 0; i < 51; i++) {
      metadata.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }

    HttpResponse<String> response =
        rows("{\"reference\":\"ref-many\",\"metadata\":" + metadata + "}}");

    assertJson(
        response.body(),
        "{\"created\":0,\"unchanged\":0,\"rejected\":[{\"index\":0,\"reference\":\"ref-many\","
            + "\"errors\":[{\"field\":\"metadata\",\"code\":\"too_long\","
            + "\"message\":\"metadata may have at most 50 keys\"}]}]}");
  }

  @Test
  void recordsEachCreateInTheHistoryAsTheAdminsWithTheRequestId() {
    HttpResponse<String> response = rows(ASHA);

    String requestId = response.headers().firstValue("x-request-id").orElseThrow();
    HttpResponse<String> history = get(customers("/cst_0000000000000001/history"));
    assertThat(history.statusCode()).isEqualTo(200);
    assertJson(
        history.body(), fixture("admin/history-imported.json").replace("<request-id>", requestId));
  }

  @Test
  void writesNothingMoreWhenTheSameBatchIsSentAgain() {
    assertJson(rows(ASHA, RAVI).body(), "{\"created\":2,\"unchanged\":0,\"rejected\":[]}");

    HttpResponse<String> again = rows(ASHA, RAVI);

    assertThat(again.statusCode()).isEqualTo(200);
    assertJson(again.body(), "{\"created\":0,\"unchanged\":2,\"rejected\":[]}");
    assertJson(
        get(customers("?include=total&limit=1")).body(),
        "{\"customers\":[<any>],\"next_cursor\":\"cst_0000000000000001\",\"total\":2}"
            .replace(
                "<any>",
                JsonAssert.parse(get(customers("?limit=1")).body()).at("/customers/0").toString()));
    assertThat(
            JsonAssert.parse(get(customers("/cst_0000000000000001/history")).body())
                .get("changes")
                .size())
        .isEqualTo(1);
  }

  @Test
  void rejectsAReferenceALiveCustomerHoldsWithOtherValuesAndCreatesTheRest() {
    rows(ASHA);

    HttpResponse<String> response = rows(ASHA.replace("Asha Rao", "Asha R."), RAVI);

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(
        response.body(),
        "{\"created\":1,\"unchanged\":0,\"rejected\":[{\"index\":0,\"reference\":\"ref-0001\","
            + "\"errors\":[{\"field\":\"reference\",\"code\":\"reference_taken\",\"message\":"
            + "\"a live customer of the merchant has this reference with other values\"}]}]}");
    assertThat(
            JsonAssert.parse(get(customers("/cst_0000000000000001")).body())
                .get("name")
                .textValue())
        .isEqualTo("Asha Rao");
  }

  @Test
  void rejectsTheIdOfAnErasedCustomerAndLaterDuplicatesOfARow() {
    rowsTo("sandbox", ASHA);
    HttpResponse<String> erased =
        server.send(
            HttpRequest.newBuilder(server.http("/router/customer/ref-0001"))
                .header("x-client-id", server.sandbox("client_id"))
                .header("x-client-secret", server.sandbox("client_secret"))
                .DELETE()
                .build());
    assertThat(erased.statusCode()).isEqualTo(204);

    HttpResponse<String> response =
        rowsTo(
            "sandbox",
            ASHA.replace("ref-0001", "ref-0009"),
            RAVI,
            RAVI,
            RAVI.replace("Ravi", "Ravi K"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(
        response.body(),
        "{\"created\":1,\"unchanged\":0,\"rejected\":["
            + "{\"index\":0,\"reference\":\"ref-0009\",\"errors\":[{\"field\":\"customer_id\","
            + "\"code\":\"customer_id_taken\",\"message\":"
            + "\"the merchant has, or had, another customer with this customer_id\"}]},"
            + "{\"index\":2,\"reference\":\"ref-0002\",\"errors\":[{\"field\":\"reference\","
            + "\"code\":\"duplicate_in_request\","
            + "\"message\":\"an earlier row of this request has the same reference\"}]},"
            + "{\"index\":3,\"reference\":\"ref-0002\",\"errors\":[{\"field\":\"reference\","
            + "\"code\":\"duplicate_in_request\","
            + "\"message\":\"an earlier row of this request has the same reference\"}]}]}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|reference|missing|reference is required",
        "{\"reference\":\"  \"}|reference|empty|reference must not be empty or blank",
        "{\"reference\":\"r1\",\"email\":\"\"}|email|empty|email must not be empty or blank",
        "{\"reference\":\"r1\",\"email\":\"a@b@c\"}|email|invalid_format|email must be one address: text, @, text, without spaces",
        "{\"reference\":\"r1\",\"email\":\"a b@c.d\"}|email|invalid_format|email must be one address: text, @, text, without spaces",
        "{\"reference\":\"r1\",\"mobile_number\":\"+9190000\"}|mobile_number|invalid_characters|mobile_number must be digits only",
        "{\"reference\":\"r1\",\"mobile_country_code\":\"91a\"}|mobile_country_code|invalid_characters|mobile_country_code must be digits only",
        "{\"reference\":\"r1\",\"city\":\"Ko\\u0000chi\"}|city|invalid_characters|city must not hold control characters or unpaired surrogates",
        "{\"reference\":\"r1\",\"pincode\":\"12345678901234567\"}|pincode|too_long|pincode must be at most 16 characters",
        "{\"reference\":\"r1\",\"scope\":\"PROJECT\"}|project_id|missing|project_id is required",
        "{\"reference\":\"r1\",\"project_id\":\"../x\"}|project_id|invalid_format|project_id must be letters, digits, '_', '-' or '.', starting with a letter or digit",
        "{\"reference\":\"r1\",\"scope\":\"global\"}|scope|invalid_format|scope must be GLOBAL or PROJECT",
        "{\"reference\":\"r1\",\"customer_id\":\"cst_1\"}|customer_id|invalid_format|customer_id must be cst_ and 16 lowercase letters or digits",
        "{\"reference\":\"r1\",\"created_at\":\"yesterday\"}|created_at|invalid_format|created_at must be an ISO-8601 time from 0001-01-01T00:00:00Z to now, such as 2026-01-02T03:04:05Z",
        "{\"reference\":\"r1\",\"created_at\":\"2999-01-01T00:00:00Z\"}|created_at|invalid_format|created_at must be an ISO-8601 time from 0001-01-01T00:00:00Z to now, such as 2026-01-02T03:04:05Z",
        "{\"reference\":\"r1\",\"first_name\":42}|first_name|invalid_format|first_name must be a string or null",
        "{\"reference\":\"r1\",\"phone\":\"+919000000001\"}|phone|unknown_field|unknown field phone",
      })
  void rejectsARowBreakingANeutralRuleWithTheFieldCodeAndMessage(
      String row, String field, String code, String message) {
    HttpResponse<String> response = rows(row, RAVI);

    assertThat(response.statusCode()).isEqualTo(200);
    String reference =
        JsonAssert.parse(row).path("reference").isTextual()
            ? AdminApiTest.quote(JsonAssert.parse(row).get("reference").textValue())
            : "null";
    assertJson(
        response.body(),
        "{\"created\":1,\"unchanged\":0,\"rejected\":[{\"index\":0,\"reference\":"
            + reference
            + ",\"errors\":[{\"field\":\""
            + field
            + "\",\"code\":\""
            + code
            + "\",\"message\":"
            + AdminApiTest.quote(message)
            + "}]}]}");
  }

  @Test
  void listsEveryRuleARowBreaksInTheRulesOrder() {
    HttpResponse<String> response =
        rows("{\"reference\":\"\",\"nickname\":\"A\",\"email\":\"nope\",\"city\":\"\"}");

    assertJson(
        response.body(),
        "{\"created\":0,\"unchanged\":0,\"rejected\":[{\"index\":0,\"reference\":\"\",\"errors\":["
            + "{\"field\":\"nickname\",\"code\":\"unknown_field\",\"message\":\"unknown field nickname\"},"
            + "{\"field\":\"reference\",\"code\":\"empty\",\"message\":\"reference must not be empty or blank\"},"
            + "{\"field\":\"email\",\"code\":\"invalid_format\",\"message\":\"email must be one address: text, @, text, without spaces\"},"
            + "{\"field\":\"city\",\"code\":\"empty\",\"message\":\"city must not be empty or blank\"}]}]}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[]|Request body must be a JSON object {\"customers\":[…]}",
        "{\"customers\":{}}|Request body must be a JSON object {\"customers\":[…]}",
        "{\"customers\":[],\"more\":1}|Request body must be a JSON object {\"customers\":[…]}",
        "{\"customers\":[]}|customers must hold 1 to 1000 rows",
        "{\"customers\":[\"ref\"]}|every row of customers must be a JSON object",
        "not json|Request body must be a JSON object {\"customers\":[…]}",
      })
  void refusesABodyThatIsNotABatchOfRows(String body, String message) {
    AdminApiTest.assertError(importing("sandbox", body), 400, "invalid_request", message);
  }

  @Test
  void refusesMoreThanAThousandRowsAtOnce() {
    List<String> many = new ArrayList<>();
    IntStream.range(0, 1001).forEach(i -> many.add("{\"reference\":\"r" + i + "\"}"));

    AdminApiTest.assertError(
        rows(many.toArray(String[]::new)),
        400,
        "invalid_request",
        "customers must hold 1 to 1000 rows");
    assertJson(
        get(customers("?include=total")).body(),
        "{\"customers\":[],\"next_cursor\":null,\"total\":0}");
  }

  @Test
  void answers404ForAnUnknownMerchant() {
    AdminApiTest.assertError(
        importing("nobody", "{\"customers\":[" + RAVI + "]}"),
        404,
        "merchant_not_found",
        "No merchant with id nobody");
  }

  @Test
  void needsTheAdminToken() {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.http("/admin/merchants/sandbox/customers/import"))
                .POST(BodyPublishers.ofString("{\"customers\":[" + RAVI + "]}"))
                .build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertJson(response.body(), fixture("admin/unauthorized.json"));
  }

  @Test
  void importsAgainWhatItsSearchShowsOfCustomersEveryDialectWrote() {
    juspay(
        "object_reference_id=juspay-0001&first_name=Asha&last_name=Rao"
            + "&email_address=asha%40example.com&mobile_country_code=65&mobile_number=99887766");
    HttpResponse<String> flowwise =
        server.send(
            HttpRequest.newBuilder(server.http("/router/customer"))
                .header("x-client-id", server.sandbox("client_id"))
                .header("x-client-secret", server.sandbox("client_secret"))
                .header("Content-Type", "application/json")
                .POST(
                    BodyPublishers.ofString(
                        "{\"customer_id\":\"flowwise-0001\",\"scope\":\"PROJECT\",\"name\":\"Ravi\","
                            + "\"phone\":\"+919876543210\",\"address\":\"1 Beach Road, Kochi\"}"))
                .build());
    assertThat(flowwise.statusCode()).isEqualTo(200);
    juspay("object_reference_id=airpay-0001&first_name=Meera&mobile_number=9000000003");
    HttpResponse<String> airpay =
        server.send(
            HttpRequest.newBuilder(server.http("/airpay/ms/cards/api/update-customer"))
                .header("token", server.sandbox("token"))
                .header(
                    "checksum",
                    io.clientele.dialect.airpay.Checksum.of(
                        List.of("airpay-0001", "Flat 4", "Kochi", "Kerala", "India", "682001"),
                        server.sandbox("secret_key")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    BodyPublishers.ofString(
                        "entity_id=airpay-0001&address=Flat%204&city=Kochi&state=Kerala"
                            + "&country=India&pincode=682001"))
                .build());
    assertThat(airpay.statusCode()).as(airpay.body()).isEqualTo(200);
    List<String> exported = new ArrayList<>();
    for (String reference : List.of("juspay-0001", "flowwise-0001", "airpay-0001")) {
      exported.add(
          JsonAssert.parse(get("/admin/merchants/sandbox/customers?reference=" + reference).body())
              .at("/customers/0")
              .toString());
    }

    HttpResponse<String> response = rows(exported.toArray(String[]::new));

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(response.body(), "{\"created\":3,\"unchanged\":0,\"rejected\":[]}");
    for (String row : exported) {
      String id = JsonAssert.parse(row).get("customer_id").textValue();
      assertThat(withoutUpdateTimes(get(customers("/" + id)).body()))
          .isEqualTo(withoutUpdateTimes(row));
    }
  }

  /** An import keeps ids, values and creation times; the update time and version are its own. */
  static String withoutUpdateTimes(String json) {
    return json.replaceAll("\"updated_at\":\"[^\"]+\"", "\"updated_at\":\"…\"")
        .replaceAll("\"version\":[0-9]+", "\"version\":…");
  }

  void juspay(String form) {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.http("/customers"))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                server.sandbox("api_key").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
