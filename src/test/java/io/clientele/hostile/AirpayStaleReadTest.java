package io.clientele.hostile;

import io.clientele.testing.Race;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Airpay's update decides its country-code default and its pincode rule on the locked row: racing
 * writes can neither bypass the rule (India with a five-digit pincode) nor leave a country code no
 * serial order gives.
 */
class AirpayStaleReadTest {
  static final int ROUNDS = Integer.getInteger("hostile.rounds", 20);

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void indiaWithAFiveDigitPincode(TestDatabase.Engine engine) throws Exception {
    try (Hostile h = Hostile.start(engine)) {
      int bothAccepted = 0;
      for (int round = 0; round < ROUNDS; round++) {
        String reference = "stale-pin-" + round;
        h.flowwise(
            "POST",
            "/router/customer",
            "{\"customer_id\":\"" + reference + "\",\"scope\":\"GLOBAL\",\"name\":\"Pin Test\"}");
        List<Callable<HttpResponse<String>>> racers =
            List.of(
                () -> h.airpay("entity_id=" + reference + "&country=India"),
                () -> h.airpay("entity_id=" + reference + "&pincode=12345"));
        List<HttpResponse<String>> answers = Race.of(racers);
        if (answers.get(0).statusCode() == 200 && answers.get(1).statusCode() == 200) {
          bothAccepted++;
          System.out.println(
              "HOSTILE "
                  + engine
                  + " round "
                  + round
                  + " stored: "
                  + h.query(
                      "select country, pincode from customers where reference = '"
                          + reference
                          + "'"));
        }
      }
      System.out.println(
          "HOSTILE "
              + engine
              + " india+5-digit pincode both accepted in "
              + bothAccepted
              + "/"
              + ROUNDS);
      // Serially one of the two is refused 400: whichever comes second breaks the India rule.
      org.assertj.core.api.Assertions.assertThat(bothAccepted)
          .as("rounds where India and a 5-digit pincode were both accepted")
          .isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void countryCodeFromAStaleRead(TestDatabase.Engine engine) throws Exception {
    try (Hostile h = Hostile.start(engine)) {
      int anomalies = 0;
      for (int round = 0; round < ROUNDS; round++) {
        String reference = "stale-cc-" + round;
        h.flowwise(
            "POST",
            "/router/customer",
            "{\"customer_id\":\"" + reference + "\",\"scope\":\"GLOBAL\",\"name\":\"Cc Test\"}");
        List<Callable<HttpResponse<String>>> racers =
            List.of(
                () ->
                    h.flowwise(
                        "PUT",
                        "/router/customer/" + reference,
                        "{\"customer_id\":\""
                            + reference
                            + "\",\"scope\":\"GLOBAL\",\"phone\":\"+6599887766\"}"),
                () -> h.airpay("entity_id=" + reference + "&mobile_no=9123456789"));
        List<HttpResponse<String>> answers = Race.of(racers);
        String row =
            h.query(
                    "select mobile_country_code, mobile_number from customers where reference = '"
                        + reference
                        + "'")
                .get(0);
        if (answers.get(0).statusCode() != 200 || answers.get(1).statusCode() != 200) {
          System.out.println("HOSTILE unexpected " + answers.get(0).body() + answers.get(1).body());
        }
        // Serially the answer is 65|9123456789 (Flowwise first) or 65|99887766 (Airpay first).
        if (row.startsWith("91|")) {
          anomalies++;
          System.out.println("HOSTILE " + engine + " round " + round + " stored " + row);
        }
      }
      System.out.println(
          "HOSTILE " + engine + " stale country code in " + anomalies + "/" + ROUNDS);
      org.assertj.core.api.Assertions.assertThat(anomalies)
          .as("rounds ending 91|9123456789, which no serial order gives")
          .isZero();
    }
  }
}
