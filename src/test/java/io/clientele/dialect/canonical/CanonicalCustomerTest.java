package io.clientele.dialect.canonical;

import static io.clientele.testing.JsonAssert.assertJsonText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The canonical API's happy paths: every answer's status, headers and exact body. */
class CanonicalCustomerTest {
  static CanonicalServer canonical;

  @BeforeAll
  static void start() {
    canonical = new CanonicalServer();
  }

  @AfterAll
  static void stop() {
    canonical.close();
  }

  static String customer(String reference, long version, String personal, String metadata) {
    return "{\"id\":\"<customer-id>\",\"reference\":\""
        + reference
        + "\","
        + personal
        + ",\"metadata\":"
        + metadata
        + ",\"version\":"
        + version
        + ",\"created_at\":\"<timestamp>\",\"updated_at\":\"<timestamp>\"}";
  }

  static final String ASHA =
      "\"first_name\":\"Asha\",\"last_name\":\"Rao\",\"name\":\"Asha Rao\","
          + "\"email\":\"Asha.Rao@Example.com\",\"phone\":\"+919876543210\","
          + "\"address\":\"12 MG Road\",\"city\":\"Pune\",\"state\":\"MH\",\"country\":\"IN\","
          + "\"pincode\":\"411001\"";

  @Test
  void createsACustomerAnd201sWithItsVersionAsETagAndItsLocation() {
    String reference = CanonicalServer.uniqueReference();
    HttpResponse<String> response =
        canonical.post(
            canonical.m1,
            "{\"reference\":\""
                + reference
                + "\","
                + ASHA
                + ",\"metadata\":{\"tier\":\"gold\",\"crm_id\":\"C-17\"}}");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
    assertJsonText(
        response.body(), customer(reference, 1, ASHA, "{\"crm_id\":\"C-17\",\"tier\":\"gold\"}"));
    String id = JsonAssert.parse(response.body()).get("id").textValue();
    assertThat(response.headers().firstValue("Location")).hasValue("/v1/customers/" + id);

    HttpResponse<String> byId = canonical.get(canonical.m1, id);
    HttpResponse<String> byReference = canonical.get(canonical.m1, reference);
    assertThat(byId.statusCode()).isEqualTo(200);
    assertThat(byId.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(byId.body()).isEqualTo(response.body());
    assertThat(byReference.body()).isEqualTo(response.body());
  }

  @Test
  void showsEveryUnsetFieldAsNullAndNoMetadataAsAnEmptyObject() {
    String reference = CanonicalServer.uniqueReference();
    HttpResponse<String> response =
        canonical.post(canonical.m1, "{\"reference\":\"" + reference + "\"}");

    assertThat(response.statusCode()).isEqualTo(201);
    assertJsonText(
        response.body(),
        customer(
            reference,
            1,
            "\"first_name\":null,\"last_name\":null,\"name\":null,\"email\":null,\"phone\":null,"
                + "\"address\":null,\"city\":null,\"state\":null,\"country\":null,\"pincode\":null",
            "{}"));
  }

  @Test
  void mergesAPatchFieldByFieldAndMetadataKeyByKey() {
    String reference = CanonicalServer.uniqueReference();
    JsonNode created =
        canonical.created(
            canonical.m1,
            reference,
            ASHA + ",\"metadata\":{\"tier\":\"gold\",\"crm_id\":\"C-17\"}");
    String id = created.get("id").textValue();

    HttpResponse<String> response =
        canonical.patch(
            canonical.m1,
            id,
            "{\"name\":\"Asha R\",\"email\":null,\"phone\":\"+6591234567\","
                + "\"metadata\":{\"tier\":null,\"segment\":\"b2b\"}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("ETag")).hasValue("\"2\"");
    assertJsonText(
        response.body(),
        customer(
            reference,
            2,
            "\"first_name\":\"Asha\",\"last_name\":\"Rao\",\"name\":\"Asha R\",\"email\":null,"
                + "\"phone\":\"+6591234567\",\"address\":\"12 MG Road\",\"city\":\"Pune\","
                + "\"state\":\"MH\",\"country\":\"IN\",\"pincode\":\"411001\"",
            "{\"crm_id\":\"C-17\",\"segment\":\"b2b\"}"));
    assertThat(JsonAssert.parse(response.body()).get("created_at"))
        .isEqualTo(created.get("created_at"));
    assertThat(canonical.get(canonical.m1, reference).body()).isEqualTo(response.body());

    HttpResponse<String> cleared =
        canonical.patch(canonical.m1, reference, "{\"metadata\":null,\"phone\":null}");
    assertThat(cleared.statusCode()).isEqualTo(200);
    JsonNode after = JsonAssert.parse(cleared.body());
    assertThat(after.get("metadata").toString()).isEqualTo("{}");
    assertThat(after.get("phone").isNull()).isTrue();
    assertThat(after.get("version").asLong()).isEqualTo(3);
  }

  @Test
  void aPatchThatChangesNothingKeepsTheVersion() {
    String reference = CanonicalServer.uniqueReference();
    JsonNode created = canonical.created(canonical.m1, reference, "\"name\":\"Same\"");

    HttpResponse<String> response =
        canonical.patch(
            canonical.m1, reference, "{\"name\":\"Same\",\"reference\":\"" + reference + "\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(JsonAssert.parse(response.body())).isEqualTo(created);
  }

  @Test
  void writesOnlyWhenIfMatchNamesTheCurrentVersion() {
    String reference = CanonicalServer.uniqueReference();
    canonical.created(canonical.m1, reference, "\"name\":\"First\"");
    assertThat(canonical.patch(canonical.m1, reference, "{\"name\":\"Second\"}").statusCode())
        .isEqualTo(200);

    HttpResponse<String> stale =
        canonical.patch(canonical.m1, reference, "{\"name\":\"Lost\"}", "If-Match", "\"1\"");

    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(stale.headers().firstValue("ETag")).hasValue("\"2\"");
    assertJsonText(
        stale.body(),
        "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"precondition_failed\","
            + "\"message\":\"The customer is at version 2; If-Match named another, so nothing was"
            + " changed\"}}");
    assertThat(
            JsonAssert.parse(canonical.get(canonical.m1, reference).body()).get("name").textValue())
        .isEqualTo("Second");

    HttpResponse<String> weak =
        canonical.patch(canonical.m1, reference, "{\"name\":\"Weak\"}", "If-Match", "W/\"2\"");
    assertThat(weak.statusCode()).isEqualTo(412);

    HttpResponse<String> current =
        canonical.patch(canonical.m1, reference, "{\"name\":\"Third\"}", "If-Match", "\"2\"");
    assertThat(current.statusCode()).isEqualTo(200);
    assertThat(current.headers().firstValue("ETag")).hasValue("\"3\"");

    HttpResponse<String> any =
        canonical.patch(canonical.m1, reference, "{\"name\":\"Fourth\"}", "If-Match", "*");
    assertThat(any.statusCode()).isEqualTo(200);
    assertThat(any.headers().firstValue("ETag")).hasValue("\"4\"");

    HttpResponse<String> staleDelete =
        canonical.delete(canonical.m1, reference, "If-Match", "\"3\"");
    assertThat(staleDelete.statusCode()).isEqualTo(412);
    assertThat(canonical.get(canonical.m1, reference).statusCode()).isEqualTo(200);
  }

  @Test
  void showsACustomerOnlyWhenIfMatchNamesItsVersion() {
    String reference = CanonicalServer.uniqueReference();
    canonical.created(canonical.m1, reference, "\"name\":\"First\"");

    HttpResponse<String> other = canonical.get(canonical.m1, reference, "If-Match", "\"2\"");

    assertThat(other.statusCode()).isEqualTo(412);
    assertThat(other.headers().firstValue("ETag")).hasValue("\"1\"");
    assertJsonText(
        other.body(),
        "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"precondition_failed\","
            + "\"message\":\"The customer is at version 1; If-Match named another, so nothing was"
            + " changed\"}}");
    assertThat(canonical.get(canonical.m1, reference, "If-Match", "W/\"1\"").statusCode())
        .isEqualTo(412);
    assertThat(
            canonical
                .get(canonical.m1, reference, "If-Match", "\"2\"", "If-None-Match", "\"1\"")
                .statusCode())
        .as("If-Match is evaluated first")
        .isEqualTo(412);
    assertThat(canonical.get(canonical.m1, reference, "If-Match", "\"1\"").statusCode())
        .isEqualTo(200);
    assertThat(canonical.get(canonical.m1, reference, "If-Match", "*").statusCode()).isEqualTo(200);
    assertThat(canonical.get(canonical.m1, reference, "If-Match", "1").statusCode()).isEqualTo(400);
  }

  @Test
  void answersACreateWith201ThoughIfNoneMatchNamesTheTagTheNewCustomerGets() {
    HttpResponse<String> created =
        canonical.send(
            canonical.m1,
            "POST",
            "/v1/customers",
            "application/json",
            "{\"reference\":\"" + CanonicalServer.uniqueReference() + "\"}",
            "If-None-Match",
            "\"1\"");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(created.headers().firstValue("Location")).isPresent();
    assertThat(JsonAssert.parse(created.body()).get("version").asLong()).isEqualTo(1);
  }

  @Test
  void readsIfNoneMatchSentOnSeveralLinesAsOneList() {
    String reference = CanonicalServer.uniqueReference();
    canonical.created(canonical.m1, reference, "");

    HttpResponse<String> response =
        canonical.get(canonical.m1, reference, "If-None-Match", "\"7\"", "If-None-Match", "\"1\"");

    assertThat(response.statusCode()).isEqualTo(304);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void refusesAnIfMatchThatIsNoEntityTag() {
    String reference = CanonicalServer.uniqueReference();
    canonical.created(canonical.m1, reference, "");

    HttpResponse<String> response =
        canonical.patch(canonical.m1, reference, "{\"name\":\"X\"}", "If-Match", "1");

    assertThat(response.statusCode()).isEqualTo(400);
    assertJsonText(
        response.body(),
        "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"if_match_invalid\","
            + "\"message\":\"If-Match must be * or one entity tag this API gave, such as \\\"3\\\"\"}}");
  }

  @Test
  void answers304WhenIfNoneMatchNamesTheVersion() {
    String reference = CanonicalServer.uniqueReference();
    canonical.created(canonical.m1, reference, "");

    HttpResponse<String> unchanged =
        canonical.get(canonical.m1, reference, "If-None-Match", "\"1\"");
    HttpResponse<String> changed = canonical.get(canonical.m1, reference, "If-None-Match", "\"7\"");

    assertThat(unchanged.statusCode()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();
    assertThat(unchanged.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(unchanged.headers().firstValue("Content-Type")).isEmpty();
    assertThat(changed.statusCode()).isEqualTo(200);
  }

  @Test
  void deletesByErasingAndAnswersTheTombstonesVersion() {
    String reference = CanonicalServer.uniqueReference();
    String id = canonical.created(canonical.m1, reference, ASHA).get("id").textValue();

    HttpResponse<String> deleted = canonical.delete(canonical.m1, reference, "If-Match", "\"1\"");

    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.headers().firstValue("ETag")).hasValue("\"2\"");
    assertJsonText(deleted.body(), "{\"id\":\"" + id + "\",\"deleted\":true,\"version\":2}");
    for (String key : new String[] {id, reference}) {
      HttpResponse<String> gone = canonical.get(canonical.m1, key);
      assertThat(gone.statusCode()).isEqualTo(404);
      assertJsonText(
          gone.body(),
          "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
              + "\"message\":\"No such customer\",\"param\":\"customer\"}}");
    }
    assertThat(canonical.delete(canonical.m1, id).statusCode()).isEqualTo(404);
    assertThat(canonical.created(canonical.m1, reference, "").get("id").textValue())
        .as("the reference is free again")
        .isNotEqualTo(id);
  }

  @Test
  void listsPagesByCursorAndSearchesByEmailInAnyCaseOrPhone() {
    String key = canonical.key("m2");
    String a =
        canonical.created(key, "list-a", "\"email\":\"Pat@Example.com\"").get("id").textValue();
    String b =
        canonical.created(key, "list-b", "\"phone\":\"+447700900123\"").get("id").textValue();
    String c =
        canonical.created(key, "list-c", "\"email\":\"pat@example.com\"").get("id").textValue();
    java.util.List<String> ids = java.util.stream.Stream.of(a, b, c).sorted().toList();

    JsonNode first =
        JsonAssert.parse(canonical.send(key, "GET", "/v1/customers?limit=2", null, null).body());
    assertThat(first.get("customers").findValuesAsText("id")).isEqualTo(ids.subList(0, 2));
    assertThat(first.get("next_cursor").textValue()).isEqualTo(ids.get(1));
    JsonNode second =
        JsonAssert.parse(
            canonical
                .send(key, "GET", "/v1/customers?limit=2&cursor=" + ids.get(1), null, null)
                .body());
    assertThat(second.get("customers").findValuesAsText("id")).isEqualTo(ids.subList(2, 3));
    assertThat(second.get("next_cursor").isNull()).isTrue();

    JsonNode byEmail =
        JsonAssert.parse(
            canonical.send(key, "GET", "/v1/customers?email=PAT%40example.COM", null, null).body());
    assertThat(byEmail.get("customers").findValuesAsText("id"))
        .isEqualTo(java.util.stream.Stream.of(a, c).sorted().toList());
    JsonNode byPhone =
        JsonAssert.parse(
            canonical.send(key, "GET", "/v1/customers?phone=%2B447700900123", null, null).body());
    assertThat(byPhone.get("customers").findValuesAsText("id")).containsExactly(b);
    assertThat(byPhone.get("customers").get(0).toString()).isEqualTo(canonical.get(key, b).body());
  }

  @Test
  void headAnswersLikeGetWithoutABody() {
    String reference = CanonicalServer.uniqueReference();
    canonical.created(canonical.m1, reference, "");

    HttpResponse<String> head =
        canonical.send(canonical.m1, "HEAD", "/v1/customers/" + reference, null, null);
    HttpResponse<String> anonymous =
        canonical.send(null, "HEAD", "/v1/customers/" + reference, null, null);

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }
}
