package io.clientele.dialect.juspay;

import static io.clientele.dialect.juspay.JuspayServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JuspayAuthTest {
  static JuspayServer juspay;

  @BeforeAll
  static void start() {
    juspay = new JuspayServer(TestDatabase.Engine.H2);
  }

  @AfterAll
  static void stop() {
    juspay.close();
  }

  HttpResponse<String> list(String authorization, String merchantHeader) {
    HttpRequest.Builder request = HttpRequest.newBuilder(juspay.server.http("/customers")).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (merchantHeader != null) {
      request.header("x-merchantid", merchantHeader);
    }
    return juspay.server.send(request.build());
  }

  @Test
  void acceptsTheKeyWithoutAColonAsTheSdksSendIt() {
    assertThat(list(JuspayServer.basic(juspay.m1Key), "m1").statusCode()).isEqualTo(200);
  }

  @Test
  void acceptsTheKeyWithAColonAsCurlSendsIt() {
    assertThat(list(JuspayServer.basic(juspay.m1Key + ":"), null).statusCode()).isEqualTo(200);
  }

  @Test
  void answers401WithoutAuthorization() {
    assertError(list(null, null), 401, "unauthorized.json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic", "Basic !!!not-base64!!!", "Bearer abc", "Basic Og=="})
  void answers401ForAMalformedAuthorization(String authorization) {
    assertError(list(authorization, null), 401, "unauthorized.json");
  }

  @Test
  void answers401ForAWrongKey() {
    assertError(
        list(JuspayServer.basic("0123456789ABCDEF0123456789ABCDEF:"), null),
        401,
        "unauthorized.json");
    String almost = juspay.m1Key.substring(0, 31) + (juspay.m1Key.endsWith("0") ? "1" : "0");
    assertError(list(JuspayServer.basic(almost), null), 401, "unauthorized.json");
  }

  @Test
  void answers401WhenXMerchantIdNamesAnotherMerchant() {
    assertError(list(JuspayServer.basic(juspay.m1Key), "m2"), 401, "unauthorized.json");
  }

  @Test
  void answersBadOriginOutsideTheAllowListAndServesInsideIt() {
    juspay.admin("PUT", "/admin/merchants/m1/allowed-ips", "{\"allowed_ips\":[\"10.0.0.0/8\"]}");
    try {
      assertError(list(JuspayServer.basic(juspay.m1Key), null), 403, "bad-origin.json");
      assertThat(list(JuspayServer.basic(juspay.m2Key), null).statusCode()).isEqualTo(200);

      juspay.admin(
          "PUT",
          "/admin/merchants/m1/allowed-ips",
          "{\"allowed_ips\":[\"10.0.0.0/8\",\"127.0.0.1\"]}");
      assertThat(list(JuspayServer.basic(juspay.m1Key), null).statusCode()).isEqualTo(200);
    } finally {
      juspay.admin("PUT", "/admin/merchants/m1/allowed-ips", "{\"allowed_ips\":[]}");
    }
  }

  @Test
  void checksTheKeyBeforeTheOrigin() {
    juspay.admin("PUT", "/admin/merchants/m1/allowed-ips", "{\"allowed_ips\":[\"10.0.0.0/8\"]}");
    try {
      assertError(list(JuspayServer.basic("wrong-key"), null), 401, "unauthorized.json");
    } finally {
      juspay.admin("PUT", "/admin/merchants/m1/allowed-ips", "{\"allowed_ips\":[]}");
    }
  }

  @Test
  void logsTheRoutingIdOnlyAsAShortHash() {
    try (io.clientele.testing.LogCapture access =
        new io.clientele.testing.LogCapture("clientele.access")) {
      HttpResponse<String> response =
          juspay.server.send(
              HttpRequest.newBuilder(juspay.server.http("/customers"))
                  .header("Authorization", JuspayServer.basic(juspay.m1Key))
                  .header("x-routing-id", "customer@example.com")
                  .GET()
                  .build());

      String hash =
          java.util.HexFormat.of()
              .formatHex(io.clientele.merchant.Secrets.sha256("customer@example.com"))
              .substring(0, 12);
      assertThat(access.lines())
          .containsExactly(
              "GET /customers 200 "
                  + access.lines().get(0).split(" ")[3]
                  + " request_id="
                  + response.headers().firstValue("x-request-id").orElseThrow()
                  + " dialect=juspay merchant_id=m1 routing="
                  + hash);
    }
  }

  @Test
  void refusesAnAdminTokenOrAnotherDialectsSecret() {
    assertError(
        list(JuspayServer.basic(io.clientele.testing.TestServer.ADMIN_TOKEN), null),
        401,
        "unauthorized.json");
  }
}
