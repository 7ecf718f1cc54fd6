package io.clientele.dialect.flowwise;

import static io.clientele.dialect.flowwise.FlowwiseServer.assertError;
import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With the database gone, each route answers its documented server error, never a hang or a trace.
 */
class FlowwiseServerFaultTest {
  FlowwiseServer flowwise;

  @BeforeEach
  void startAndLoseTheDatabase() throws Exception {
    flowwise = new FlowwiseServer();
    flowwise.created(flowwise.p1, "cust_before_fault", "GLOBAL");
    try (Connection connection = DriverManager.getConnection(flowwise.database.config().url());
        Statement statement = connection.createStatement()) {
      statement.execute("drop all objects");
    }
  }

  @AfterEach
  void stop() {
    flowwise.close();
  }

  @Test
  void answersUpdateFailedForAnUpdate() {
    HttpResponse<String> response =
        flowwise.put(
            flowwise.p1,
            "cust_before_fault",
            "{\"customer_id\":\"cust_before_fault\",\"scope\":\"GLOBAL\"}");

    assertError(response, 500, "update-failed.json");
  }

  @Test
  void namesTheOperationThatFailedOnTheOtherRoutes() {
    assertError(
        flowwise.create(flowwise.p1, "{\"customer_id\":\"x\",\"scope\":\"GLOBAL\"}"),
        500,
        "create-failed.json");
    assertError(flowwise.get(flowwise.p1, "cust_before_fault"), 500, "fetch-failed.json");
    assertError(flowwise.delete(flowwise.p1, "cust_before_fault"), 500, "delete-failed.json");
  }

  @Test
  void answersJuspaysServerErrorOnTheJuspayRoutes() {
    HttpResponse<String> response = flowwise.juspay("GET", "/customers/cust_before_fault", null);

    assertThat(response.statusCode()).isEqualTo(500);
    assertJson(response.body(), fixture("juspay/internal-error.json"));
  }
}
