package io.clientele.hostile;

import io.clientele.dialect.airpay.Checksum;
import io.clientele.server.FormBody;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A running server on one engine, with raw dialect calls for hostile tests. */
record Hostile(TestDatabase database, TestServer server) implements AutoCloseable {

  static Hostile start(TestDatabase.Engine engine) {
    TestDatabase database = TestDatabase.create(engine);
    return new Hostile(database, TestServer.startInTemporaryDir(database.config()));
  }

  HttpResponse<String> juspay(String apiKey, String method, String path, String form) {
    return server.send(
        HttpRequest.newBuilder(server.http(path))
            .timeout(Duration.ofSeconds(30))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder().encodeToString(apiKey.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, form == null ? BodyPublishers.noBody() : BodyPublishers.ofString(form))
            .build());
  }

  HttpResponse<String> juspay(String method, String path, String form) {
    return juspay(server.sandbox("api_key"), method, path, form);
  }

  HttpResponse<String> flowwise(
      String clientId, String secret, String method, String path, String json) {
    return server.send(
        HttpRequest.newBuilder(server.http(path))
            .timeout(Duration.ofSeconds(30))
            .header("x-client-id", clientId)
            .header("x-client-secret", secret)
            .header("Content-Type", "application/json")
            .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<String> flowwise(String method, String path, String json) {
    return flowwise(
        server.sandbox("client_id"), server.sandbox("client_secret"), method, path, json);
  }

  HttpResponse<String> airpay(String token, String secretKey, String form) {
    List<String> values = FormBody.parse(form).stream().map(FormBody.Pair::value).toList();
    return server.send(
        HttpRequest.newBuilder(server.http("/airpay/ms/cards/api/update-customer"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("token", token)
            .header("checksum", Checksum.of(values, secretKey))
            .POST(BodyPublishers.ofString(form))
            .build());
  }

  HttpResponse<String> airpay(String form) {
    return airpay(server.sandbox("token"), server.sandbox("secret_key"), form);
  }

  HttpResponse<String> admin(String method, String path, String body) {
    return server.adminCall(method, path, body);
  }

  static <T> List<T> race(List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> call : calls) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return call.call();
                }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public void close() {
    server.close();
    database.close();
  }
}
