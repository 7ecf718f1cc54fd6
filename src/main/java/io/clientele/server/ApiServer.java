package io.clientele.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jetty.JettySslHandshakeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.component.Graceful;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP and HTTPS listeners serving one route table, with what every request gets whatever its
 * route: a request id, a body size limit, an access-log line, latency metrics and, for every
 * failure, one answer in the shape of the route family it was sent to.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger ACCESS = LoggerFactory.getLogger("clientele.access");
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String UNMATCHED = "unmatched";

  /**
   * How long a connection may stay silent, mid-request or between requests, before it is closed: a
   * client that sends half a body holds a request thread (a platform thread before JDK 21) no
   * longer.
   */
  static final java.time.Duration IDLE_TIMEOUT = java.time.Duration.ofSeconds(10);

  /**
   * Bytes of request bodies held at once while they arrive: 64 bodies of the largest allowed size.
   * Past it a new body is answered 503, so stalled uploads cannot take the heap.
   */
  static final long BODIES_HELD_AT_MOST = 64L * RequestBody.MAX_BYTES;

  private final Javalin app;
  private final PrometheusMeterRegistry metrics;
  private final List<RouteFamily> dialects;
  private final Renderer fallback;
  private final Set<String> httpsOnly;

  /** Outermost handler: collects bodies and counts the requests in flight for a graceful stop. */
  private BodyArrival arrival;

  /** A server that serves every route family over both listeners. */
  public ApiServer(
      int httpPort,
      int httpsPort,
      TlsKeys tls,
      PrometheusMeterRegistry metrics,
      Consumer<RoutesConfig> routes,
      List<? extends RouteFamily> dialects,
      Renderer fallback) {
    this(httpPort, httpsPort, tls, metrics, routes, dialects, fallback, Set.of());
  }

  /**
   * @param httpPort plain HTTP port, 0 for none
   * @param httpsPort HTTPS port, 0 for none
   * @param tls the key and certificate for HTTPS, {@code null} when {@code httpsPort} is 0
   * @param routes adds the routes no dialect owns
   * @param dialects each adds its routes and renders every failure on the paths it owns
   * @param fallback renders the failures on every other path
   * @param httpsOnly the route families (a dialect's wire name or {@code admin}) whose requests are
   *     refused on the plain HTTP listener
   */
  public ApiServer(
      int httpPort,
      int httpsPort,
      TlsKeys tls,
      PrometheusMeterRegistry metrics,
      Consumer<RoutesConfig> routes,
      List<? extends RouteFamily> dialects,
      Renderer fallback,
      Set<String> httpsOnly) {
    this.metrics = metrics;
    this.dialects = List.copyOf(dialects);
    this.fallback = fallback;
    this.httpsOnly = Set.copyOf(httpsOnly);
    this.dialects.forEach(ApiServer::checkPrefix);
    this.app =
        Javalin.create(
            config -> {
              configure(config);
              if (httpPort > 0) {
                config.jetty.addConnector((server, http) -> plain(server, http, httpPort));
              }
              if (httpsPort > 0) {
                config.jetty.addConnector((server, http) -> secure(server, http, httpsPort, tls));
              }
              config.routes.before(this::beforeEveryRequest);
              config.routes.after(ApiServer::afterEveryRequest);
              get(config.routes, "/metrics", this::scrape);
              this.dialects.forEach(dialect -> dialect.addRoutes(config.routes));
              routes.accept(config.routes);
              // Javalin answers its own refusals itself unless their type has a handler of its own.
              config.routes.exception(
                  HttpResponseException.class, (e, ctx) -> fail(asServerFault(e), ctx));
              config.routes.exception(Exception.class, (e, ctx) -> fail(asServerFault(e), ctx));
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null) {
                      fail(new ServerFault.UnknownPath(), ctx);
                    }
                  });
            });
  }

  /**
   * A prefix is a path without a trailing slash, so that ownership is decided by whole segments.
   */
  private static void checkPrefix(RouteFamily dialect) {
    String prefix = dialect.routePrefix();
    if (!prefix.startsWith("/") || prefix.endsWith("/")) {
      throw new IllegalArgumentException(
          "dialect " + dialect.wireName() + " has route prefix " + prefix + "; want /name");
    }
  }

  /**
   * Adds a GET route with its HEAD twin: the same handler, so the same authentication and status;
   * Jetty sends no body for HEAD.
   */
  public static void get(RoutesConfig routes, String path, Handler handler) {
    routes.get(path, handler);
    routes.head(path, handler);
  }

  /**
   * Every route the server answers, as {@code METHOD /path/{param}} in the order added: what the
   * API documents must describe.
   */
  public List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .filter(parsed -> parsed.endpoint.method.isHttpMethod())
        .map(parsed -> parsed.endpoint.method.name() + " " + parsed.endpoint.path)
        .toList();
  }

  /** Whether requests run on virtual threads: they do on JDK 21 and later. */
  public static boolean usesVirtualThreads() {
    return Runtime.version().feature() >= 21;
  }

  /** Starts listening, with Jetty's connection and thread-pool meters in the registry. */
  public ApiServer start() {
    app.start();
    Server jetty = app.jettyServer().server();
    JettyConnectionMetrics.addToAllConnectors(jetty, metrics);
    JettySslHandshakeMetrics.addToAllConnectors(jetty, metrics);
    new JettyServerThreadPoolMetrics(jetty.getThreadPool(), List.of()).bindTo(metrics);
    return this;
  }

  /** The port a connector of the given scheme really listens on (tests bind to free ports). */
  public int port(String scheme) {
    for (var connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof ServerConnector server
          && server
              .getDefaultProtocol()
              .toLowerCase(java.util.Locale.ROOT)
              .startsWith("https".equals(scheme) ? "ssl" : "http")) {
        return server.getLocalPort();
      }
    }
    return 0;
  }

  /**
   * Stops gracefully: the listeners close at once, so new connections are refused, and the requests
   * in flight, those whose bodies are still arriving included, get {@code grace} to finish; then
   * the server stops, cutting whatever still runs.
   *
   * @return whether every request in flight finished within {@code grace}
   */
  public boolean stop(java.time.Duration grace) {
    Server server = app.jettyServer().server();
    boolean finished;
    try {
      // A listener's shutdown closes it; the connections it accepted are left to the requests.
      for (Graceful listener : server.getConnectors()) {
        listener.shutdown();
      }
      // Only requests are waited for: an idle kept-alive connection would hold a whole-server
      // graceful stop until its idle timeout.
      long until = System.nanoTime() + grace.toNanos();
      while (arrival.inFlight() > 0) {
        if (System.nanoTime() >= until) {
          throw new TimeoutException("requests still in flight after " + grace);
        }
        Thread.sleep(10);
      }
      finished = true;
    } catch (TimeoutException e) {
      finished = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    app.stop();
    return finished;
  }

  @Override
  public void close() {
    app.stop();
  }

  private void configure(JavalinConfig config) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.concurrency.useVirtualThreads = usesVirtualThreads();
    config.http.maxRequestSize = RequestBody.MAX_BYTES;
    config.http.defaultContentType = Json.CONTENT_TYPE;
    config.http.prefer405over404 = true;
    config.requestLogger.http(this::logAndMeasure);
    config.jetty.modifyServer(
        server -> {
          server.setErrorHandler(new JsonErrorHandler());
          arrival = new BodyArrival(RequestBody.MAX_BYTES, BODIES_HELD_AT_MOST);
          Gauge.builder("clientele.request.bodies.held", arrival, BodyArrival::heldBytes)
              .description("Bytes of request bodies held in memory while they arrive")
              .baseUnit("bytes")
              .register(metrics);
          server.insertHandler(arrival);
          server.insertHandler(new ConditionalHeaders());
          // A stop waits only as long as stop(grace) says.
          server.setStopTimeout(0);
        });
  }

  private void beforeEveryRequest(Context ctx) {
    RequestIds.assign(ctx);
    refusePlainHttp(ctx);
    if (hasBrokenEscape(ctx.req().getRequestURI())) {
      throw new ServerFault.UnknownPath();
    }
    RequestBody.checkDeclaredLength(ctx);
  }

  /**
   * Refuses a request of an HTTPS-only family that reached the plain listener, before its route
   * reads a credential or a body. What the connection was is all that counts: an {@code
   * X-Forwarded-Proto} header is the client's word unless a proxy is known to overwrite it, so it
   * is not read.
   */
  private void refusePlainHttp(Context ctx) {
    if (!httpsOnly.isEmpty() && !ctx.req().isSecure() && httpsOnly.contains(familyOf(ctx.path()))) {
      throw new ServerFault.HttpsRequired();
    }
  }

  /**
   * Whether a {@code %} in the raw path is not followed by two hex digits ({@code %u0041}, say): no
   * route can be named so, and decoding its parameters would fail.
   */
  public static boolean hasBrokenEscape(String rawPath) {
    for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
      if (i + 2 >= rawPath.length()
          || Character.digit(rawPath.charAt(i + 1), 16) < 0
          || Character.digit(rawPath.charAt(i + 2), 16) < 0) {
        return true;
      }
    }
    return false;
  }

  /** A 204 or a 304 has no body, so it names no body type either. */
  private static void afterEveryRequest(Context ctx) {
    if (ctx.statusCode() == 204 || ctx.statusCode() == 304) {
      ctx.res().setContentType(null);
    }
  }

  /** OpenMetrics to a scraper that asks for it, Prometheus' text format to everyone else. */
  private void scrape(Context ctx) {
    String type =
        MetricsFormat.wantsOpenMetrics(ctx.header("Accept"))
            ? MetricsFormat.OPEN_METRICS
            : MetricsFormat.PROMETHEUS_TEXT;
    ctx.contentType(type).result(metrics.scrape(type));
  }

  private void logAndMeasure(Context ctx, Float millis) {
    String route = routeOf(ctx);
    String family = familyOf(ctx.path());
    Timer.builder("http.server.requests")
        .description("HTTP requests by route template, method, status and route family")
        .tag("method", HttpMethods.named(ctx.method().name()))
        .tag("route", route)
        .tag("status", Integer.toString(ctx.statusCode()))
        .tag("dialect", family)
        .serviceLevelObjectives(MetricsFormat.LATENCY_BUCKETS)
        .register(metrics)
        .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    AccessLog.of(ctx, route, family, millis).writeTo(ACCESS);
  }

  /**
   * The route family a path belongs to, for logs and metrics: a dialect's wire name, {@code admin}
   * for the admin API, else {@code none}; a fixed handful of values whatever the path.
   */
  private String familyOf(String path) {
    return ownerOf(path).map(RouteFamily::wireName).orElse(owns("/admin", path) ? "admin" : "none");
  }

  /** The dialect whose route prefix the path is under, if any. */
  private java.util.Optional<RouteFamily> ownerOf(String path) {
    return dialects.stream().filter(dialect -> owns(dialect.routePrefix(), path)).findFirst();
  }

  private static boolean owns(String prefix, String path) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  /**
   * The matched route's template, never the raw path, which may hold an email or a phone. A 405
   * matched no route, but its path is a route's: it is named by that route's template.
   */
  private String routeOf(Context ctx) {
    try {
      Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
      if (endpoint != null) {
        return endpoint.path;
      }
    } catch (RuntimeException none) {
      // no endpoint matched
    }
    return ctx.statusCode() == 405 ? templateServing(ctx.path()) : UNMATCHED;
  }

  /**
   * The template of the first route serving {@code path} by any method; {@code unmatched} when none
   * does. A scan of every route, so kept for 405s.
   */
  private String templateServing(String path) {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .filter(parsed -> parsed.endpoint.method.isHttpMethod() && parsed.matches(path))
        .map(parsed -> parsed.endpoint.path)
        .findFirst()
        .orElse(UNMATCHED);
  }

  /**
   * Answers a failed request in the shape of the route family its path belongs to: the one place
   * where failures, expected or not, become responses. Only a failure its renderer did not know is
   * logged, as one line without a stack trace; the response never quotes it.
   */
  private void fail(Throwable failure, Context ctx) {
    RequestFacts request =
        new RequestFacts(HttpMethods.named(ctx.method().name()), ctx.path(), RequestIds.of(ctx));
    Rendered answer = rendererFor(request.path()).render(failure, request);
    if (answer.unexpected()) {
      String route = routeOf(ctx);
      LOG.atError()
          .addKeyValue("request_id", request.requestId())
          .addKeyValue("route", route)
          .log(
              "request_id={} route={} unexpected {}",
              request.requestId(),
              route,
              unexpected(failure));
    }
    obeyHttp(failure, ctx);
    answer.headers().forEach(ctx::header);
    answer.accessLogTags().forEach((key, value) -> AccessLog.tag(ctx, key, value));
    Json.respond(ctx, answer.status(), answer.body());
  }

  /**
   * An unexpected failure as its log line names it: the class, the SQLState of a database error,
   * and the message only of Clientele's own exceptions, which are written without personal data; a
   * library's message may quote a value from the request.
   */
  static String unexpected(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.getClass().getName());
    if (failure.getClass().getName().startsWith("io.clientele.")) {
      return text.append(": ")
          .append(String.valueOf(failure.getMessage()).lines().findFirst().orElse(""))
          .toString();
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        return text.append(" (SQLState ").append(sql.getSQLState()).append(')').toString();
      }
    }
    return text.toString();
  }

  /** The dialect owning the path by its prefix; the fallback family for every other path. */
  private Renderer rendererFor(String path) {
    return ownerOf(path).<Renderer>map(dialect -> dialect).orElse(fallback);
  }

  /**
   * Javalin's own refusals as the server faults they are, so that renderers know one family; any
   * other exception as it is.
   */
  private static Throwable asServerFault(Exception e) {
    if (!(e instanceof HttpResponseException refusal)) {
      return e;
    }
    return switch (refusal.getStatus()) {
      case 404 -> new ServerFault.UnknownPath();
      case 405 -> new ServerFault.MethodNotAllowed(allowedMethods(refusal));
      case 413 -> new ServerFault.PayloadTooLarge();
      default -> e;
    };
  }

  /** The methods the path does serve, as Javalin found them. */
  private static List<String> allowedMethods(HttpResponseException e) {
    String allowed =
        e.getDetails().getOrDefault("availableMethods", e.getDetails().get("Available methods"));
    if (allowed == null || allowed.isBlank()) {
      return List.of();
    }
    return Arrays.stream(allowed.split(",")).map(String::strip).toList();
  }

  /**
   * What HTTP asks of some faults whatever the family's body: a refused oversize body is drained
   * and its connection closed, a busy server asks for a retry on a new connection, and a 405 names
   * the methods that are served.
   */
  private static void obeyHttp(Throwable failure, Context ctx) {
    if (failure instanceof ServerFault.PayloadTooLarge) {
      RequestBody.drain(ctx);
    } else if (failure instanceof ServerFault.Busy) {
      ctx.header("Retry-After", "1");
      ctx.header("Connection", "close");
    } else if (failure instanceof ServerFault.MethodNotAllowed notAllowed) {
      ctx.header("Allow", String.join(", ", notAllowed.allowed()));
    }
  }

  private static ServerConnector plain(Server server, HttpConfiguration http, int port) {
    exactHeaderCache(http);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setName("http");
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    // Jetty would shorten a stopping listener's connections to 1 s of idleness, and cut an upload
    // that pauses longer before the grace ran out; they keep their timeout.
    connector.setShutdownIdleTimeout(IDLE_TIMEOUT.toMillis());
    return connector;
  }

  /**
   * Jetty keeps the header lines a connection sent and reuses one for a later line equal to it
   * without regard to case, handing the route the earlier value: a bearer key differing from one
   * sent before on the connection only in case was read as that key and authenticated. Secrets,
   * entity tags and references are case-sensitive, so only an exact repeat may reuse a line.
   */
  private static void exactHeaderCache(HttpConfiguration http) {
    http.setHeaderCacheCaseSensitive(true);
  }

  private static ServerConnector secure(
      Server server, HttpConfiguration http, int port, TlsKeys tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(tls.keyStore());
    ssl.setKeyStorePassword(new String(tls.password()));
    HttpConfiguration https = new HttpConfiguration(http);
    exactHeaderCache(https);
    SecureRequestCustomizer customizer = new SecureRequestCustomizer();
    customizer.setSniHostCheck(false);
    https.addCustomizer(customizer);
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    // Named, so that each listener's connection meters are a series of their own.
    connector.setName("https");
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    // Jetty would shorten a stopping listener's connections to 1 s of idleness, and cut an upload
    // that pauses longer before the grace ran out; they keep their timeout.
    connector.setShutdownIdleTimeout(IDLE_TIMEOUT.toMillis());
    return connector;
  }
}
