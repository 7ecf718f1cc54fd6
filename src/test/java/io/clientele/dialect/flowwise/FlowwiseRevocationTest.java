package io.clientele.dialect.flowwise;

import static io.clientele.dialect.flowwise.FlowwiseServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FlowwiseRevocationTest {
  static FlowwiseServer flowwise;

  @BeforeAll
  static void start() {
    flowwise = new FlowwiseServer();
  }

  @AfterAll
  static void stop() {
    flowwise.close();
  }

  @Test
  void refusesARevokedClientAtOnceWithTheDocumented401() {
    var issued =
        JsonAssert.parse(
            flowwise
                .admin(
                    "POST",
                    "/admin/merchants/m1/credentials",
                    "{\"dialect\":\"flowwise\",\"project_id\":\"" + FlowwiseServer.P1 + "\"}")
                .body());
    FlowwiseServer.Client client =
        new FlowwiseServer.Client(
            issued.get("client_id").textValue(), issued.get("client_secret").textValue());
    assertThat(flowwise.get(client, "nobody").statusCode()).isEqualTo(404);

    assertThat(
            flowwise
                .admin(
                    "DELETE",
                    "/admin/merchants/m1/credentials/" + issued.get("credential_id").textValue(),
                    "")
                .statusCode())
        .isEqualTo(204);

    assertError(flowwise.get(client, "nobody"), 401, "unauthorized.json");
    assertThat(flowwise.get(flowwise.p1, "nobody").statusCode()).isEqualTo(404);
  }
}
