package io.clientele.dialect.airpay;

import static io.clientele.dialect.airpay.AirpayServer.assertFail;
import static io.clientele.dialect.airpay.AirpayServer.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AirpayRevocationTest {
  static AirpayServer airpay;

  @BeforeAll
  static void start() {
    airpay = new AirpayServer();
  }

  @AfterAll
  static void stop() {
    airpay.close();
  }

  @Test
  void refusesARevokedTokenAtOnceWithTheDocumented401() {
    var issued =
        JsonAssert.parse(
            airpay
                .server
                .adminCall("POST", "/admin/merchants/m1/credentials", "{\"dialect\":\"airpay\"}")
                .body());
    AirpayServer.Token token =
        new AirpayServer.Token(
            issued.get("token").textValue(), issued.get("secret_key").textValue());
    airpay.juspayCustomer("revoked-token-1", "");
    String form = "entity_id=revoked-token-1&city=Kochi";
    assertSuccess(airpay.update(token, form));

    assertThat(
            airpay
                .server
                .adminCall(
                    "DELETE",
                    "/admin/merchants/m1/credentials/" + issued.get("credential_id").textValue(),
                    "")
                .statusCode())
        .isEqualTo(204);

    assertFail(airpay.update(token, form), 401, "token is not valid");
    assertSuccess(airpay.update(airpay.m1, form));
  }
}
