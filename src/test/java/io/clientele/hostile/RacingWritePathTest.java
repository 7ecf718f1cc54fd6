package io.clientele.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.LogCapture;
import io.clientele.testing.Race;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Juspay update, Flowwise PUT and DELETE and Airpay update racing on one customer, on each engine:
 * versions 1..N without a gap, one history row per version, every accepted write counted, no 5xx,
 * and an erasure that wins leaves no personal value anywhere in the database.
 */
class RacingWritePathTest {
  static final int ROUNDS = Integer.getInteger("hostile.rounds", 8);

  record Sent(String dialect, String value, HttpResponse<String> response) {}

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void racingWritersAndErasuresLeaveAGaplessHistoryAndNoPersonalValue(TestDatabase.Engine engine)
      throws Exception {
    try (Hostile h = Hostile.start(engine);
        LogCapture logs = LogCapture.everyLogger()) {
      for (int round = 0; round < ROUNDS; round++) {
        boolean erase = round % 2 == 1;
        String reference = "racing-customer-" + round;
        HttpResponse<String> created =
            h.juspay(
                "POST",
                "/customers",
                "object_reference_id="
                    + reference
                    + "&mobile_number=9876543210&first_name=Origfirst"
                    + "&last_name=Origlast&email_address=orig"
                    + round
                    + "%40example.com");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = JsonAssert.parse(created.body()).get("id").textValue();

        List<Callable<Sent>> writers = new ArrayList<>();
        List<String> values = new ArrayList<>(List.of("Origfirst", "Origlast", "orig" + round));
        for (int n = 0; n < 4; n++) {
          final int i = n;
          final int r = round;
          String marker = "Q" + (char) ('a' + round) + (char) ('a' + i) + "mark";
          values.add(marker);
          String path = "/customers/" + (i % 2 == 0 ? id : reference);
          writers.add(
              () ->
                  new Sent(
                      "juspay",
                      marker,
                      h.juspay(
                          "POST",
                          path,
                          "first_name=J"
                              + marker
                              + "&email_address=j"
                              + marker
                              + "%40example.com")));
          writers.add(
              () ->
                  new Sent(
                      "flowwise",
                      marker,
                      h.flowwise(
                          "PUT",
                          "/router/customer/" + reference,
                          "{\"customer_id\":\""
                              + reference
                              + "\",\"scope\":\"GLOBAL\",\"name\":\"F"
                              + marker
                              + "\",\"phone\":\"+9198765"
                              + (10000 + r * 10 + i)
                              + "\"}")));
          writers.add(
              () ->
                  new Sent(
                      "airpay",
                      marker,
                      h.airpay(
                          "entity_id="
                              + reference
                              + "&city=A"
                              + marker
                              + "&address=Addr "
                              + marker
                              + (i == 0 ? "&email=a" + marker + "%40example.com" : ""))));
        }
        if (erase) {
          writers.add(
              () ->
                  new Sent(
                      "flowwise-delete",
                      "",
                      h.flowwise("DELETE", "/router/customer/" + reference, null)));
        }

        List<Sent> sent = Race.of(writers);

        long accepted = 0;
        for (Sent s : sent) {
          int status = s.response().statusCode();
          String what = round + " " + s.dialect() + " " + status + " " + s.response().body();
          if (s.dialect().equals("flowwise-delete")) {
            assertThat(status).as(what).isEqualTo(204);
          } else if (erase) {
            assertThat(status).as(what).isIn(200, 404);
          } else {
            assertThat(status).as(what).isEqualTo(200);
          }
          if (status == 200 || status == 204) {
            accepted++;
          }
        }

        List<Map<String, String>> changes =
            h.database()
                .rows(
                    "select version, kind, fields, personal_values from customer_changes"
                        + " where merchant_id = 'sandbox' and customer_id = '"
                        + id
                        + "' order by version");
        long version =
            Long.parseLong(h.query("select version from customers where id = '" + id + "'").get(0));
        assertThat(changes.stream().map(r -> Long.parseLong(r.get("version"))).toList())
            .as("round %d versions", round)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, version).boxed().toList());
        assertThat(version)
            .as("round %d: one version per accepted write", round)
            .isEqualTo(1 + accepted);

        if (erase) {
          assertThat(changes.get(changes.size() - 1).get("kind")).isEqualTo("ERASE");
          assertThat(
                  h.query(
                      "select first_name, last_name, name, email, mobile_country_code,"
                          + " mobile_number, address, city, state, country, pincode, status,"
                          + " live_reference from customers where id = '"
                          + id
                          + "'"))
              .containsExactly(
                  "null|null|null|null|null|null|null|null|null|null|null|DELETED|null");
          for (Map<String, String> change : changes) {
            assertThat(change.get("personal_values"))
                .as("round %d version %s", round, change.get("version"))
                .isNull();
            for (String value : values) {
              assertThat(change.get("fields")).doesNotContain(value);
            }
          }
          String history =
              h.admin("GET", "/admin/merchants/sandbox/customers/" + id + "/history?limit=100", "")
                  .body();
          for (String value : values) {
            assertThat(history).doesNotContain(value);
          }
          assertThat(history).doesNotContain("\"redacted\":false");
        }
      }
      assertThat(logs.linesAtLeast(Level.WARN)).isEmpty();
    }
  }
}
