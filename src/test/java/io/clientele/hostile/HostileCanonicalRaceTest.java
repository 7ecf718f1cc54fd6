package io.clientele.hostile;

import static io.clientele.hostile.CanonicalClient.error;
import static io.clientele.testing.JsonAssert.assertJsonText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.Race;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Racing merge patches and erasures of one canonical customer, on both engines. */
class HostileCanonicalRaceTest {
  static final int WRITERS = 12;

  static long version(HttpResponse<String> response) {
    return Long.parseLong(response.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void racingPatchesOfDifferentMetadataKeysAllLandOneVersionEach(TestDatabase.Engine engine)
      throws Exception {
    try (CanonicalClient canonical = new CanonicalClient(engine)) {
      String id = canonical.created("merge", "\"name\":\"Start\"").get("id").textValue();
      List<Callable<HttpResponse<String>>> writes = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        String key = String.format("w%02d", w);
        writes.add(() -> canonical.patch(id, "{\"metadata\":{\"" + key + "\":\"" + key + "\"}}"));
      }

      List<HttpResponse<String>> answers = Race.of(writes);

      assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200);
      assertThat(answers.stream().map(HostileCanonicalRaceTest::version))
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.LongStream.rangeClosed(2, WRITERS + 1).boxed().toList());
      JsonNode stored = JsonAssert.parse(canonical.get(id).body());
      assertThat(stored.get("version").asLong()).isEqualTo(WRITERS + 1);
      assertThat(stored.get("metadata").size()).isEqualTo(WRITERS);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void patchesRacingAnErasureLandBeforeItOrFindNoCustomer(TestDatabase.Engine engine)
      throws Exception {
    try (CanonicalClient canonical = new CanonicalClient(engine)) {
      for (int round = 0; round < 3; round++) {
        String reference = "erased-" + round;
        String id =
            canonical
                .created(reference, "\"email\":\"asha@example.com\",\"metadata\":{\"pan\":\"P1\"}")
                .get("id")
                .textValue();
        List<Callable<HttpResponse<String>>> writes = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          String body = "{\"name\":\"Writer " + w + "\",\"metadata\":{\"w" + w + "\":\"x\"}}";
          String key = w % 2 == 0 ? id : reference;
          writes.add(() -> canonical.patch(key, body));
          if (w == WRITERS / 2) {
            writes.add(() -> canonical.delete(id));
          }
        }

        List<HttpResponse<String>> answers = Race.of(writes);

        HttpResponse<String> erasure = answers.get(WRITERS / 2 + 1);
        assertThat(erasure.statusCode()).as(erasure.body()).isEqualTo(200);
        List<HttpResponse<String>> patches = new ArrayList<>(answers);
        patches.remove(erasure);
        List<HttpResponse<String>> landed =
            patches.stream().filter(r -> r.statusCode() == 200).toList();
        for (HttpResponse<String> refused : patches) {
          if (refused.statusCode() != 200) {
            assertThat(refused.statusCode()).isEqualTo(404);
            assertJsonText(
                refused.body(), error("resource_missing", "No such customer", "customer"));
          }
        }
        assertThat(version(erasure)).isEqualTo(landed.size() + 2);
        assertThat(landed.stream().map(HostileCanonicalRaceTest::version))
            .allMatch(v -> v < version(erasure));
        assertThat(canonical.get(id).statusCode()).isEqualTo(404);
        assertThat(canonical.get(reference).statusCode()).isEqualTo(404);
        JsonNode history =
            JsonAssert.parse(
                canonical
                    .server
                    .adminCall(
                        "GET", "/admin/merchants/m1/customers/" + id + "/history?limit=100", "")
                    .body());
        assertThat(history.get("changes").size()).isEqualTo(landed.size() + 2);
        assertThat(history.get("changes").get(0).get("kind").textValue()).isEqualTo("erase");
        assertThat(history.toString()).doesNotContain("asha@example.com", "P1", "Writer");
        assertThat(canonical.created(reference, "").get("version").asLong()).isEqualTo(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void racingAddsAtTheLimitLeaveExactlyFiftyKeys(TestDatabase.Engine engine) throws Exception {
    try (CanonicalClient canonical = new CanonicalClient(engine)) {
      StringBuilder start = new StringBuilder();
      for (int k = 0; k < 45; k++) {
        start.append(k == 0 ? "" : ",").append(String.format("\"k%02d\":\"v\"", k));
      }
      String id = canonical.created("full", "\"metadata\":{" + start + "}").get("id").textValue();
      List<Callable<HttpResponse<String>>> writes = new ArrayList<>();
      for (int w = 0; w < 10; w++) {
        String body = "{\"metadata\":{\"n" + w + "\":\"x\"}}";
        writes.add(() -> canonical.patch(id, body));
      }

      List<HttpResponse<String>> answers = Race.of(writes);

      assertThat(answers.stream().filter(r -> r.statusCode() == 200)).hasSize(5);
      for (HttpResponse<String> refused : answers) {
        if (refused.statusCode() != 200) {
          assertThat(refused.statusCode()).isEqualTo(400);
          assertJsonText(
              refused.body(),
              error(
                  "parameter_invalid",
                  "metadata may have at most 50 keys; this update would leave 51",
                  "metadata"));
        }
      }
      JsonNode stored = JsonAssert.parse(canonical.get(id).body());
      assertThat(stored.get("metadata").size()).isEqualTo(50);
      assertThat(stored.get("version").asLong()).isEqualTo(6);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void racingCreatesOfOneReferenceMakeOneCustomerAndAnswer409ToTheRest(TestDatabase.Engine engine)
      throws Exception {
    try (CanonicalClient canonical = new CanonicalClient(engine)) {
      List<Callable<HttpResponse<String>>> creates = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        String body = "{\"reference\":\"same\",\"name\":\"Writer " + w + "\"}";
        creates.add(() -> canonical.post(body));
      }

      List<HttpResponse<String>> answers = Race.of(creates);

      assertThat(answers.stream().filter(r -> r.statusCode() == 201)).hasSize(1);
      for (HttpResponse<String> refused : answers) {
        if (refused.statusCode() != 201) {
          assertThat(refused.statusCode()).isEqualTo(409);
          assertJsonText(
              refused.body(),
              error(
                  "reference_taken",
                  "Another customer of this merchant has this reference",
                  "reference"));
        }
      }
      assertThat(
              JsonAssert.parse(
                      canonical
                          .send(canonical.m1, "GET", "/v1/customers?limit=100", null, null)
                          .body())
                  .get("customers")
                  .size())
          .isEqualTo(1);
    }
  }
}
