package io.clientele.dialect.juspay;

import static io.clientele.dialect.juspay.JuspayServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Concurrent creates of one reference over HTTP, on each engine: one 200, the rest the documented
 * 400.
 */
class JuspayRacingCreatesTest {
  static final int RACERS = 8;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void yieldExactlyOneCustomer(TestDatabase.Engine engine) throws Exception {
    try (JuspayServer juspay = new JuspayServer(engine)) {
      ExecutorService pool = Executors.newFixedThreadPool(RACERS);
      try {
        for (int round = 0; round < 3; round++) {
          String reference = JuspayServer.uniqueReference();
          CountDownLatch go = new CountDownLatch(1);
          List<Future<HttpResponse<String>>> racers = new ArrayList<>();
          for (int i = 0; i < RACERS; i++) {
            racers.add(
                pool.submit(
                    () -> {
                      go.await();
                      return juspay.post(
                          "/customers",
                          juspay.m1Key,
                          "object_reference_id=" + reference + "&mobile_number=1");
                    }));
          }
          go.countDown();
          List<HttpResponse<String>> responses = new ArrayList<>();
          for (Future<HttpResponse<String>> racer : racers) {
            responses.add(racer.get(30, TimeUnit.SECONDS));
          }

          assertThat(responses.stream().filter(r -> r.statusCode() == 200)).hasSize(1);
          responses.stream()
              .filter(r -> r.statusCode() != 200)
              .forEach(r -> assertError(r, 400, "duplicate-object-reference-id.json"));
          assertThat(
                  juspay.query(
                      "select count(*) from customers where reference = '" + reference + "'"))
              .containsExactly("1");
        }
      } finally {
        pool.shutdown();
      }
    }
  }
}
