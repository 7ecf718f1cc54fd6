package io.clientele.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A proxy on 127.0.0.1 in front of a test server that fails as told, request by request: passes a
 * request on, answers 503 without passing it on, or passes it on and answers 503 anyway, as when
 * the answer of a request the server carried out is lost.
 */
final class FlakyProxy implements AutoCloseable {
  static final String UNAVAILABLE =
      "{\"error\":{\"code\":\"unavailable\",\"message\":\"the proxy fails on purpose\"}}";

  /** What becomes of one request. */
  enum Fate {
    PASS,
    REFUSE,
    LOSE_ANSWER
  }

  private final HttpServer server;
  private final URI target;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final List<Integer> bodySizes = new CopyOnWriteArrayList<>();
  private volatile IntFunction<Fate> fates = n -> Fate.PASS;
  private volatile Function<String, Fate> bodyFates = body -> Fate.PASS;

  private FlakyProxy(URI target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A proxy to {@code target}, such as {@code http://127.0.0.1:8080}. */
  static FlakyProxy to(URI target) throws IOException {
    return new FlakyProxy(target);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** From now on, the fate of the n-th request counted from here (1 for the next). */
  void fail(IntFunction<Fate> fates) {
    requests.set(0);
    this.fates = fates;
    this.bodyFates = body -> Fate.PASS;
  }

  /**
   * From now on, each request's fate by what its body holds, whatever order requests sent at once
   * arrive in.
   */
  void failBodies(Function<String, Fate> fates) {
    this.fates = n -> Fate.PASS;
    this.bodyFates = fates;
  }

  /** Every request seen, as {@code FATE METHOD /path?query}, in order. */
  List<String> log() {
    return List.copyOf(log);
  }

  /** The size of every request body seen, in order. */
  List<Integer> bodySizes() {
    return List.copyOf(bodySizes);
  }

  void clearLog() {
    log.clear();
    bodySizes.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Fate fate = fates.apply(requests.incrementAndGet());
      if (fate == Fate.PASS) {
        fate = bodyFates.apply(new String(body, StandardCharsets.UTF_8));
      }
      log.add(fate + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
      bodySizes.add(body.length);
      if (fate == Fate.REFUSE) {
        unavailable(exchange);
        return;
      }
      HttpResponse<byte[]> answer = forward(exchange, body);
      if (fate == Fate.LOSE_ANSWER) {
        unavailable(exchange);
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(
          answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
      exchange.getResponseBody().write(answer.body());
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (String header : List.of("Authorization", "Content-Type", "Accept")) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        request.header(header, value);
      }
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void unavailable(HttpExchange exchange) throws IOException {
    byte[] body = UNAVAILABLE.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(503, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
