package io.clientele.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.dialect.canonical.CanonicalServer;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.Race;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Racing requests with one idempotency key make one write: 32 at once, half to each of two nodes on
 * one PostgreSQL database (and on one embedded H2 node), every write the key applies to. Each
 * request gets the same answer; one wrote and the others replayed it.
 */
class IdempotentRacingWritesTest {
  static final int REQUESTS = 32;

  @TempDir Path nodeBDir;

  /** A write the key applies to, sent to one node. */
  enum Kind {
    CANONICAL_CREATE(201),
    CANONICAL_PATCH(200),
    CANONICAL_DELETE(200),
    JUSPAY_CREATE(200),
    FLOWWISE_CREATE(200);

    final int status;

    Kind(int status) {
      this.status = status;
    }

    HttpRequest request(TestServer node, CanonicalServer keys, String target) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(node.http(path(target)))
              .timeout(Duration.ofSeconds(30))
              .header("Idempotency-Key", "race-" + name());
      return switch (this) {
        case CANONICAL_CREATE ->
            canonical(request, keys)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"reference\":\"raced\",\"name\":\"Asha Rao\"}"))
                .build();
        case CANONICAL_PATCH ->
            canonical(request, keys)
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", BodyPublishers.ofString("{\"metadata\":{\"tier\":\"gold\"}}"))
                .build();
        case CANONICAL_DELETE -> canonical(request, keys).DELETE().build();
        case JUSPAY_CREATE ->
            request
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                (keys.juspayKey + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    BodyPublishers.ofString(
                        "object_reference_id=racedcustomer01&mobile_number=9876543210"
                            + "&options.get_client_auth_token=true"))
                .build();
        case FLOWWISE_CREATE ->
            request
                .header("x-client-id", keys.flowwiseId)
                .header("x-client-secret", keys.flowwiseSecret)
                .header("Content-Type", "application/json")
                .POST(
                    BodyPublishers.ofString(
                        "{\"customer_id\":\"raced\",\"scope\":\"GLOBAL\",\"name\":\"Asha Rao\","
                            + "\"phone\":\"+919876543210\"}"))
                .build();
      };
    }

    private static HttpRequest.Builder canonical(
        HttpRequest.Builder request, CanonicalServer keys) {
      return request.header("Authorization", "Bearer " + keys.m1);
    }

    private String path(String target) {
      return switch (this) {
        case CANONICAL_CREATE -> "/v1/customers";
        case CANONICAL_PATCH, CANONICAL_DELETE -> "/v1/customers/" + target;
        case JUSPAY_CREATE -> "/customers";
        case FLOWWISE_CREATE -> "/router/customer";
      };
    }

    boolean creates() {
      return this == CANONICAL_CREATE || this == JUSPAY_CREATE || this == FLOWWISE_CREATE;
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void thirtyTwoRacingRequestsWithOneKeyOnTwoPostgresNodesWriteOnce(Kind kind) throws Exception {
    try (CanonicalServer nodeA = new CanonicalServer(TestDatabase.postgres());
        TestServer nodeB = secondNode(nodeA)) {
      race(nodeA, List.of(nodeA.server, nodeB), kind);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void thirtyTwoRacingRequestsWithOneKeyOnTheEmbeddedDatabaseWriteOnce(Kind kind) throws Exception {
    try (CanonicalServer node = new CanonicalServer(TestDatabase.h2())) {
      race(node, List.of(node.server), kind);
    }
  }

  /** A node on the same database with node A's data key, as every node sharing one must have. */
  private TestServer secondNode(CanonicalServer nodeA) throws java.io.IOException {
    Files.copy(
        nodeA.server.dataDir().resolve("data-key"),
        nodeBDir.resolve("data-key"),
        StandardCopyOption.COPY_ATTRIBUTES);
    return TestServer.start(nodeBDir, nodeA.database.config(), Map.of(), System::nanoTime);
  }

  private static void race(CanonicalServer keys, List<TestServer> nodes, Kind kind)
      throws Exception {
    String target =
        kind.creates()
            ? ""
            : keys.created(keys.m1, "raced", "\"name\":\"Start\"").get("id").asText();
    List<Callable<HttpResponse<String>>> requests = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      TestServer node = nodes.get(i % nodes.size());
      HttpRequest request = kind.request(node, keys, target);
      requests.add(() -> node.send(request));
    }

    List<HttpResponse<String>> answers = Race.of(requests);

    assertThat(answers.stream().map(HttpResponse::statusCode))
        .as(answers.get(0).body())
        .containsOnly(kind.status);
    assertThat(answers.stream().map(HttpResponse::body).distinct()).hasSize(1);
    assertThat(
            answers.stream()
                .filter(a -> a.headers().firstValue("Idempotent-Replayed").isPresent())
                .count())
        .as("answers replayed")
        .isEqualTo(REQUESTS - 1);
    assertThat(keys.database.query("select count(*) from customers")).containsExactly("1");
    assertThat(keys.database.query("select count(*) from customer_changes"))
        .as("the create, and one write the key made")
        .containsExactly(kind.creates() ? "1" : "2");
    assertThat(keys.database.query("select count(*) from idempotency_keys")).containsExactly("1");
    if (kind == Kind.JUSPAY_CREATE) {
      assertThat(keys.database.query("select count(*) from client_auth_tokens"))
          .as("one client auth token, replayed to every request")
          .containsExactly("1");
      assertThat(JsonAssert.parse(answers.get(0).body()).get("juspay")).isNotNull();
    }
  }
}
