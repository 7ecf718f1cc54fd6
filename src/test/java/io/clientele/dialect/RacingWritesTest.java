package io.clientele.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.Race;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many writers of one customer through several dialects, on each engine: none refused, none lost.
 */
class RacingWritesTest {
  static final int WRITERS = 16;

  record Harness(TestDatabase database, TestServer server) implements AutoCloseable {
    static Harness start(TestDatabase.Engine engine) {
      TestDatabase database = TestDatabase.create(engine);
      return new Harness(database, TestServer.startInTemporaryDir(database.config()));
    }

    HttpResponse<String> juspay(String method, String path, String form) {
      String key = server.sandbox("api_key");
      return server.send(
          HttpRequest.newBuilder(server.http(path))
              .header(
                  "Authorization",
                  "Basic "
                      + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))
              .method(
                  method, form == null ? BodyPublishers.noBody() : BodyPublishers.ofString(form))
              .build());
    }

    HttpResponse<String> flowwise(String method, String path, String json) {
      return server.send(
          HttpRequest.newBuilder(server.http(path))
              .header("x-client-id", server.sandbox("client_id"))
              .header("x-client-secret", server.sandbox("client_secret"))
              .header("Content-Type", "application/json")
              .method(
                  method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json))
              .build());
    }

    @Override
    public void close() {
      server.close();
      database.close();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void appliesEveryOneOfManyConcurrentUpdates(TestDatabase.Engine engine) throws Exception {
    try (Harness harness = Harness.start(engine)) {
      harness.juspay("POST", "/customers", "object_reference_id=contended-1&mobile_number=1");
      List<Callable<HttpResponse<String>>> writers = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        String name = "Writer" + (char) ('a' + i);
        writers.add(
            i % 2 == 0
                ? () -> harness.juspay("POST", "/customers/contended-1", "first_name=" + name)
                : () ->
                    harness.flowwise(
                        "PUT",
                        "/router/customer/contended-1",
                        "{\"customer_id\":\"contended-1\",\"scope\":\"GLOBAL\",\"name\":\""
                            + name
                            + "\"}"));
      }

      List<HttpResponse<String>> responses = Race.of(writers);

      assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
      assertThat(
              io.clientele.storage.SealedRows.query(
                  harness.database(),
                  io.clientele.storage.SealedRows.masterOf(harness.server().dataDir()),
                  "select version from customers where reference = 'contended-1'"))
          .containsExactly(Integer.toString(1 + WRITERS));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void leavesNoClientAuthTokenBehindAnErasure(TestDatabase.Engine engine) throws Exception {
    try (Harness harness = Harness.start(engine)) {
      for (int round = 0; round < 10; round++) {
        String reference = "erased-" + round;
        HttpResponse<String> created =
            harness.juspay(
                "POST", "/customers", "object_reference_id=" + reference + "&mobile_number=1");
        assertThat(created.statusCode())
            .as("round %d create: %s", round, created.body())
            .isEqualTo(200);
        List<Callable<HttpResponse<String>>> racers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          racers.add(
              () ->
                  harness.juspay(
                      "GET",
                      "/customers/" + reference + "?options.get_client_auth_token=true",
                      null));
        }
        racers.add(() -> harness.flowwise("DELETE", "/router/customer/" + reference, null));

        List<HttpResponse<String>> responses = Race.of(racers);

        assertThat(responses.get(3).statusCode())
            .as("round %d erasure: %s", round, responses.get(3).body())
            .isEqualTo(204);
        for (HttpResponse<String> get : responses.subList(0, 3)) {
          assertThat(get.statusCode()).as(get.body()).isIn(200, 404);
          if (get.statusCode() == 200) {
            assertThat(
                    JsonAssert.parse(get.body()).get("juspay").get("client_auth_token").textValue())
                .startsWith("tkn_");
          }
        }
      }

      assertThat(
              harness
                  .database()
                  .query(
                      "select count(*) from client_auth_tokens t join customers c"
                          + " on c.merchant_id = t.merchant_id and c.id = t.customer_id where c.status = 'DELETED'"))
          .containsExactly("0");
    }
  }
}
