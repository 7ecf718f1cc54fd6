package io.clientele.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.merchant.Secrets;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.LogCapture;
import io.clientele.testing.Race;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Credential list, revoke and rotate under races and on both engines. */
class HostileCredentialLifecycleTest {

  static JsonNode issue(Hostile h, String merchant, String body) {
    HttpResponse<String> issued =
        h.admin("POST", "/admin/merchants/" + merchant + "/credentials", body);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    return JsonAssert.parse(issued.body());
  }

  static void merchants(Hostile h) {
    assertThat(
            h.admin("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            h.admin("POST", "/admin/merchants", "{\"merchant_id\":\"m2\",\"name\":\"Two\"}")
                .statusCode())
        .isEqualTo(201);
  }

  /** The status each dialect answers a read with this credential. */
  static int use(Hostile h, JsonNode credential) {
    if (credential.has("api_key")) {
      return h.juspay(credential.get("api_key").textValue(), "GET", "/customers", null)
          .statusCode();
    }
    if (credential.has("client_id")) {
      int status =
          h.flowwise(
                  credential.get("client_id").textValue(),
                  credential.get("client_secret").textValue(),
                  "GET",
                  "/router/customer/nobody-at-all",
                  null)
              .statusCode();
      return status == 404 ? 200 : status;
    }
    int status =
        h.airpay(
                credential.get("token").textValue(),
                credential.get("secret_key").textValue(),
                "entity_id=nobody-at-all&city=Pune")
            .statusCode();
    return status == 404 ? 200 : status;
  }

  static final List<String> BODIES =
      List.of(
          "{\"dialect\":\"juspay\"}",
          "{\"dialect\":\"flowwise\",\"project_id\":\"p1\"}",
          "{\"dialect\":\"airpay\"}");

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void concurrentRotationsOfOneCredentialMakeExactlyOneSuccessor(TestDatabase.Engine engine)
      throws Exception {
    try (Hostile h = Hostile.start(engine)) {
      merchants(h);
      for (String body : BODIES) {
        for (int round = 0; round < 5; round++) {
          String id = issue(h, "m1", body).get("credential_id").textValue();
          List<Callable<HttpResponse<String>>> rotations = new ArrayList<>();
          for (int i = 0; i < 6; i++) {
            rotations.add(
                () ->
                    h.admin(
                        "POST",
                        "/admin/merchants/m1/credentials/" + id + "/rotate",
                        "{\"overlap_seconds\":60}"));
          }

          List<HttpResponse<String>> answers = Race.of(rotations);

          assertThat(answers.stream().filter(a -> a.statusCode() == 201).count())
              .as(answers.stream().map(HttpResponse::body).toList().toString())
              .isEqualTo(1);
          assertThat(answers)
              .allSatisfy(a -> assertThat(a.statusCode()).as(a.body()).isIn(201, 409));
        }
      }
      assertThat(h.query("select count(*) from credentials where merchant_id = 'm1'"))
          .containsExactly("30");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void aRevocationRacingARotationAlwaysLeavesTheOldCredentialRefused(TestDatabase.Engine engine)
      throws Exception {
    try (Hostile h = Hostile.start(engine)) {
      merchants(h);
      for (String body : BODIES) {
        for (int round = 0; round < 5; round++) {
          JsonNode old = issue(h, "m1", body);
          String id = old.get("credential_id").textValue();
          List<Callable<HttpResponse<String>>> racers =
              List.of(
                  () ->
                      h.admin(
                          "POST",
                          "/admin/merchants/m1/credentials/" + id + "/rotate",
                          "{\"overlap_seconds\":604800}"),
                  () -> h.admin("DELETE", "/admin/merchants/m1/credentials/" + id, ""));

          List<HttpResponse<String>> answers = Race.of(racers);

          assertThat(answers.get(0).statusCode()).as(answers.get(0).body()).isIn(201, 409);
          assertThat(answers.get(1).statusCode()).isEqualTo(204);
          assertThat(use(h, old)).as(body).isEqualTo(401);
          if (answers.get(0).statusCode() == 201) {
            assertThat(use(h, JsonAssert.parse(answers.get(0).body()))).isEqualTo(200);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void everyDialectRefusesARevokedOrRotatedCredentialAtOnceAndNoSecretIsEverShown(
      TestDatabase.Engine engine) {
    try (Hostile h = Hostile.start(engine);
        LogCapture logs = LogCapture.everyLogger()) {
      merchants(h);
      List<String> secrets = new ArrayList<>();
      List<String> lists = new ArrayList<>();
      for (String body : BODIES) {
        JsonNode revoked = issue(h, "m1", body);
        JsonNode rotated = issue(h, "m1", body);
        JsonNode overlapping = issue(h, "m1", body);
        for (JsonNode c : List.of(revoked, rotated, overlapping)) {
          assertThat(use(h, c)).isEqualTo(200);
        }

        assertThat(
                h.admin(
                        "DELETE",
                        "/admin/merchants/m1/credentials/"
                            + revoked.get("credential_id").textValue(),
                        "")
                    .statusCode())
            .isEqualTo(204);
        HttpResponse<String> successor =
            h.admin(
                "POST",
                "/admin/merchants/m1/credentials/"
                    + rotated.get("credential_id").textValue()
                    + "/rotate",
                "");
        HttpResponse<String> overlapSuccessor =
            h.admin(
                "POST",
                "/admin/merchants/m1/credentials/"
                    + overlapping.get("credential_id").textValue()
                    + "/rotate",
                "{\"overlap_seconds\":604800}");

        assertThat(use(h, revoked)).as(body).isEqualTo(401);
        assertThat(use(h, rotated)).as(body).isEqualTo(401);
        assertThat(use(h, overlapping)).as(body).isEqualTo(200);
        assertThat(use(h, JsonAssert.parse(successor.body()))).isEqualTo(200);
        assertThat(use(h, JsonAssert.parse(overlapSuccessor.body()))).isEqualTo(200);
        // Revoking during the overlap cuts it short at once.
        assertThat(
                h.admin(
                        "DELETE",
                        "/admin/merchants/m1/credentials/"
                            + overlapping.get("credential_id").textValue(),
                        "")
                    .statusCode())
            .isEqualTo(204);
        assertThat(use(h, overlapping)).as(body).isEqualTo(401);
        // A wrong secret for a real lookup, and a revoked one, answer the same 401.
        for (JsonNode c :
            List.of(
                revoked,
                rotated,
                overlapping,
                JsonAssert.parse(successor.body()),
                JsonAssert.parse(overlapSuccessor.body()))) {
          for (String field : List.of("api_key", "client_secret", "token", "secret_key")) {
            if (c.has(field)) {
              secrets.add(c.get(field).textValue());
            }
          }
        }
        lists.add(h.admin("GET", "/admin/merchants/m1/credentials", "").body());
        lists.add(
            h.admin(
                    "POST",
                    "/admin/merchants/m1/credentials/"
                        + revoked.get("credential_id").textValue()
                        + "/rotate",
                    "")
                .body());
        lists.add(
            h.admin(
                    "POST",
                    "/admin/merchants/m2/credentials/"
                        + rotated.get("credential_id").textValue()
                        + "/rotate",
                    "")
                .body());
      }
      List<String> everything = new ArrayList<>(logs.lines());
      everything.addAll(lists);
      for (String secret : secrets) {
        String hash = HexFormat.of().formatHex(Secrets.sha256(secret));
        for (String text : everything) {
          assertThat(text)
              .doesNotContain(secret)
              .doesNotContain(secret.substring(0, 10))
              .doesNotContainIgnoringCase(hash);
        }
      }
      assertThat(logs.linesAtLeast(Level.WARN)).isEmpty();
    }
  }
}
