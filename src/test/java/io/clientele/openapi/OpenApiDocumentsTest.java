package io.clientele.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.testing.TestServer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenAPI documents as {@code /openapi} serves them: found from the index, JSON, valid OpenAPI
 * 3.1 as swagger-parser reads it, and, for Flowwise, Cashfree's own schemas and security schemes;
 * for the canonical API, its base path, bearer key and one error shape.
 */
class OpenApiDocumentsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static TestServer server;
  static Traffic traffic;

  @BeforeAll
  static void start() {
    server = TestServer.startInTemporaryDir(null);
    traffic = new Traffic(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/openapi", "/openapi/", "/openapi/index.json"})
  void listsOneDocumentPerRouteFamily(String path) throws Exception {
    Exchange index = traffic.get(path, Map.of());

    assertThat(index.status()).isEqualTo(200);
    assertThat(index.responseHeader("Content-Type")).hasValue("application/json");
    assertThat(JSON.readTree(index.responseBody()))
        .isEqualTo(
            JSON.readTree(
                """
                {"documents":[
                  {"name":"juspay","title":"Juspay Express Checkout: customers","url":"/openapi/juspay.json"},
                  {"name":"flowwise","title":"Cashfree Flowwise: customers","url":"/openapi/flowwise.json"},
                  {"name":"airpay","title":"Airpay prepaid cards: update-customer","url":"/openapi/airpay.json"},
                  {"name":"canonical","title":"Clientele canonical API: customers","url":"/openapi/canonical.json"},
                  {"name":"admin","title":"Clientele admin API and operations","url":"/openapi/admin.json"}]}
                """));
  }

  @ParameterizedTest
  @ValueSource(strings = {"juspay", "flowwise", "airpay", "canonical", "admin"})
  void servesEachDocumentAsValidOpenApi31(String name) {
    Exchange served = traffic.get("/openapi/" + name + ".json", Map.of());

    assertThat(served.status()).isEqualTo(200);
    assertThat(served.responseHeader("Content-Type")).hasValue("application/json");
    assertThat(served.responseHeader("Content-Security-Policy"))
        .hasValue("default-src 'none'; frame-ancestors 'none'");
    assertThat(served.responseHeader("X-Content-Type-Options")).hasValue("nosniff");
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed =
        new OpenAPIV3Parser().readContents(served.responseBody(), null, options);
    assertThat(parsed.getMessages()).as(name).isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"juspay", "flowwise", "airpay", "canonical", "admin"})
  void answersHeadOfADocumentWithItsHeadersAndNoBody(String name) {
    Exchange head = traffic.send("HEAD", "/openapi/" + name + ".json", Map.of(), "");

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.responseHeader("Content-Type")).hasValue("application/json");
    assertThat(head.responseBody()).isEmpty();
  }

  @Test
  void answersAnUnknownDocumentWith404() {
    Exchange missing = traffic.get("/openapi/stripe.json", Map.of());

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.responseBody())
        .isEqualTo(
            "{\"error\":{\"code\":\"not_found\",\"message\":\"No route for GET /openapi/stripe.json\"}}");
  }

  @Test
  void givesEveryOperationAnIdUniqueInItsDocument() throws Exception {
    for (String name : Contracts.NAMES) {
      OpenApiContract contract =
          new OpenApiContract(
              name, traffic.get("/openapi/" + name + ".json", Map.of()).responseBody());
      List<String> ids = new ArrayList<>();
      for (OpenApiContract.Operation operation : contract.operations()) {
        ids.add(contract.document().at(operation.pointer()).path("operationId").asText());
      }
      assertThat(ids).as(name).doesNotContain("").doesNotHaveDuplicates();
    }
  }

  /** The names and fields of Cashfree's published Flowwise schemas, which the document keeps. */
  @Test
  void keepsCashfreesSchemasAndSecuritySchemesInTheFlowwiseDocument() throws Exception {
    JsonNode flowwise =
        JSON.readTree(traffic.get("/openapi/flowwise.json", Map.of()).responseBody());
    JsonNode schemas = flowwise.at("/components/schemas");

    assertThat(fieldNames(schemas.get("CustomerRequest").get("properties")))
        .containsExactly("customer_id", "scope", "name", "phone", "email", "address");
    assertThat(schemas.at("/CustomerRequest/required").toString())
        .isEqualTo("[\"customer_id\",\"scope\"]");
    assertThat(schemas.at("/CustomerRequest/properties/scope/enum").toString())
        .isEqualTo("[\"PROJECT\",\"GLOBAL\"]");
    assertThat(fieldNames(schemas.get("CustomerResponse").get("properties")))
        .containsExactly(
            "id",
            "added_on",
            "updated_on",
            "customer_id",
            "project_id",
            "scope",
            "status",
            "name",
            "email",
            "phone",
            "address");
    assertThat(fieldNames(schemas.get("ErrorResponse").get("properties")))
        .containsExactly("message", "code", "type");
    assertThat(schemas.at("/ErrorResponse/required").toString())
        .isEqualTo("[\"message\",\"code\",\"type\"]");
    JsonNode schemes = flowwise.at("/components/securitySchemes");
    assertThat(fieldNames(schemes)).containsExactly("ApiKeyAuth", "ApiSecret");
    assertThat(
            List.of(
                schemes.at("/ApiKeyAuth/type"),
                schemes.at("/ApiKeyAuth/in"),
                schemes.at("/ApiKeyAuth/name")))
        .extracting(JsonNode::asText)
        .containsExactly("apiKey", "header", "x-client-id");
    assertThat(
            List.of(
                schemes.at("/ApiSecret/type"),
                schemes.at("/ApiSecret/in"),
                schemes.at("/ApiSecret/name")))
        .extracting(JsonNode::asText)
        .containsExactly("apiKey", "header", "x-client-secret");
    assertThat(flowwise.at("/security").toString())
        .isEqualTo("[{\"ApiKeyAuth\":[],\"ApiSecret\":[]}]");
    assertThat(flowwise.at("/servers/0/url").asText()).isEqualTo("/router");
    assertThat(fieldNames(flowwise.get("paths")))
        .containsExactly("/customer", "/customer/{customer_id}");
  }

  /**
   * The canonical document's frame, which real traffic cannot check: its base path, its one bearer
   * scheme, its paths, and an error {@code type} for every family {@code CanonicalErrors} renders.
   */
  @Test
  void describesTheCanonicalApiUnderV1WithABearerKeyAndOneErrorShape() throws Exception {
    JsonNode canonical =
        JSON.readTree(traffic.get("/openapi/canonical.json", Map.of()).responseBody());

    assertThat(canonical.at("/servers/0/url").asText()).isEqualTo("/v1");
    JsonNode schemes = canonical.at("/components/securitySchemes");
    assertThat(fieldNames(schemes)).containsExactly("bearer");
    assertThat(List.of(schemes.at("/bearer/type"), schemes.at("/bearer/scheme")))
        .extracting(JsonNode::asText)
        .containsExactly("http", "bearer");
    assertThat(canonical.at("/security").toString()).isEqualTo("[{\"bearer\":[]}]");
    assertThat(fieldNames(canonical.get("paths")))
        .containsExactly("/customers", "/customers/{customer}");
    assertThat(canonical.at("/components/schemas/Error/properties/type/enum").toString())
        .isEqualTo(
            "[\"invalid_request_error\",\"authentication_error\",\"permission_error\","
                + "\"rate_limit_error\",\"api_error\"]");
    assertThat(canonical.at("/components/schemas/Customer/required").toString())
        .isEqualTo(
            "[\"id\",\"reference\",\"first_name\",\"last_name\",\"name\",\"email\",\"phone\","
                + "\"address\",\"city\",\"state\",\"country\",\"pincode\",\"metadata\",\"version\","
                + "\"created_at\",\"updated_at\"]");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
