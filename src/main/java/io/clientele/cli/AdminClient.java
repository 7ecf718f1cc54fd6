package io.clientele.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientele.config.ClientConfig;
import io.clientele.server.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The admin API of a running server: every command's request goes through here, and every way a
 * request can fail becomes one line naming its cause and the setting to look at.
 */
final class AdminClient {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final String USER_AGENT = "clientele-cli/" + Cli.VERSION_NUMBER;

  /** What a server in trouble answers; a request safe to repeat is sent again after each. */
  private static final Set<Integer> PASSING_TROUBLE = Set.of(500, 502, 503, 504);

  private final ClientConfig config;
  private final Retry retry;
  private final String base;
  private final HttpClient http;

  AdminClient(ClientConfig config) {
    this(config, Retry.DEFAULT);
  }

  AdminClient(ClientConfig config, Retry retry) {
    this.config = config;
    this.retry = retry;
    this.base = config.server().value().toString();
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER);
    config.trust().ifPresent(trust -> builder.sslContext(trusting(trust.certificates())));
    this.http = builder.build();
  }

  /**
   * {@code /admin/} and the segments, each percent-encoded, so an id can hold any character and
   * still name one path segment.
   */
  static String path(String... segments) {
    StringJoiner path = new StringJoiner("/", "/admin/", "");
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new CommandFailure(
            Cli.CONFIG_ERROR, List.of("'" + segment + "' is not an id (empty, '.' or '..')"));
      }
      path.add(encodeSegment(segment));
    }
    return path.toString();
  }

  private static String encodeSegment(String segment) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || "-._~".indexOf(c) >= 0) {
        encoded.append(c);
      } else {
        encoded.append('%').append(String.format(java.util.Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return encoded.toString();
  }

  /** {@code ?name=value&…} of the parameters with a value, form-encoded; empty when none has. */
  static String query(Map<String, String> parameters) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    parameters.forEach(
        (name, value) -> {
          if (value != null) {
            query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        });
    return query.toString();
  }

  JsonNode get(String path) {
    return call("GET", path, null);
  }

  JsonNode post(String path, JsonNode body) {
    return call("POST", path, body);
  }

  JsonNode put(String path, JsonNode body) {
    return call("PUT", path, body);
  }

  /** Returns nothing: a {@code DELETE} answers 204 without a body. */
  void delete(String path) {
    call("DELETE", path, null);
  }

  /**
   * Every page of a list from {@code query}'s cursor on, as one answer of the API's own shape: the
   * {@code items} of every page in order, and {@code next_cursor} null.
   */
  JsonNode allPages(String path, Map<String, String> query, String items) {
    Map<String, String> pageQuery = new java.util.LinkedHashMap<>(query);
    Set<String> seen = new HashSet<>();
    ObjectNode all = null;
    while (true) {
      JsonNode page = get(path + query(pageQuery));
      if (!page.path(items).isArray()) {
        throw CommandFailure.of(
            "the answer of " + base + " holds no " + items + " list; is it a Clientele server?");
      }
      if (all == null) {
        all = page.deepCopy();
      } else {
        ((ArrayNode) all.get(items)).addAll((ArrayNode) page.get(items));
      }
      String next = page.path("next_cursor").textValue();
      if (next == null) {
        all.putNull("next_cursor");
        return all;
      }
      if (page.get(items).isEmpty()) {
        throw CommandFailure.of(
            "the server answered an empty page with a next_cursor, " + next + "; stopped");
      }
      if (!seen.add(next)) {
        throw CommandFailure.of("the server answered the cursor " + next + " twice; stopped");
      }
      pageQuery.put("cursor", next);
    }
  }

  /**
   * A {@code GET} or {@code POST} whose repetition changes nothing, such as an import batch (a row
   * already stored answers "unchanged"): a lost connection, a timeout or a 500, 502, 503 or 504 is
   * told to {@code notice} and the request sent again after a pause, up to {@link Retry#tries}
   * tries; then it fails with the last cause and the number of tries.
   *
   * @param body the JSON body, or {@code null} for a {@code GET}
   */
  JsonNode repeatable(String path, byte[] body, Consumer<String> notice) {
    HttpRequest request = request(body == null ? "GET" : "POST", path, body);
    for (int attempt = 1; ; attempt++) {
      String trouble;
      try {
        HttpResponse<byte[]> response = exchange(request);
        if (!PASSING_TROUBLE.contains(response.statusCode())) {
          return answer(response);
        }
        trouble = troubleOf(response);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CommandFailure.of("interrupted while waiting for " + base);
      } catch (IOException e) {
        trouble = describe(e);
      }
      if (attempt == retry.tries()) {
        throw CommandFailure.of(trouble + " (" + attempt + " tries)");
      }
      Duration pause = retry.pause(attempt);
      notice.accept(
          trouble
              + "; try "
              + (attempt + 1)
              + " of "
              + retry.tries()
              + " in "
              + pause.toMillis()
              + " ms");
      retry.sleep(pause);
    }
  }

  /** A 5xx in one line: the admin API's error when the body has one, else the bare status. */
  private String troubleOf(HttpResponse<byte[]> response) {
    JsonNode body = parse(response.body());
    JsonNode error = body == null ? MissingNode.getInstance() : body.path("error");
    String code = error.path("code").textValue();
    String message = error.path("message").textValue();
    return base
        + " answered HTTP "
        + response.statusCode()
        + (code == null || message == null ? "" : " " + code + ": " + message);
  }

  private JsonNode call(String method, String path, JsonNode body) {
    return answer(send(request(method, path, body == null ? null : bytes(body))));
  }

  private HttpRequest request(String method, String path, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(retry.answerTimeout())
            .header("Authorization", "Bearer " + config.adminToken().value())
            .header("Accept", Json.CONTENT_TYPE)
            .header("User-Agent", USER_AGENT);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", Json.CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    return request.build();
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return Json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a request body is not serialisable", e);
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return exchange(request);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CommandFailure.of("interrupted while waiting for " + base);
    } catch (IOException e) {
      throw CommandFailure.of(describe(e));
    }
  }

  /**
   * Sends the request and waits for the whole answer, body included, for at most the answer
   * timeout: the request's own timeout ends at the answer's headers, and a server that sent them
   * and stalled would hold the command for ever.
   */
  private HttpResponse<byte[]> exchange(HttpRequest request)
      throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<byte[]>> answer =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    try {
      return answer.get(retry.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new HttpTimeoutException("no whole answer within " + retry.answerTimeout());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException cause) {
        throw cause;
      }
      throw new IllegalStateException("the HTTP client failed", e.getCause());
    }
  }

  /** One line for a request that got no answer, naming the setting that chose the server. */
  String describe(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection to "
          + base
          + " ("
          + serverSource()
          + ") within "
          + CONNECT_TIMEOUT.toSeconds()
          + " s";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer from " + base + " within " + retry.answerTimeout().toSeconds() + " s";
    }
    if (find(e, SSLHandshakeException.class) != null) {
      return untrusted(find(e, SSLHandshakeException.class));
    }
    if (find(e, SSLException.class) != null) {
      return base + " (" + serverSource() + ") does not speak TLS; is it an http:// port?";
    }
    if (find(e, ConnectException.class) != null) {
      return "cannot connect to " + base + " (" + serverSource() + "): " + reason(e);
    }
    if (String.valueOf(e.getMessage()).contains("status line")) {
      return base + " (" + serverSource() + ") does not answer in HTTP; is it an https:// port?";
    }
    return "the connection to " + base + " (" + serverSource() + ") broke: " + reason(e);
  }

  private String untrusted(SSLHandshakeException e) {
    String message = String.valueOf(e.getMessage());
    String host = config.server().value().getHost();
    if (message.contains("No subject alternative") || message.contains("No name matching")) {
      return "the TLS certificate of "
          + base
          + " does not name the host "
          + host
          + "; reach the server by a name the certificate holds";
    }
    if (config.trust().isPresent()) {
      ClientConfig.Trust trust = config.trust().get();
      return "the TLS certificate of "
          + base
          + " is not vouched for by "
          + trust.file()
          + " ("
          + trust.source()
          + "); pass the server's own certificate";
    }
    return "cannot verify the TLS certificate of "
        + base
        + ": pass --cacert with the server's certificate (serve keeps the one it generates in"
        + " <data-dir>/tls/clientele.pem)";
  }

  private String serverSource() {
    String source = config.server().source();
    return source.equals("the default")
        ? "the default; set --server or CLIENTELE_SERVER"
        : "from " + source;
  }

  private JsonNode answer(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    JsonNode body = parse(response.body());
    if (status >= 200 && status < 300) {
      if (response.body().length == 0) {
        return MissingNode.getInstance();
      }
      if (body == null) {
        throw CommandFailure.of(
            "the answer of " + base + " is not JSON; is it a Clientele server?");
      }
      return body;
    }
    JsonNode error = body == null ? MissingNode.getInstance() : body.path("error");
    String code = error.path("code").textValue();
    String message = error.path("message").textValue();
    if (code == null || message == null) {
      throw CommandFailure.of(
          base
              + " answered HTTP "
              + status
              + " without an admin API error; is it a Clientele server?");
    }
    if (status == 401) {
      throw CommandFailure.of(
          code + ": " + base + " refused the admin token from " + config.adminToken().source());
    }
    throw CommandFailure.of(code + ": " + message);
  }

  private static JsonNode parse(byte[] body) {
    return body.length == 0 ? null : Json.parse(body).orElse(null);
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  /**
   * The first message in the cause chain, which the JDK often leaves on an inner exception, with
   * control characters left out; a refused connection has none.
   */
  private static String reason(Throwable e) {
    if (find(e, UnresolvedAddressException.class) != null) {
      return "unknown host";
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        return cause.getMessage().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?");
      }
    }
    return find(e, ConnectException.class) != null
        ? "connection refused"
        : e.getClass().getSimpleName();
  }

  private static SSLContext trusting(List<X509Certificate> certificates) {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        trusted.setCertificateEntry("trusted-" + i, certificates.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a trust store of the given certificates", e);
    }
  }

  @Override
  public String toString() {
    return "AdminClient[" + base + "]";
  }

  /**
   * How long a request waits for its whole answer (60 s by default), how often a repeatable request
   * is tried, and the pause before the second try, doubled before each later one: by default 4
   * tries over 3.5 s, long enough for a server's restart to begin.
   */
  record Retry(int tries, Duration firstPause, Duration answerTimeout) {
    static final Retry DEFAULT = new Retry(4, Duration.ofMillis(500), Duration.ofSeconds(60));

    Duration pause(int attempt) {
      return firstPause.multipliedBy(1L << (attempt - 1));
    }

    void sleep(Duration pause) {
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CommandFailure.of("interrupted while pausing before trying again");
      }
    }
  }
}
