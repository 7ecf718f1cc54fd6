package io.clientele.dialect.airpay;

import static io.clientele.dialect.airpay.AirpayServer.assertFail;
import static io.clientele.dialect.airpay.AirpayServer.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.Race;
import io.clientele.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Airpay's checksum joins the values without separators and leaves the field names out, and carries
 * no time or nonce: one captured signed request can be sent again, its field names swapped, or its
 * values split anew so that it names another customer, and each is accepted. The tests show each
 * attack succeeding on a server as Airpay's scheme has it, and refused by one with {@code
 * --airpay-replay-window}, which refuses any checksum its token had accepted within the window,
 * whatever body comes with it.
 */
class AirpayReplayTest {
  static final String REPLAYED =
      "checksum was already accepted within the replay window; vary a parameter to resend";

  static AirpayServer plain;
  static AirpayServer guarded;

  @BeforeAll
  static void start() {
    plain = new AirpayServer();
    guarded = new AirpayServer(Map.of("airpay-replay-window", "10m"));
  }

  @AfterAll
  static void stop() {
    plain.close();
    guarded.close();
  }

  /** A reference of 12 characters, unique to the test, that a Juspay customer may have. */
  static String uniqueEntity() {
    return "ENT" + (100_000_000 + ThreadLocalRandom.current().nextInt(900_000_000));
  }

  /** Sends {@code form} with the checksum of {@code signed}, as an attacker holding it would. */
  static HttpResponse<String> sendWithChecksumOf(AirpayServer airpay, String signed, String form) {
    return airpay.update(
        airpay.m1.token(), AirpayServer.checksum(signed, airpay.m1.secretKey()), form);
  }

  // ---- Airpay's scheme as it is: each attack succeeds

  @Test
  void servesAReplayedRequestAgainUndoingALaterChange() {
    String entity = uniqueEntity();
    plain.juspayCustomer(entity, "");
    String kochi = "entity_id=" + entity + "&city=Kochi";
    assertSuccess(plain.update(plain.m1, kochi));
    assertSuccess(plain.update(plain.m1, "entity_id=" + entity + "&city=Pune"));

    assertSuccess(plain.update(plain.m1, kochi));

    assertThat(plain.row(entity)).isEqualTo("null|91|9876543210|null|Kochi|null|null|null|4");
  }

  @Test
  void acceptsTheValuesOfASignedRequestSplitAnewOntoAnotherCustomer() {
    String victim = uniqueEntity();
    String signedFor = victim + "1";
    plain.juspayCustomer(victim, "");
    plain.juspayCustomer(signedFor, "");
    String signed = "entity_id=" + signedFor + "&mobile_no=9000000879";

    HttpResponse<String> response =
        sendWithChecksumOf(plain, signed, "entity_id=" + victim + "&mobile_no=19000000879");

    assertSuccess(response);
    assertThat(plain.row(victim)).isEqualTo("null|91|19000000879|null|null|null|null|null|2");
    assertThat(plain.row(signedFor)).isEqualTo("null|91|9876543210|null|null|null|null|null|1");
  }

  @Test
  void acceptsASignedRequestWithItsFieldNamesSwapped() {
    String entity = uniqueEntity();
    plain.juspayCustomer(entity, "");
    String signed = "entity_id=" + entity + "&city=Kochi&state=Kerala";

    HttpResponse<String> response =
        sendWithChecksumOf(plain, signed, "entity_id=" + entity + "&state=Kochi&city=Kerala");

    assertSuccess(response);
    assertThat(plain.row(entity)).isEqualTo("null|91|9876543210|null|Kerala|Kochi|null|null|2");
  }

  // ---- With a replay window: each is refused

  @Test
  void refusesARequestSentAgainWithinTheWindow() {
    String entity = uniqueEntity();
    guarded.juspayCustomer(entity, "");
    String kochi = "entity_id=" + entity + "&city=Kochi";
    assertSuccess(guarded.update(guarded.m1, kochi));
    assertSuccess(guarded.update(guarded.m1, "entity_id=" + entity + "&city=Pune"));

    assertFail(guarded.update(guarded.m1, kochi), 401, REPLAYED);

    assertThat(guarded.row(entity)).isEqualTo("null|91|9876543210|null|Pune|null|null|null|3");
  }

  @Test
  void refusesTheValuesOfAnAcceptedRequestSplitAnew() {
    String victim = uniqueEntity();
    String signedFor = victim + "1";
    guarded.juspayCustomer(victim, "");
    guarded.juspayCustomer(signedFor, "");
    String signed = "entity_id=" + signedFor + "&mobile_no=9000000879";
    assertSuccess(guarded.update(guarded.m1, signed));

    HttpResponse<String> response =
        sendWithChecksumOf(guarded, signed, "entity_id=" + victim + "&mobile_no=19000000879");

    assertFail(response, 401, REPLAYED);
    assertThat(guarded.row(victim)).isEqualTo("null|91|9876543210|null|null|null|null|null|1");
  }

  @Test
  void refusesAnAcceptedRequestWithItsFieldNamesSwapped() {
    String entity = uniqueEntity();
    guarded.juspayCustomer(entity, "");
    String signed = "entity_id=" + entity + "&city=Kochi&state=Kerala";
    assertSuccess(guarded.update(guarded.m1, signed));

    HttpResponse<String> response =
        sendWithChecksumOf(guarded, signed, "entity_id=" + entity + "&state=Kochi&city=Kerala");

    assertFail(response, 401, REPLAYED);
    assertThat(guarded.row(entity)).isEqualTo("null|91|9876543210|null|Kochi|Kerala|null|null|2");
  }

  @Test
  void refusesAnAcceptedChecksumSentAgainInUpperCase() {
    String entity = uniqueEntity();
    guarded.juspayCustomer(entity, "");
    String form = "entity_id=" + entity + "&city=Kochi";
    assertSuccess(guarded.update(guarded.m1, form));

    HttpResponse<String> response =
        guarded.update(
            guarded.m1.token(),
            AirpayServer.checksum(form, guarded.m1.secretKey()).toUpperCase(),
            form);

    assertFail(response, 401, REPLAYED);
  }

  @Test
  void acceptsTheSameChangeAgainWhenAParameterTheChecksumCoversDiffers() {
    String entity = uniqueEntity();
    guarded.juspayCustomer(entity, "");

    assertSuccess(guarded.update(guarded.m1, "entity_id=" + entity + "&city=Kochi&nonce=1"));
    assertSuccess(guarded.update(guarded.m1, "entity_id=" + entity + "&city=Kochi&nonce=2"));

    // The second changed nothing, so it made no new version.
    assertThat(guarded.row(entity)).isEqualTo("null|91|9876543210|null|Kochi|null|null|null|2");
  }

  @Test
  void keepsTheChecksumOfARequestTheRulesRefused() {
    String entity = uniqueEntity();
    guarded.juspayCustomer(entity, "");
    String form = "entity_id=" + entity + "&city=Kochi1";

    assertFail(guarded.update(guarded.m1, form), 400, "city must be 1 to 100 letters");
    assertFail(guarded.update(guarded.m1, form), 401, REPLAYED);
  }

  @Test
  void doesNotKeepAChecksumThatDidNotMatch() {
    String entity = uniqueEntity();
    guarded.juspayCustomer(entity, "");
    String form = "entity_id=" + entity + "&city=Kochi";
    String checksum = AirpayServer.checksum(form, guarded.m1.secretKey());

    assertFail(
        guarded.update(guarded.m2.token(), checksum, form),
        401,
        "checksum does not match the body and the secret key");
    assertSuccess(guarded.update(guarded.m1.token(), checksum, form));
  }

  @Test
  void servesExactlyOneOfTwoIdenticalRequestsSentAtOnce() throws Exception {
    for (int round = 0; round < 5; round++) {
      String entity = uniqueEntity();
      guarded.juspayCustomer(entity, "");
      String form = "entity_id=" + entity + "&city=Kochi";
      List<Callable<Integer>> twins = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        twins.add(() -> guarded.update(guarded.m1, form).statusCode());
      }

      assertThat(Race.of(twins)).as("round " + round).containsExactlyInAnyOrder(200, 401);
      assertThat(guarded.row(entity)).isEqualTo("null|91|9876543210|null|Kochi|null|null|null|2");
    }
  }

  @Test
  void refusesOnASecondNodeAChecksumTheFirstAccepted(@TempDir Path secondDir) throws Exception {
    Files.copy(
        guarded.dataDir.resolve("data-key"),
        secondDir.resolve("data-key"),
        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    try (TestServer second =
        TestServer.start(
            secondDir, guarded.database.config(), Map.of("airpay-replay-window", "10m"))) {
      String entity = uniqueEntity();
      guarded.juspayCustomer(entity, "");
      String form = "entity_id=" + entity + "&city=Kochi";
      assertSuccess(guarded.update(guarded.m1, form));

      HttpResponse<String> response =
          second.send(
              java.net.http.HttpRequest.newBuilder(second.http(AirpayServer.PATH))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("token", guarded.m1.token())
                  .header("checksum", AirpayServer.checksum(form, guarded.m1.secretKey()))
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
                  .build());

      assertFail(response, 401, REPLAYED);
    }
  }
}
