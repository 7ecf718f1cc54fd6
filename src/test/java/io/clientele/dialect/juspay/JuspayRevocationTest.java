package io.clientele.dialect.juspay;

import static io.clientele.dialect.juspay.JuspayServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JuspayRevocationTest {
  static JuspayServer juspay;

  @BeforeAll
  static void start() {
    juspay = new JuspayServer(TestDatabase.Engine.H2);
  }

  @AfterAll
  static void stop() {
    juspay.close();
  }

  @Test
  void refusesARevokedKeyAtOnceWithTheDocumented401() {
    var issued =
        JsonAssert.parse(
            juspay
                .admin("POST", "/admin/merchants/m1/credentials", "{\"dialect\":\"juspay\"}")
                .body());
    String key = issued.get("api_key").textValue();
    assertThat(juspay.get("/customers", key).statusCode()).isEqualTo(200);

    assertThat(
            juspay
                .admin(
                    "DELETE",
                    "/admin/merchants/m1/credentials/" + issued.get("credential_id").textValue(),
                    "")
                .statusCode())
        .isEqualTo(204);

    assertError(juspay.get("/customers", key), 401, "unauthorized.json");
    assertThat(juspay.get("/customers", juspay.m1Key).statusCode()).isEqualTo(200);
  }
}
