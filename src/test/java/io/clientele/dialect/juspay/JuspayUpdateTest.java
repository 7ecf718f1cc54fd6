package io.clientele.dialect.juspay;

import static io.clientele.dialect.juspay.JuspayServer.assertError;
import static io.clientele.dialect.juspay.JuspayServer.assertErrorBody;
import static io.clientele.dialect.juspay.JuspayServer.uniqueReference;
import static io.clientele.dialect.juspay.JuspayServer.wrongValues;
import static io.clientele.testing.JsonAssert.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JuspayUpdateTest {
  static JuspayServer juspay;

  @BeforeAll
  static void start() {
    juspay = new JuspayServer(TestDatabase.Engine.H2);
  }

  @AfterAll
  static void stop() {
    juspay.close();
  }

  static HttpResponse<String> update(String idOrReference, String form) {
    return juspay.post("/customers/" + idOrReference, juspay.m1Key, form);
  }

  String storedRow(String id) {
    return juspay
        .query(
            "select first_name, last_name, email, mobile_country_code, mobile_number, version,"
                + " created_at < updated_at from customers where id = '"
                + id
                + "'")
        .get(0);
  }

  @Test
  void changesOnlyTheFieldsSentAndKeepsTheCreationDate() throws Exception {
    String reference = uniqueReference();
    JsonNode created = juspay.createCustomer(juspay.m1Key, reference);
    String id = created.get("id").textValue();
    Thread.sleep(5);

    HttpResponse<String> response =
        update(id, "first_name=Jon&mobile_country_code=65&mobile_number=99887766");

    assertThat(response.statusCode()).isEqualTo(200);
    assertJson(
        response.body(),
        "{\"id\":\""
            + id
            + "\",\"object\":\"customer\",\"object_reference_id\":\""
            + reference
            + "\",\"mobile_country_code\":\"65\",\"mobile_number\":\"99887766\","
            + "\"email_address\":\"john.smith@example.com\",\"first_name\":\"Jon\",\"last_name\":\"Smith\","
            + "\"date_created\":\""
            + created.get("date_created").textValue()
            + "\",\"last_updated\":\"<timestamp>\"}");
    assertThat(storedRow(id)).isEqualTo("Jon|Smith|john.smith@example.com|65|99887766|2|TRUE");
  }

  @Test
  void updatesByReference() {
    String reference = uniqueReference();
    JsonNode created = juspay.createCustomer(juspay.m1Key, reference);

    HttpResponse<String> response = update(reference, "last_name=Snow");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JsonAssert.parse(response.body()).get("id")).isEqualTo(created.get("id"));
    assertThat(JsonAssert.parse(response.body()).get("last_name").textValue()).isEqualTo("Snow");
  }

  @Test
  void acceptsTheSameReferenceInTheBody() {
    String reference = uniqueReference();
    juspay.createCustomer(juspay.m1Key, reference);

    assertThat(
            update(reference, "object_reference_id=" + reference + "&first_name=Same").statusCode())
        .isEqualTo(200);
  }

  @Test
  void refusesToChangeTheReference() {
    String reference = uniqueReference();
    JsonNode created = juspay.createCustomer(juspay.m1Key, reference);

    HttpResponse<String> response =
        update(reference, "object_reference_id=" + uniqueReference() + "&first_name=X");

    assertErrorBody(response, 400, wrongValues("object_reference_id"));
    assertThat(storedRow(created.get("id").textValue())).startsWith("John|Smith|");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mobile_number=",
        "mobile_number=-99887766",
        "email_address=",
        "first_name=",
        "last_name=%21"
      })
  void refusesAnEmptyOrBadValueAndChangesNothing(String form) {
    JsonNode created = juspay.createCustomer(juspay.m1Key, uniqueReference());

    HttpResponse<String> response =
        update(created.get("id").textValue(), form + "&first_name_extra=x");

    assertErrorBody(response, 400, wrongValues(form.substring(0, form.indexOf('='))));
    assertThat(storedRow(created.get("id").textValue()))
        .isEqualTo("John|Smith|john.smith@example.com|91|9876543210|1|FALSE");
  }

  @Test
  void answersTheDocumented404ForAnUnknownCustomer() {
    assertError(update("cst_om2l6ctlptxwxuzj", "first_name=Jon"), 404, "customer-not-found.json");
    assertError(update("random-customer-id", "first_name=Jon"), 404, "customer-not-found.json");
  }

  @Test
  void answersAnEmptyUpdateWithTheCustomerUnchanged() {
    JsonNode created = juspay.createCustomer(juspay.m1Key, uniqueReference());

    HttpResponse<String> response = update(created.get("id").textValue(), "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JsonAssert.parse(response.body())).isEqualTo(created);
    assertThat(storedRow(created.get("id").textValue())).endsWith("|1|FALSE");
  }

  @Test
  void issuesATokenOnUpdateWhenAskedFor() {
    JsonNode created = juspay.createCustomer(juspay.m1Key, uniqueReference());

    HttpResponse<String> response =
        update(created.get("id").textValue(), "first_name=Tok&options.get_client_auth_token=true");

    JsonNode juspayBlock = JsonAssert.parse(response.body()).get("juspay");
    assertThat(juspayBlock.get("client_auth_token").textValue()).matches("tkn_[0-9a-f]{32}");
  }

  @Test
  void neverUpdatesAnotherMerchantsCustomer() {
    String reference = uniqueReference();
    JsonNode created = juspay.createCustomer(juspay.m1Key, reference);

    assertError(
        juspay.post("/customers/" + created.get("id").textValue(), juspay.m2Key, "first_name=Eve"),
        404,
        "customer-not-found.json");
    assertError(
        juspay.post("/customers/" + reference, juspay.m2Key, "first_name=Eve"),
        404,
        "customer-not-found.json");
    assertThat(storedRow(created.get("id").textValue())).startsWith("John|Smith|");
  }

  @Test
  void keepsBothOfTwoRacingUpdatesOfDifferentFields() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        String id = juspay.createCustomer(juspay.m1Key, uniqueReference()).get("id").textValue();
        CountDownLatch go = new CountDownLatch(1);
        Future<HttpResponse<String>> first =
            pool.submit(
                () -> {
                  go.await();
                  return update(id, "first_name=Racer");
                });
        Future<HttpResponse<String>> second =
            pool.submit(
                () -> {
                  go.await();
                  return update(id, "email_address=racer%40example.com");
                });
        go.countDown();
        assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        assertThat(storedRow(id)).isEqualTo("Racer|Smith|racer@example.com|91|9876543210|3|TRUE");
      }
    } finally {
      pool.shutdown();
    }
  }
}
