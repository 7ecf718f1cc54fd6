package io.clientele.admin;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes serving from one PostgreSQL database: what the admin API changes on one is what the
 * other enforces on its very next request, because no node keeps credentials of its own.
 */
class CredentialsAcrossNodesTest {
  @TempDir Path nodeADir;
  @TempDir Path nodeBDir;

  static HttpResponse<String> listCustomers(TestServer node, String apiKey) {
    return node.send(
        HttpRequest.newBuilder(node.http("/customers"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder().encodeToString(apiKey.getBytes(StandardCharsets.UTF_8)))
            .GET()
            .build());
  }

  @Test
  void refusesOnOneNodeAKeyRevokedThroughTheOther() {
    try (TestDatabase database = TestDatabase.postgres();
        TestServer nodeA = TestServer.start(nodeADir, database.config(), Map.of());
        TestServer nodeB = TestServer.start(nodeBDir, database.config(), Map.of())) {
      nodeA.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}");
      JsonNode key =
          JsonAssert.parse(
              nodeA
                  .adminCall("POST", "/admin/merchants/m1/credentials", "{\"dialect\":\"juspay\"}")
                  .body());
      String apiKey = key.get("api_key").textValue();
      assertThat(listCustomers(nodeB, apiKey).statusCode()).isEqualTo(200);

      assertThat(
              nodeA
                  .adminCall(
                      "DELETE",
                      "/admin/merchants/m1/credentials/" + key.get("credential_id").textValue(),
                      "")
                  .statusCode())
          .isEqualTo(204);

      HttpResponse<String> refused = listCustomers(nodeB, apiKey);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertJson(refused.body(), fixture("juspay/unauthorized.json"));
    }
  }

  @Test
  void servesOnOneNodeOnlyTheSuccessorOfAKeyRotatedThroughTheOther() {
    try (TestDatabase database = TestDatabase.postgres();
        TestServer nodeA = TestServer.start(nodeADir, database.config(), Map.of());
        TestServer nodeB = TestServer.start(nodeBDir, database.config(), Map.of())) {
      nodeA.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}");
      JsonNode old =
          JsonAssert.parse(
              nodeA
                  .adminCall("POST", "/admin/merchants/m1/credentials", "{\"dialect\":\"juspay\"}")
                  .body());
      assertThat(listCustomers(nodeB, old.get("api_key").textValue()).statusCode()).isEqualTo(200);

      JsonNode successor =
          JsonAssert.parse(
              nodeA
                  .adminCall(
                      "POST",
                      "/admin/merchants/m1/credentials/"
                          + old.get("credential_id").textValue()
                          + "/rotate",
                      "{\"overlap_seconds\":0}")
                  .body());

      assertThat(listCustomers(nodeB, old.get("api_key").textValue()).statusCode()).isEqualTo(401);
      assertThat(listCustomers(nodeB, successor.get("api_key").textValue()).statusCode())
          .isEqualTo(200);
    }
  }
}
