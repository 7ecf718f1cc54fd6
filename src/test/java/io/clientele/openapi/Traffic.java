package io.clientele.openapi;

import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sends requests to a running server and keeps each as the exchange it became. */
final class Traffic {
  private final TestServer server;

  Traffic(TestServer server) {
    this.server = server;
  }

  Exchange send(String method, String target, Map<String, String> headers, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.http(target))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    HttpResponse<String> response = server.send(request.build());
    Map<String, List<String>> sent = new LinkedHashMap<>();
    headers.forEach((name, value) -> sent.put(name, List.of(value)));
    return new Exchange(
        method,
        target,
        sent,
        body,
        response.statusCode(),
        response.headers().map(),
        response.body());
  }

  Exchange get(String target, Map<String, String> headers) {
    return send("GET", target, headers, "");
  }
}
