package io.clientele.dialect.flowwise;

import static io.clientele.dialect.flowwise.FlowwiseServer.assertError;
import static io.clientele.dialect.flowwise.FlowwiseServer.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PROJECT customers are their project's; GLOBAL ones the whole merchant's; nothing crosses
 * merchants.
 */
class FlowwiseScopeTest {
  static FlowwiseServer flowwise;

  @BeforeAll
  static void start() {
    flowwise = new FlowwiseServer();
  }

  @AfterAll
  static void stop() {
    flowwise.close();
  }

  static String body(String id, String scope) {
    return "{\"customer_id\":\"" + id + "\",\"scope\":\"" + scope + "\",\"name\":\"Changed\"}";
  }

  @Test
  void hidesAProjectCustomerFromTheMerchantsOtherProjects() {
    String id = uniqueId();
    flowwise.created(flowwise.p1, id, "PROJECT");

    assertThat(flowwise.get(flowwise.p1, id).statusCode()).isEqualTo(200);
    assertError(flowwise.get(flowwise.p2, id), 404, "customer-not-found.json");
    assertError(flowwise.put(flowwise.p2, id, body(id, "PROJECT")), 404, "customer-not-found.json");
    assertError(flowwise.delete(flowwise.p2, id), 404, "customer-not-found.json");
    assertThat(JsonAssert.parse(flowwise.get(flowwise.p1, id).body()).get("name").textValue())
        .isEqualTo("Priya Sharma");
  }

  @Test
  void showsAGlobalCustomerToEveryProjectOfTheMerchant() {
    String id = uniqueId();
    flowwise.created(flowwise.p1, id, "GLOBAL");

    assertThat(flowwise.get(flowwise.p2, id).statusCode()).isEqualTo(200);
    assertThat(JsonAssert.parse(flowwise.get(flowwise.p2, id).body()).get("project_id").textValue())
        .isEqualTo(FlowwiseServer.P1);
    assertThat(flowwise.put(flowwise.p2, id, body(id, "GLOBAL")).statusCode()).isEqualTo(200);
    assertThat(JsonAssert.parse(flowwise.get(flowwise.p1, id).body()).get("name").textValue())
        .isEqualTo("Changed");
  }

  @Test
  void neverShowsACustomerToAnotherMerchant() {
    String global = uniqueId();
    String project = uniqueId();
    flowwise.created(flowwise.p1, global, "GLOBAL");
    flowwise.created(flowwise.p1, project, "PROJECT");

    for (String id : new String[] {global, project}) {
      assertError(flowwise.get(flowwise.m2, id), 404, "customer-not-found.json");
      assertError(
          flowwise.put(flowwise.m2, id, body(id, "GLOBAL")), 404, "customer-not-found.json");
      assertError(flowwise.delete(flowwise.m2, id), 404, "customer-not-found.json");
    }
    assertThat(flowwise.get(flowwise.p1, global).statusCode()).isEqualTo(200);
    assertThat(flowwise.get(flowwise.p1, project).statusCode()).isEqualTo(200);
  }

  @Test
  void letsAnotherMerchantUseTheSameCustomerId() {
    String id = uniqueId();
    flowwise.created(flowwise.p1, id, "GLOBAL");

    assertThat(
            flowwise
                .create(flowwise.m2, "{\"customer_id\":\"" + id + "\",\"scope\":\"GLOBAL\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(JsonAssert.parse(flowwise.get(flowwise.m2, id).body()).get("project_id").textValue())
        .isEqualTo("proj_m2");
  }

  @Test
  void givesAGlobalCustomerMadeProjectScopedToTheProjectThatDidIt() {
    String id = uniqueId();
    flowwise.created(flowwise.p1, id, "GLOBAL");

    assertThat(flowwise.put(flowwise.p2, id, body(id, "PROJECT")).statusCode()).isEqualTo(200);

    assertThat(JsonAssert.parse(flowwise.get(flowwise.p2, id).body()).get("project_id").textValue())
        .isEqualTo(FlowwiseServer.P2);
    assertError(flowwise.get(flowwise.p1, id), 404, "customer-not-found.json");
  }

  @Test
  void letsAProjectShareItsCustomerByMakingItGlobal() {
    String id = uniqueId();
    flowwise.created(flowwise.p1, id, "PROJECT");

    assertThat(flowwise.put(flowwise.p1, id, body(id, "GLOBAL")).statusCode()).isEqualTo(200);

    assertThat(flowwise.get(flowwise.p2, id).statusCode()).isEqualTo(200);
  }

  @Test
  void showsACustomerMadeThroughJuspayToEveryProjectAsTheCallersProject() {
    flowwise.juspay(
        "POST", "/customers", "object_reference_id=juspay-made-1&mobile_number=9876543210");

    assertThat(
            JsonAssert.parse(flowwise.get(flowwise.p1, "juspay-made-1").body())
                .get("project_id")
                .textValue())
        .isEqualTo(FlowwiseServer.P1);
    assertThat(
            JsonAssert.parse(flowwise.get(flowwise.p2, "juspay-made-1").body())
                .get("project_id")
                .textValue())
        .isEqualTo(FlowwiseServer.P2);
  }
}
