package io.clientele.dialect.airpay;

import static io.clientele.dialect.airpay.AirpayServer.assertFail;
import static io.clientele.dialect.airpay.AirpayServer.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AirpayUpdateCustomerTest {
  static AirpayServer airpay;

  @BeforeAll
  static void start() {
    airpay = new AirpayServer();
  }

  @AfterAll
  static void stop() {
    airpay.close();
  }

  static String uniqueEntity() {
    return "ENT" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String fullForm(String entity, String email) {
    return "entity_id="
        + entity
        + "&email="
        + email
        + "&mobile_no=9000000879&address=Address&city=City"
        + "&state=Kerala&country=India&pincode=682308";
  }

  @Test
  void updatesEveryFieldOfTheDocumentedExample() {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "&first_name=Anu");

    HttpResponse<String> response =
        airpay.update(airpay.m1, fullForm(entity, entity + "%40airpay.co.in"));

    assertSuccess(response);
    assertThat(airpay.row(entity))
        .isEqualTo(entity + "@airpay.co.in|91|9000000879|Address|City|Kerala|India|682308|2");
  }

  @Test
  void showsTheAddressThroughFlowwiseAndTheContactThroughJuspay() {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "&first_name=Anu&mobile_country_code=65");

    assertSuccess(airpay.update(airpay.m1, fullForm(entity, "anu.shared%40airpay.co.in")));

    JsonNode flowwise = airpay.flowwiseView(entity);
    assertThat(flowwise.get("address").textValue())
        .isEqualTo("Address, City, Kerala 682308, India");
    assertThat(flowwise.get("email").textValue()).isEqualTo("anu.shared@airpay.co.in");
    assertThat(flowwise.get("phone").textValue()).isEqualTo("+659000000879");
    JsonNode juspay = airpay.juspayView(entity);
    assertThat(juspay.get("email_address").textValue()).isEqualTo("anu.shared@airpay.co.in");
    assertThat(juspay.get("mobile_number").textValue()).isEqualTo("9000000879");
    assertThat(juspay.get("first_name").textValue()).isEqualTo("Anu");
  }

  @Test
  void changesOnlyTheFieldsSent() {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "&email_address=kept%40example.com");

    assertSuccess(airpay.update(airpay.m1, "entity_id=" + entity + "&city=Kochi"));

    assertThat(airpay.row(entity))
        .isEqualTo("kept@example.com|91|9876543210|null|Kochi|null|null|null|2");
  }

  @Test
  void acceptsAChecksumInUpperCaseAndUnknownParametersItCovers() {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "");
    String form = "entity_id=" + entity + "&state=Goa&channel=web";

    HttpResponse<String> response =
        airpay.update(
            airpay.m1.token(),
            AirpayServer.checksum(form, airpay.m1.secretKey()).toUpperCase(),
            form);

    assertSuccess(response);
    assertThat(airpay.row(entity)).isEqualTo("null|91|9876543210|null|null|Goa|null|null|2");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "entity_id=&city=Kochi | entity_id must be 1 to 50 characters",
        "city=Kochi | entity_id is required",
        "entity_id=@ENTITY@&email=not-an-email | email is not a valid address",
        "entity_id=@ENTITY@&email= | email is not a valid address",
        "entity_id=@ENTITY@&mobile_no=90000a0879 | mobile_no must be 1 to 15 digits",
        "entity_id=@ENTITY@&mobile_no=%2B919000000879 | mobile_no must be 1 to 15 digits",
        "entity_id=@ENTITY@&mobile_no=1234567890123456 | mobile_no must be 1 to 15 digits",
        "entity_id=@ENTITY@&address=12, MG Road | address must be 1 to 255 letters, digits and spaces",
        "entity_id=@ENTITY@&address=Flat%234 | address must be 1 to 255 letters, digits and spaces",
        "entity_id=@ENTITY@&address=%20%20 | address must be 1 to 255 letters, digits and spaces",
        "entity_id=@ENTITY@&city=New Delhi | city must be 1 to 100 letters",
        "entity_id=@ENTITY@&city=Kochi1 | city must be 1 to 100 letters",
        "entity_id=@ENTITY@&city= | city must be 1 to 100 letters",
        "entity_id=@ENTITY@&state=Tamil+Nadu | state must be 1 to 100 letters",
        "entity_id=@ENTITY@&state=K%C3%A9rala | state must be 1 to 100 letters",
        "entity_id=@ENTITY@&country=India1 | country must be 1 to 100 letters and spaces",
        "entity_id=@ENTITY@&pincode=68230a | pincode must be 1 to 6 digits",
        "entity_id=@ENTITY@&pincode=6823081&country=Singapore | pincode must be 1 to 6 digits",
        "entity_id=@ENTITY@&pincode= | pincode must be 1 to 6 digits",
        "entity_id=@ENTITY@&pincode=68230&country=India | pincode must be 6 digits when country is India",
        "entity_id=@ENTITY@&pincode=68230&country=INDIA | pincode must be 6 digits when country is India",
        "entity_id=@ENTITY@&city=Kochi&city=Pune | city is given more than once",
        "entity_id=@ENTITY@&city=%ZZ | Form body has a malformed percent-escape",
        "entity_id=@ENTITY@&city=%FF | a value is not valid UTF-8",
      })
  void rejectsABrokenRuleAndChangesNothing(String formTemplate, String reason) {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "");
    String before = airpay.row(entity);
    String form = formTemplate.replace("@ENTITY@", entity).replace(" ", "%20");
    boolean unreadable = reason.startsWith("Form body") || reason.startsWith("a value");
    String checksum =
        unreadable
            ? "unused: the body is refused first"
            : AirpayServer.checksum(form, airpay.m1.secretKey());

    HttpResponse<String> response = airpay.update(airpay.m1.token(), checksum, form);

    assertFail(response, 400, reason);
    assertThat(airpay.row(entity)).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "address | 256 | address must be 1 to 255 letters, digits and spaces",
        "city | 101 | city must be 1 to 100 letters",
        "state | 101 | state must be 1 to 100 letters",
        "country | 101 | country must be 1 to 100 letters and spaces",
      })
  void namesTheLengthLimitOfAnOverlongValue(String field, int length, String reason) {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "");

    assertFail(
        airpay.update(airpay.m1, "entity_id=" + entity + "&" + field + "=" + "a".repeat(length)),
        400,
        reason);
  }

  @Test
  void rejectsAnEntityIdOver50Characters() {
    String form = "entity_id=" + "E".repeat(51) + "&city=Kochi";

    assertFail(airpay.update(airpay.m1, form), 400, "entity_id must be 1 to 50 characters");
  }

  @Test
  void acceptsAPincodeOfAnyLengthUpTo6OutsideIndia() {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "");

    assertSuccess(
        airpay.update(airpay.m1, "entity_id=" + entity + "&country=Singapore&pincode=12345"));
  }

  @Test
  void checksThePincodeAgainstTheStoredCountry() {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "");
    assertSuccess(
        airpay.update(airpay.m1, "entity_id=" + entity + "&country=India&pincode=682308"));

    assertFail(
        airpay.update(airpay.m1, "entity_id=" + entity + "&pincode=6823"),
        400,
        "pincode must be 6 digits when country is India");
  }

  @Test
  void checksTheStoredPincodeAgainstANewCountry() {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "");
    assertSuccess(
        airpay.update(airpay.m1, "entity_id=" + entity + "&country=Singapore&pincode=12345"));

    assertFail(
        airpay.update(airpay.m1, "entity_id=" + entity + "&country=India"),
        400,
        "pincode must be 6 digits when country is India");
    assertThat(airpay.row(entity)).endsWith("|Singapore|12345|2");
  }

  @Test
  void refusesAnEmailAnotherLiveCustomerHas() {
    String taken = uniqueEntity();
    String other = uniqueEntity();
    airpay.juspayCustomer(taken, "&email_address=Taken." + taken + "%40example.com");
    airpay.juspayCustomer(other, "");

    assertFail(
        airpay.update(airpay.m1, "entity_id=" + other + "&email=taken." + taken + "%40EXAMPLE.com"),
        400,
        "email is used by another customer");
    assertSuccess(
        airpay.update(
            airpay.m1, "entity_id=" + taken + "&email=Taken." + taken + "%40example.com"));
  }

  @Test
  void letsAnErasedCustomersEmailBeTakenAgain() {
    String erased = uniqueEntity();
    String other = uniqueEntity();
    airpay.juspayCustomer(erased, "&email_address=gone." + erased + "%40example.com");
    airpay.juspayCustomer(other, "");
    airpay.server.send(
        HttpRequest.newBuilder(airpay.server.http("/router/customer/" + erased))
            .header("x-client-id", airpay.flowwiseId)
            .header("x-client-secret", airpay.flowwiseSecret)
            .DELETE()
            .build());

    assertSuccess(
        airpay.update(
            airpay.m1, "entity_id=" + other + "&email=gone." + erased + "%40example.com"));
    assertFail(
        airpay.update(airpay.m1, "entity_id=" + erased + "&city=Kochi"),
        404,
        "no customer with this entity_id");
  }

  @Test
  void letsAFlowwiseAddressReplaceTheAddressAirpayStoredApart() {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "");
    assertSuccess(airpay.update(airpay.m1, fullForm(entity, "apart." + entity + "%40example.com")));

    airpay.server.send(
        HttpRequest.newBuilder(airpay.server.http("/router/customer/" + entity))
            .header("x-client-id", airpay.flowwiseId)
            .header("x-client-secret", airpay.flowwiseSecret)
            .header("Content-Type", "application/json")
            .PUT(
                BodyPublishers.ofString(
                    "{\"customer_id\":\""
                        + entity
                        + "\",\"scope\":\"GLOBAL\",\"address\":\"1 New Street, Pune\"}"))
            .build());

    assertThat(airpay.flowwiseView(entity).get("address").textValue())
        .isEqualTo("1 New Street, Pune");
    assertThat(airpay.row(entity)).endsWith("|1 New Street, Pune|null|null|null|null|3");
  }

  @Test
  void letsFlowwiseTakeBackTheLongestAddressItShows() {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "");
    String form =
        "entity_id="
            + entity
            + "&address="
            + "A".repeat(255)
            + "&city="
            + "C".repeat(100)
            + "&state="
            + "S".repeat(100)
            + "&country="
            + "N".repeat(100)
            + "&pincode=123456";
    assertSuccess(airpay.update(airpay.m1, form));
    String shown = airpay.flowwiseView(entity).get("address").textValue();
    assertThat(shown).hasSize(255 + 2 + 100 + 2 + 100 + 1 + 6 + 2 + 100);

    HttpResponse<String> back =
        airpay.server.send(
            HttpRequest.newBuilder(airpay.server.http("/router/customer/" + entity))
                .header("x-client-id", airpay.flowwiseId)
                .header("x-client-secret", airpay.flowwiseSecret)
                .header("Content-Type", "application/json")
                .PUT(
                    BodyPublishers.ofString(
                        "{\"customer_id\":\""
                            + entity
                            + "\",\"scope\":\"GLOBAL\",\"address\":\""
                            + shown
                            + "\"}"))
                .build());

    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    assertThat(airpay.flowwiseView(entity).get("address").textValue()).isEqualTo(shown);
  }

  @Test
  void answers404ForAnUnknownEntity() {
    assertFail(
        airpay.update(airpay.m1, "entity_id=NOSUCHENTITY&city=Kochi"),
        404,
        "no customer with this entity_id");
  }

  @Test
  void neverTouchesAnotherMerchantsCustomer() {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "");
    String before = airpay.row(entity);

    assertFail(
        airpay.update(airpay.m2, "entity_id=" + entity + "&city=Stolen"),
        404,
        "no customer with this entity_id");
    assertFail(
        airpay.update(
            airpay.m2.token(),
            AirpayServer.checksum("entity_id=" + entity + "&city=Stolen", airpay.m1.secretKey()),
            "entity_id=" + entity + "&city=Stolen"),
        401,
        "checksum does not match the body and the secret key");
    assertThat(airpay.row(entity)).isEqualTo(before);
  }

  @Test
  void answers401ForAMissingOrWrongTokenOrChecksum() {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "");
    String form = "entity_id=" + entity + "&city=Kochi";
    String good = AirpayServer.checksum(form, airpay.m1.secretKey());

    assertFail(airpay.update(null, good, form), 401, "token header is missing");
    assertFail(airpay.update("A".repeat(40), good, form), 401, "token is not valid");
    assertFail(
        airpay.update(airpay.m1.token().substring(0, 39) + "!", good, form),
        401,
        "token is not valid");
    assertFail(
        airpay.update(airpay.m1.token(), null, form),
        401,
        "checksum does not match the body and the secret key");
    assertFail(
        airpay.update(airpay.m1.token(), good, form + "&state=Goa"),
        401,
        "checksum does not match the body and the secret key");
    assertThat(airpay.row(entity)).endsWith("|null|null|null|null|1");
  }

  @Test
  void refusesAJsonBody() {
    HttpResponse<String> response =
        airpay.server.send(
            HttpRequest.newBuilder(airpay.server.http(AirpayServer.PATH))
                .header("token", airpay.m1.token())
                .header("checksum", "x")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"entity_id\":\"ENT0001\"}"))
                .build());

    assertFail(response, 400, "Content-Type must be application/x-www-form-urlencoded");
  }

  @Test
  void refusesACallerOutsideTheAllowList() {
    airpay.server.adminCall(
        "PUT", "/admin/merchants/m2/allowed-ips", "{\"allowed_ips\":[\"192.0.2.1\"]}");
    try {
      assertFail(
          airpay.update(airpay.m2, "entity_id=ANYENTITY&city=Kochi"),
          403,
          "caller address is not on the merchant's allow-list");
    } finally {
      airpay.server.adminCall("PUT", "/admin/merchants/m2/allowed-ips", "{\"allowed_ips\":[]}");
    }
  }

  @Test
  void servesOverHttps() {
    String entity = uniqueEntity();
    airpay.juspayCustomer(entity, "");
    String form = "entity_id=" + entity + "&city=Kochi";

    HttpResponse<String> response =
        airpay.server.send(
            HttpRequest.newBuilder(airpay.server.https(AirpayServer.PATH))
                .header("token", airpay.m1.token())
                .header("checksum", AirpayServer.checksum(form, airpay.m1.secretKey()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form))
                .build());

    assertSuccess(response);
  }

  @Test
  void answersUnknownAirpayRoutesInItsShape() {
    HttpResponse<String> response =
        airpay.server.send(
            HttpRequest.newBuilder(airpay.server.http("/airpay/ms/cards/api/register-user"))
                .POST(BodyPublishers.noBody())
                .build());

    assertFail(response, 404, "no such endpoint");
  }
}
