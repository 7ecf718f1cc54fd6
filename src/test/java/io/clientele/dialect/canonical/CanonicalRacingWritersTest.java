package io.clientele.dialect.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.Race;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lost-update protection under racing writers: of many writes made against one version, exactly one
 * lands, and every other answers 412 having changed nothing.
 */
class CanonicalRacingWritersTest {
  static final int WRITERS = 16;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void oneOfManyWritesAgainstOneVersionLandsAndTheRestAnswer412(TestDatabase.Engine engine)
      throws Exception {
    try (CanonicalServer canonical = new CanonicalServer(TestDatabase.create(engine))) {
      for (int round = 0; round < 3; round++) {
        String reference = "race-" + round;
        canonical.created(canonical.m1, reference, "\"name\":\"Start\"");
        List<Callable<HttpResponse<String>>> writes = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          String name = "Writer " + w;
          boolean namesIt = w % 2 == 0;
          writes.add(
              () ->
                  namesIt
                      ? canonical.patch(
                          canonical.m1,
                          reference,
                          "{\"name\":\"" + name + "\"}",
                          "If-Match",
                          "\"1\"")
                      : canonical.patch(
                          canonical.m1,
                          reference,
                          "{\"metadata\":{\"by\":\"" + name + "\"}}",
                          "If-Match",
                          "\"1\""));
        }
        List<HttpResponse<String>> answers = Race.of(writes);

        List<HttpResponse<String>> landed =
            answers.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(landed).as("round %d: writes that landed", round).hasSize(1);
        assertThat(answers.stream().map(HttpResponse::statusCode).filter(s -> s != 200))
            .as("round %d: the others", round)
            .hasSize(WRITERS - 1)
            .containsOnly(412);
        assertThat(landed.get(0).headers().firstValue("ETag")).hasValue("\"2\"");
        String stored = canonical.get(canonical.m1, reference).body();
        assertThat(stored).isEqualTo(landed.get(0).body());
        assertThat(JsonAssert.parse(stored).get("version").asLong()).isEqualTo(2);
        assertThat(
                JsonAssert.parse(
                        canonical
                            .admin(
                                "GET",
                                "/admin/merchants/m1/customers/"
                                    + JsonAssert.parse(stored).get("id").textValue()
                                    + "/history",
                                "")
                            .body())
                    .get("changes")
                    .size())
            .as("a create and one change")
            .isEqualTo(2);
      }
    }
  }
}
