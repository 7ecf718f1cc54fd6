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
import java.util.Base64;
import java.util.List;

/** A running server on one engine, with raw dialect calls for hostile tests. */
record Hostile(TestDatabase database, TestServer server) implements AutoCloseable {
  /** Runs {@code sql}, reading {@code customers} with its sealed values opened. */
  java.util.List<String> query(String sql) {
    return sql.matches("(?s).*\\bcustomers\\b.*")
        ? io.clientele.storage.SealedRows.query(
            database, io.clientele.storage.SealedRows.masterOf(server.dataDir()), sql)
        : database.query(sql);
  }

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

  @Override
  public void close() {
    server.close();
    database.close();
  }
}
