package io.clientele.dialect.juspay;

import static io.clientele.dialect.juspay.JuspayServer.assertError;
import static io.clientele.dialect.juspay.JuspayServer.assertErrorBody;
import static io.clientele.dialect.juspay.JuspayServer.uniqueReference;
import static io.clientele.dialect.juspay.JuspayServer.wrongValues;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JuspayGetAndListTest {
  JuspayServer juspay;

  @BeforeEach
  void start() {
    juspay = new JuspayServer(TestDatabase.Engine.H2);
  }

  @AfterEach
  void stop() {
    juspay.close();
  }

  HttpResponse<String> get(String path) {
    return juspay.get(path, juspay.m1Key);
  }

  @Test
  void getsACustomerByIdAndByReference() {
    String reference = uniqueReference();
    JsonNode created = juspay.createCustomer(juspay.m1Key, reference);

    HttpResponse<String> byId = get("/customers/" + created.get("id").textValue());
    HttpResponse<String> byReference = get("/customers/" + reference);

    assertThat(byId.statusCode()).isEqualTo(200);
    assertThat(JsonAssert.parse(byId.body())).isEqualTo(created);
    assertThat(byReference.statusCode()).isEqualTo(200);
    assertThat(JsonAssert.parse(byReference.body())).isEqualTo(created);
  }

  @Test
  void prefersAnIdOverAReferenceThatLooksLikeIt() {
    JsonNode first = juspay.createCustomer(juspay.m1Key, uniqueReference());
    String firstId = first.get("id").textValue();
    JsonNode second = juspay.createCustomer(juspay.m1Key, firstId);

    assertThat(JsonAssert.parse(get("/customers/" + firstId).body()).get("id"))
        .isEqualTo(first.get("id"));
    assertThat(second.get("object_reference_id").textValue()).isEqualTo(firstId);
  }

  @ParameterizedTest
  @ValueSource(strings = {"customer+tag@gmail.com", "customer@gmail.com", "two words@example.com"})
  void findsReferencesWithAtPlusAndSpaceInThePath(String reference) {
    String encodedForForm =
        java.net.URLEncoder.encode(reference, java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> created =
        juspay.post(
            "/customers",
            juspay.m1Key,
            "object_reference_id=" + encodedForForm + "&mobile_number=1");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String inPath = reference.replace(" ", "%20");

    HttpResponse<String> response = get("/customers/" + inPath);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JsonAssert.parse(response.body()).get("object_reference_id").textValue())
        .isEqualTo(reference);
  }

  @Test
  void answersTheDocumented404ForAnUnknownCustomer() {
    assertError(get("/customers/cst_om2l6ctlptxwxuzj"), 404, "customer-not-found.json");
  }

  @Test
  void neverShowsAnotherMerchantsCustomer() {
    String reference = uniqueReference();
    JsonNode created = juspay.createCustomer(juspay.m1Key, reference);

    assertError(
        juspay.get("/customers/" + created.get("id").textValue(), juspay.m2Key),
        404,
        "customer-not-found.json");
    assertError(
        juspay.get("/customers/" + reference, juspay.m2Key), 404, "customer-not-found.json");
    JsonNode theirList = JsonAssert.parse(juspay.get("/customers", juspay.m2Key).body());
    assertThat(theirList.get("total").asLong()).isZero();
    assertThat(theirList.get("list")).isEmpty();
  }

  @Test
  void addsAClientAuthTokenWhenTheQueryAsks() {
    JsonNode created = juspay.createCustomer(juspay.m1Key, uniqueReference());

    HttpResponse<String> response =
        get("/customers/" + created.get("id").textValue() + "?options.get_client_auth_token=true");

    JsonNode body = JsonAssert.parse(response.body());
    assertThat(body.get("juspay").get("client_auth_token").textValue()).matches("tkn_[0-9a-f]{32}");
    assertThat(body.get("juspay").get("client_auth_token_expiry").textValue())
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    assertThat(
            juspay.query(
                "select count(*) from client_auth_tokens where customer_id = '"
                    + created.get("id").textValue()
                    + "'"))
        .containsExactly("1");
  }

  @Test
  void rejectsABadTokenOption() {
    JsonNode created = juspay.createCustomer(juspay.m1Key, uniqueReference());

    assertErrorBody(
        get("/customers/" + created.get("id").textValue() + "?options.get_client_auth_token=maybe"),
        400,
        wrongValues("options.get_client_auth_token"));
  }

  @Test
  void listsCustomersOldestFirstWithCountOffsetAndTotal() {
    List<JsonNode> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(juspay.createCustomer(juspay.m1Key, "list-customer-" + i));
    }
    juspay.createCustomer(juspay.m2Key, "someone-elses-customer");

    HttpResponse<String> response = get("/customers?count=2&offset=1");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JsonAssert.parse(response.body());
    assertThat(body.get("list")).containsExactly(created.get(1), created.get(2));
    assertThat(body.get("count").asInt()).isEqualTo(2);
    assertThat(body.get("offset").asInt()).isEqualTo(1);
    assertThat(body.get("total").asInt()).isEqualTo(5);
    assertThat(List.copyOf(iterable(body))).containsExactly("list", "count", "offset", "total");
  }

  @Test
  void listsTenByDefaultFromTheStart() {
    for (int i = 0; i < 12; i++) {
      juspay.createCustomer(juspay.m1Key, "default-page-" + i);
    }

    JsonNode body = JsonAssert.parse(get("/customers").body());

    assertThat(body.get("list")).hasSize(10);
    assertThat(body.get("count").asInt()).isEqualTo(10);
    assertThat(body.get("offset").asInt()).isZero();
    assertThat(body.get("total").asInt()).isEqualTo(12);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "count=0",
        "count=101",
        "count=-1",
        "count=ten",
        "count=",
        "offset=-1",
        "offset=x",
        "offset=1234567890"
      })
  void rejectsABadPage(String query) {
    assertErrorBody(
        get("/customers?" + query), 400, wrongValues(query.substring(0, query.indexOf('='))));
  }

  static List<String> iterable(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
