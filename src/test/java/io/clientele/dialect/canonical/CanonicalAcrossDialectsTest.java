package io.clientele.dialect.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One customer, every dialect: what one writes, the others read, and the history names it. */
class CanonicalAcrossDialectsTest {
  static CanonicalServer canonical;

  @BeforeAll
  static void start() {
    canonical = new CanonicalServer();
  }

  @AfterAll
  static void stop() {
    canonical.close();
  }

  HttpResponse<String> juspay(String method, String path, String form) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(canonical.server.http(path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (canonical.juspayKey + ":").getBytes(StandardCharsets.UTF_8)));
    if (form != null) {
      request.header("Content-Type", "application/x-www-form-urlencoded");
    }
    request.method(method, form == null ? BodyPublishers.noBody() : BodyPublishers.ofString(form));
    return canonical.server.send(request.build());
  }

  HttpResponse<String> flowwiseGet(String reference) {
    return canonical.server.send(
        HttpRequest.newBuilder(canonical.server.http("/router/customer/" + reference))
            .header("x-client-id", canonical.flowwiseId)
            .header("x-client-secret", canonical.flowwiseSecret)
            .GET()
            .build());
  }

  @Test
  void showsAJuspayCustomerWithItsPhoneAsE164AndKeepsWhatJuspayCannotSeeOnAJuspayUpdate() {
    HttpResponse<String> created =
        juspay(
            "POST",
            "/customers",
            "object_reference_id=jus-ref-1&mobile_number=9876543210&mobile_country_code=91"
                + "&email_address=jus%40example.com&first_name=Jay&last_name=Patel");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String id = JsonAssert.parse(created.body()).get("id").textValue();

    JsonNode seen = JsonAssert.parse(canonical.get(canonical.m1, id).body());
    assertThat(seen.get("reference").textValue()).isEqualTo("jus-ref-1");
    assertThat(seen.get("phone").textValue()).isEqualTo("+919876543210");
    assertThat(seen.get("email").textValue()).isEqualTo("jus@example.com");
    assertThat(seen.get("first_name").textValue()).isEqualTo("Jay");

    assertThat(
            canonical
                .patch(
                    canonical.m1, id, "{\"metadata\":{\"source\":\"juspay\"},\"city\":\"Surat\"}")
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> juspayUpdate = juspay("POST", "/customers/" + id, "first_name=Jayesh");
    assertThat(juspayUpdate.statusCode()).as(juspayUpdate.body()).isEqualTo(200);

    JsonNode after = JsonAssert.parse(canonical.get(canonical.m1, id).body());
    assertThat(after.get("first_name").textValue()).isEqualTo("Jayesh");
    assertThat(after.get("city").textValue()).isEqualTo("Surat");
    assertThat(after.get("metadata").toString()).isEqualTo("{\"source\":\"juspay\"}");
    assertThat(after.get("version").asLong()).isEqualTo(3);
  }

  @Test
  void aCanonicalCustomerIsReadByJuspayAndFlowwise() {
    JsonNode created =
        canonical.created(
            canonical.m1,
            "canon-ref-1",
            "\"name\":\"Mira Das\",\"email\":\"mira@example.com\",\"phone\":\"+6591234567\"");
    String id = created.get("id").textValue();

    JsonNode byJuspay = JsonAssert.parse(juspay("GET", "/customers/" + id, null).body());
    assertThat(byJuspay.get("object_reference_id").textValue()).isEqualTo("canon-ref-1");
    assertThat(byJuspay.get("mobile_country_code").textValue()).isEqualTo("65");
    assertThat(byJuspay.get("mobile_number").textValue()).isEqualTo("91234567");
    assertThat(byJuspay.get("email_address").textValue()).isEqualTo("mira@example.com");

    HttpResponse<String> byFlowwise = flowwiseGet("canon-ref-1");
    assertThat(byFlowwise.statusCode()).as(byFlowwise.body()).isEqualTo(200);
    JsonNode flowwise = JsonAssert.parse(byFlowwise.body());
    assertThat(flowwise.get("id").textValue()).isEqualTo(id);
    assertThat(flowwise.get("phone").textValue()).isEqualTo("+6591234567");
    assertThat(flowwise.get("name").textValue()).isEqualTo("Mira Das");
  }

  @Test
  void theHistoryNamesTheCanonicalCredentialAndEachMetadataKeyChanged() {
    String id =
        canonical
            .created(canonical.m1, "hist-ref-1", "\"metadata\":{\"tier\":\"gold\"}")
            .get("id")
            .textValue();
    assertThat(
            canonical
                .patch(canonical.m1, id, "{\"metadata\":{\"tier\":\"silver\",\"vip\":\"yes\"}}")
                .statusCode())
        .isEqualTo(200);

    JsonNode history =
        JsonAssert.parse(
            canonical.admin("GET", "/admin/merchants/m1/customers/" + id + "/history", "").body());
    JsonNode change = history.get("changes").get(0);
    assertThat(change.get("dialect").textValue()).isEqualTo("canonical");
    assertThat(change.get("fields").toString())
        .isEqualTo(
            "[{\"name\":\"metadata.tier\",\"old\":\"gold\",\"new\":\"silver\"},"
                + "{\"name\":\"metadata.vip\",\"old\":null,\"new\":\"yes\"}]");
    assertThat(history.get("changes").get(1).get("fields").toString())
        .isEqualTo(
            "[{\"name\":\"scope\",\"old\":null,\"new\":\"GLOBAL\"},"
                + "{\"name\":\"metadata.tier\",\"old\":null,\"new\":\"gold\"}]");
  }
}
