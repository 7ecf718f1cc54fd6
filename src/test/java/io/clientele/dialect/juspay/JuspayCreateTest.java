package io.clientele.dialect.juspay;

import static io.clientele.dialect.juspay.JuspayServer.assertError;
import static io.clientele.dialect.juspay.JuspayServer.assertErrorBody;
import static io.clientele.dialect.juspay.JuspayServer.uniqueReference;
import static io.clientele.dialect.juspay.JuspayServer.wrongValues;
import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JuspayCreateTest {
  static JuspayServer juspay;

  @BeforeAll
  static void start() {
    juspay = new JuspayServer(TestDatabase.Engine.H2);
  }

  @AfterAll
  static void stop() {
    juspay.close();
  }

  static HttpResponse<String> create(String formBody) {
    return juspay.post("/customers", juspay.m1Key, formBody);
  }

  @Test
  void createsTheCustomerOfTheDocumentedSample() {
    juspay.query("select 1");
    HttpResponse<String> response =
        create(
            "object_reference_id=customer%40gmail.com&mobile_number=99887766&email_address=customer%40gmail.com"
                + "&first_name=John&last_name=Smith&mobile_country_code=65");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertJson(response.body(), fixture("juspay/created-john.json"));
    JsonNode body = JsonAssert.parse(response.body());
    assertThat(body.get("date_created")).isEqualTo(body.get("last_updated"));
  }

  @Test
  void storesWhatItAnswered() {
    String reference = uniqueReference();
    JsonNode created = juspay.createCustomer(juspay.m1Key, reference);

    assertThat(
            juspay.query(
                "select merchant_id, reference, scope, first_name, last_name, email, mobile_country_code,"
                    + " mobile_number, status, version from customers where id = '"
                    + created.get("id").textValue()
                    + "'"))
        .containsExactly(
            "m1|" + reference + "|GLOBAL|John|Smith|john.smith@example.com|91|9876543210|ACTIVE|1");
  }

  @Test
  void defaultsTheCountryCodeTo91AndLeavesUnsetFieldsOut() {
    String reference = uniqueReference();

    HttpResponse<String> response =
        create("object_reference_id=" + reference + "&mobile_number=9876543210");

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(
        response.body(),
        "{\"id\":\"<customer-id>\",\"object\":\"customer\",\"object_reference_id\":\""
            + reference
            + "\",\"mobile_country_code\":\"91\",\"mobile_number\":\"9876543210\","
            + "\"date_created\":\"<timestamp>\",\"last_updated\":\"<timestamp>\"}");
  }

  @Test
  void readsPlusAndPercent20AsSpaces() {
    String reference = uniqueReference();

    HttpResponse<String> response =
        create(
            "object_reference_id="
                + reference
                + "&mobile_number=1&first_name=Mary+Ann&last_name=Van%20Dyke");

    assertThat(JsonAssert.parse(response.body()).get("first_name").textValue())
        .isEqualTo("Mary Ann");
    assertThat(JsonAssert.parse(response.body()).get("last_name").textValue())
        .isEqualTo("Van Dyke");
  }

  @Test
  void readsAChunkedFormBody() {
    String reference = uniqueReference();
    byte[] body =
        ("object_reference_id=" + reference + "&mobile_number=99887766&first_name=Chunked%20Body")
            .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response =
        juspay.server.send(
            juspay
                .request("/customers", juspay.m1Key)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JsonAssert.parse(response.body()).get("first_name").textValue())
        .isEqualTo("Chunked Body");
  }

  @Test
  void readsAJsonBodyWithTheTokenOptionNested() {
    String reference = uniqueReference();

    HttpResponse<String> response =
        juspay.server.send(
            juspay
                .request("/customers", juspay.m1Key)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(
                    BodyPublishers.ofString(
                        "{\"object_reference_id\":\""
                            + reference
                            + "\",\"mobile_number\":99887766,"
                            + "\"mobile_country_code\":\"65\",\"first_name\":\"Jane\","
                            + "\"options\":{\"get_client_auth_token\":true}}"))
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(
        response.body(),
        "{\"id\":\"<customer-id>\",\"object\":\"customer\",\"object_reference_id\":\""
            + reference
            + "\",\"mobile_country_code\":\"65\",\"mobile_number\":\"99887766\",\"first_name\":\"Jane\","
            + "\"date_created\":\"<timestamp>\",\"last_updated\":\"<timestamp>\","
            + "\"juspay\":{\"client_auth_token\":\"<client-auth-token>\",\"client_auth_token_expiry\":\"<timestamp>\"}}");
  }

  @Test
  void issuesAClientAuthTokenValidFor15MinutesAndKeepsOnlyItsHash() throws Exception {
    String reference = uniqueReference();

    HttpResponse<String> response =
        create(
            "object_reference_id="
                + reference
                + "&mobile_number=1&options.get_client_auth_token=true");

    JsonNode body = JsonAssert.parse(response.body());
    String token = body.get("juspay").get("client_auth_token").textValue();
    java.time.Instant created = java.time.Instant.parse(body.get("date_created").textValue());
    java.time.Instant expiry =
        java.time.Instant.parse(body.get("juspay").get("client_auth_token_expiry").textValue());
    assertThat(token).matches("tkn_[0-9a-f]{32}");
    assertThat(java.time.Duration.between(created, expiry).toSeconds()).isBetween(899L, 901L);
    String hash = java.util.HexFormat.of().formatHex(io.clientele.merchant.Secrets.sha256(token));
    String expiryAsStored =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'+00'")
            .withZone(java.time.ZoneOffset.UTC)
            .format(expiry);
    assertThat(
            juspay.query(
                "select customer_id, expires_at from client_auth_tokens where token_hash = '"
                    + hash
                    + "'"))
        .containsExactly(body.get("id").textValue() + "|" + expiryAsStored);
    assertThat(
            juspay.query(
                "select count(*) from client_auth_tokens where token_hash = '" + token + "'"))
        .containsExactly("0");
  }

  @Test
  void leavesTheTokenOutWhenItIsNotAskedFor() {
    HttpResponse<String> response =
        create(
            "object_reference_id="
                + uniqueReference()
                + "&mobile_number=1&options.get_client_auth_token=false");

    assertThat(JsonAssert.parse(response.body()).has("juspay")).isFalse();
  }

  @Test
  void storesTheNationalNumberOfAPlusPrefixedMobile() {
    HttpResponse<String> response =
        create(
            "object_reference_id="
                + uniqueReference()
                + "&mobile_country_code=65&mobile_number=%2B6599887766");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JsonAssert.parse(response.body()).get("mobile_number").textValue())
        .isEqualTo("99887766");
    assertThat(JsonAssert.parse(response.body()).get("mobile_country_code").textValue())
        .isEqualTo("65");
  }

  @Test
  void answersTheDocumented400WhenTheReferenceIsMissing() {
    assertError(
        create("mobile_number=99887766&first_name=John"), 400, "missing-object-reference-id.json");
  }

  @Test
  void answersAMissingMobileNumberInTheSameShape() {
    assertError(
        create("object_reference_id=" + uniqueReference()), 400, "missing-mobile-number.json");
  }

  @Test
  void answersTheDocumented400ForADuplicateReference() {
    String reference = uniqueReference();
    juspay.createCustomer(juspay.m1Key, reference);

    HttpResponse<String> response = create("object_reference_id=" + reference + "&mobile_number=1");

    assertError(response, 400, "duplicate-object-reference-id.json");
    assertThat(juspay.query("select count(*) from customers where reference = '" + reference + "'"))
        .containsExactly("1");
  }

  @Test
  void letsAnotherMerchantUseTheSameReference() {
    String reference = uniqueReference();
    JsonNode mine = juspay.createCustomer(juspay.m1Key, reference);

    JsonNode theirs = juspay.createCustomer(juspay.m2Key, reference);

    assertThat(theirs.get("id")).isNotEqualTo(mine.get("id"));
  }

  @ParameterizedTest(name = "{0}=''{1}''")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "object_reference_id | \"\"",
        "object_reference_id | short12",
        "object_reference_id | %09tabbed-reference",
        "object_reference_id | \"        \"",
        "mobile_number | \"\"",
        "mobile_number | -99887766",
        "mobile_number | 99887766a",
        "mobile_number | 9988+7766",
        "mobile_number | 99887766+",
        "mobile_number | %2B919876543210",
        "mobile_number | 99 887766",
        "mobile_number | (998)87766",
        "mobile_number | 998-877-66",
        "mobile_number | 99887766%2F",
        "mobile_country_code | \"\"",
        "mobile_country_code | abcd",
        "mobile_country_code | %2B65",
        "mobile_country_code | 6a",
        "email_address | \"\"",
        "email_address | no-at-sign.example.com",
        "email_address | a%40b%40example.com",
        "email_address | .john%40example.com",
        "email_address | john.%40example.com",
        "email_address | _john%40example.com",
        "email_address | john_%40example.com",
        "email_address | jo+hn%40example.com",
        "email_address | john%40",
        "email_address | %40example.com",
        "email_address | jo%3Chn%40example.com",
        "email_address | j%C3%B6hn%40example.com",
        "first_name | \"\"",
        "first_name | John!",
        "first_name | J%40ne",
        "first_name | a%2Bb",
        "first_name | semi%3Bcolon",
        "first_name | comma%2Cname",
        "first_name | O'Brien",
        "first_name | back%5Cslash",
        "first_name | \"+\"",
        "last_name | \"\"",
        "last_name | Smith%3D",
        "last_name | %3Cscript%3E",
        "last_name | 50%25",
        "last_name | brace%7B",
        "options.get_client_auth_token | yes",
        "options.get_client_auth_token | \"\"",
      })
  void rejectsAWrongValue(String field, String encodedValue) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("object_reference_id", uniqueReference());
    body.put("mobile_number", "99887766");
    StringBuilder form = new StringBuilder();
    body.forEach(
        (k, v) -> {
          if (!k.equals(field)) {
            form.append(k).append('=').append(v).append('&');
          }
        });
    form.append(field).append('=').append(encodedValue);

    assertErrorBody(create(form.toString()), 400, wrongValues(field));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "object_reference_id | 301",
        "object_reference_id | 256",
        "mobile_number | 301",
        "mobile_country_code | 65",
        "email_address | 301",
        "first_name | 256",
        "last_name | 256",
      })
  void rejectsAValueOverItsMaximumLength(String field, int length) {
    String value =
        field.equals("email_address")
            ? "a".repeat(length - 12) + "@example.com"
            : "1".repeat(length);
    String reference = field.equals("object_reference_id") ? value : uniqueReference();
    String mobile = field.equals("mobile_number") ? value : "1";
    String form = "object_reference_id=" + reference + "&mobile_number=" + mobile;
    if (!field.equals("object_reference_id") && !field.equals("mobile_number")) {
      form += "&" + field + "=" + value;
    }

    assertErrorBody(create(form), 400, wrongValues(field));
  }

  @ParameterizedTest(name = "{0}=''{1}''")
  @CsvSource(
      delimiter = ';',
      value = {
        "object_reference_id ; 8chars!!",
        "mobile_number ; 9876543210",
        "email_address ; a!#$%25%26'*%2B-%2F%3D%3F^_`{|}~b%40example.com",
        "email_address ; john.smith_jr%40mail.example.co.in",
        "first_name ; Jos%C3%A9 (Joe) Smith-Jones_Jr.",
        "first_name ; %E5%B1%B1%E7%94%B0",
        "last_name ; 3rd",
        "mobile_country_code ; 1",
      })
  void acceptsAValueWithinTheRules(String field, String encodedValue) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("object_reference_id", uniqueReference());
    fields.put("mobile_number", "99887766");
    fields.put(
        field,
        field.equals("object_reference_id") ? encodedValue + uniqueReference() : encodedValue);
    String form =
        fields.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(java.util.stream.Collectors.joining("&"));

    HttpResponse<String> response = create(form);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void acceptsAReferenceOfExactly8And255Characters() {
    String eight = uniqueReference().substring(4, 12);
    String long255 = (uniqueReference() + "x".repeat(255)).substring(0, 255);

    assertThat(create("object_reference_id=" + eight + "&mobile_number=1").statusCode())
        .isEqualTo(200);
    assertThat(create("object_reference_id=" + long255 + "&mobile_number=1").statusCode())
        .isEqualTo(200);
  }

  @Test
  void listsEveryWrongFieldAndNamesTheFirst() {
    HttpResponse<String> response =
        create(
            "object_reference_id="
                + uniqueReference()
                + "&mobile_number=abc&first_name=J%40ne&last_name=%21");

    assertErrorBody(response, 400, wrongValues("mobile_number", "first_name", "last_name"));
  }

  @Test
  void rejectsAFieldGivenTwice() {
    HttpResponse<String> response =
        create(
            "object_reference_id="
                + uniqueReference()
                + "&mobile_number=1&first_name=A&first_name=B");

    assertErrorBody(response, 400, wrongValues("first_name"));
  }

  @Test
  void ignoresUnknownFields() {
    HttpResponse<String> response =
        create("object_reference_id=" + uniqueReference() + "&mobile_number=1&customer_type=vip");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void servesCreateOverHttps() {
    String reference = uniqueReference();
    HttpResponse<String> response =
        juspay.server.send(
            java.net.http.HttpRequest.newBuilder(juspay.server.https("/customers"))
                .header("Authorization", JuspayServer.basic(juspay.m1Key))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    BodyPublishers.ofString(
                        "object_reference_id=" + reference + "&mobile_number=1"))
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JsonAssert.parse(response.body()).get("object_reference_id").textValue())
        .isEqualTo(reference);
  }
}
