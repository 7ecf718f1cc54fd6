package io.clientele.dialect.airpay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.server.FormBody;
import io.clientele.storage.SealedRows;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A running Clientele for the Airpay tests: merchants {@code m1} and {@code m2} with an Airpay
 * token each, and Juspay and Flowwise credentials of {@code m1} to create and read customers.
 */
final class AirpayServer implements AutoCloseable {
  static final String PATH = "/airpay/ms/cards/api/update-customer";

  final TestDatabase database = TestDatabase.h2();
  final Path dataDir;
  final TestServer server;
  final Token m1;
  final Token m2;
  final String juspayKey;
  final String flowwiseId;
  final String flowwiseSecret;

  /** An Airpay token and its secret key. */
  record Token(String token, String secretKey) {}

  AirpayServer() {
    this(Map.of());
  }

  /**
   * @param flags the server's flags beyond the tests' defaults
   */
  AirpayServer(Map<String, String> flags) {
    server = TestServer.startInTemporaryDir(database.config(), flags);
    dataDir = server.dataDir();
    server.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}");
    server.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m2\",\"name\":\"Two\"}");
    m1 = token("m1");
    m2 = token("m2");
    juspayKey = issue("m1", "{\"dialect\":\"juspay\"}").get("api_key").textValue();
    JsonNode flowwise = issue("m1", "{\"dialect\":\"flowwise\",\"project_id\":\"p1\"}");
    flowwiseId = flowwise.get("client_id").textValue();
    flowwiseSecret = flowwise.get("client_secret").textValue();
  }

  private Token token(String merchant) {
    JsonNode issued = issue(merchant, "{\"dialect\":\"airpay\"}");
    return new Token(issued.get("token").textValue(), issued.get("secret_key").textValue());
  }

  private JsonNode issue(String merchant, String body) {
    return JsonAssert.parse(
        server.adminCall("POST", "/admin/merchants/" + merchant + "/credentials", body).body());
  }

  /** Creates a customer of {@code m1} through Juspay and answers its Clientele id. */
  String juspayCustomer(String reference, String extraForm) {
    HttpResponse<String> created =
        server.send(
            HttpRequest.newBuilder(server.http("/customers"))
                .header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(juspayKey.getBytes()))
                .POST(
                    BodyPublishers.ofString(
                        "object_reference_id="
                            + reference
                            + "&mobile_number=9876543210"
                            + extraForm))
                .build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    return JsonAssert.parse(created.body()).get("id").textValue();
  }

  /** Sends {@code form} signed with the token's own secret key. */
  HttpResponse<String> update(Token token, String form) {
    return update(token.token(), checksum(form, token.secretKey()), form);
  }

  HttpResponse<String> update(String token, String checksum, String form) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.http(PATH))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form));
    if (token != null) {
      request.header("token", token);
    }
    if (checksum != null) {
      request.header("checksum", checksum);
    }
    return server.send(request.build());
  }

  static String checksum(String form, String secretKey) {
    List<String> values = FormBody.parse(form).stream().map(FormBody.Pair::value).toList();
    return Checksum.of(values, secretKey);
  }

  JsonNode flowwiseView(String reference) {
    return JsonAssert.parse(
        server
            .send(
                HttpRequest.newBuilder(server.http("/router/customer/" + reference))
                    .header("x-client-id", flowwiseId)
                    .header("x-client-secret", flowwiseSecret)
                    .build())
            .body());
  }

  JsonNode juspayView(String reference) {
    return JsonAssert.parse(
        server
            .send(
                HttpRequest.newBuilder(server.http("/customers/" + reference))
                    .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(juspayKey.getBytes()))
                    .build())
            .body());
  }

  static void assertFail(HttpResponse<String> response, int status, String reason) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonAssert.assertJson(response.body(), JsonAssert.fixture("airpay/fail-" + status + ".json"));
    assertThat(response.headers().firstValue("x-clientele-reason")).hasValue(reason);
  }

  static void assertSuccess(HttpResponse<String> response) {
    assertThat(response.statusCode())
        .as(response.headers().firstValue("x-clientele-reason").orElse(""))
        .isEqualTo(200);
    JsonAssert.assertJson(response.body(), JsonAssert.fixture("airpay/success.json"));
    assertThat(response.headers().firstValue("x-clientele-reason")).isEmpty();
  }

  /** The live customer with {@code reference} as stored, its sealed values opened. */
  String row(String reference) {
    return SealedRows.customers(
            database.config(),
            SealedRows.masterOf(server.dataDir()),
            "select * from customers where status = 'ACTIVE'")
        .stream()
        .filter(row -> reference.equals(row.get("reference")))
        .map(
            row ->
                String.join(
                    "|",
                    java.util.stream.Stream.of(
                            "email",
                            "mobile_country_code",
                            "mobile_number",
                            "address",
                            "city",
                            "state",
                            "country",
                            "pincode",
                            "version")
                        .map(column -> String.valueOf(row.get(column)))
                        .toList()))
        .findFirst()
        .orElseThrow();
  }

  @Override
  public void close() {
    server.close();
    database.close();
  }
}
