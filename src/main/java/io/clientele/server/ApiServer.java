package io.clientele.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP and HTTPS listeners serving one route table, with what every request gets whatever its
 * route: a request id, a body size limit, an access-log line, latency metrics and an error body in
 * the shape of the route family it was sent to.
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
  private final List<FaultBodies> faults;

  /**
   * @param httpPort plain HTTP port, 0 for none
   * @param httpsPort HTTPS port, 0 for none
   * @param tls the key and certificate for HTTPS, {@code null} when {@code httpsPort} is 0
   * @param routes adds every route of the product
   * @param faults error shapes by route family, the last one owning every path
   */
  public ApiServer(
      int httpPort,
      int httpsPort,
      TlsKeys tls,
      PrometheusMeterRegistry metrics,
      Consumer<RoutesConfig> routes,
      List<FaultBodies> faults) {
    this.metrics = metrics;
    this.faults = List.copyOf(faults);
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
              config.routes.before(ApiServer::beforeEveryRequest);
              config.routes.after(ApiServer::afterEveryRequest);
              get(config.routes, "/metrics", this::scrape);
              routes.accept(config.routes);
              config.routes.exception(UnknownPath.class, (e, ctx) -> faultsFor(ctx).notFound(ctx));
              config.routes.exception(RequestBody.TooLarge.class, this::tooLarge);
              config.routes.exception(RequestBody.Busy.class, this::busy);
              config.routes.exception(
                  RequestBody.Unreadable.class, (e, ctx) -> faultsFor(ctx).unreadableBody(ctx));
              config.routes.exception(HttpResponseException.class, this::frameworkResponse);
              config.routes.exception(Exception.class, this::unexpected);
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null) {
                      faultsFor(ctx).notFound(ctx);
                    }
                  });
            });
  }

  /**
   * Adds a GET route with its HEAD twin: the same handler, so the same authentication and status;
   * Jetty sends no body for HEAD.
   */
  public static void get(RoutesConfig routes, String path, Handler handler) {
    routes.get(path, handler);
    routes.head(path, handler);
  }

  /** Whether requests run on virtual threads: they do on JDK 21 and later. */
  public static boolean usesVirtualThreads() {
    return Runtime.version().feature() >= 21;
  }

  public ApiServer start() {
    app.start();
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
          server.insertHandler(new BodyArrival(RequestBody.MAX_BYTES, BODIES_HELD_AT_MOST));
        });
  }

  private static void beforeEveryRequest(Context ctx) {
    RequestIds.assign(ctx);
    if (hasBrokenEscape(ctx.req().getRequestURI())) {
      throw new UnknownPath();
    }
    RequestBody.checkDeclaredLength(ctx);
  }

  /**
   * Whether a {@code %} in the raw path is not followed by two hex digits ({@code %u0041}, say): no
   * route can be named so, and decoding its parameters would fail.
   */
  static boolean hasBrokenEscape(String rawPath) {
    for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
      if (i + 2 >= rawPath.length()
          || Character.digit(rawPath.charAt(i + 1), 16) < 0
          || Character.digit(rawPath.charAt(i + 2), 16) < 0) {
        return true;
      }
    }
    return false;
  }

  /** A 204 says there is no body, so it names no body type either. */
  private static void afterEveryRequest(Context ctx) {
    if (ctx.statusCode() == 204) {
      ctx.res().setContentType(null);
    }
  }

  /** A path no route can have: answered as the route family's 404, before any other check. */
  static final class UnknownPath extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownPath() {
      super("path has a broken percent-escape", null, false, false);
    }
  }

  private void scrape(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  private void logAndMeasure(Context ctx, Float millis) {
    String route = routeOf(ctx);
    int status = ctx.statusCode();
    Timer.builder("http.server.requests")
        .description("HTTP requests by route template and status")
        .tag("method", ctx.method().name())
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(metrics)
        .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    ACCESS.info(
        "{} {} {} {}ms request_id={}{}",
        ctx.method().name(),
        route,
        status,
        String.format(java.util.Locale.ROOT, "%.1f", millis),
        RequestIds.of(ctx),
        AccessLog.tags(ctx));
  }

  /** The matched route's template, never the raw path, which may hold an email or a phone. */
  private static String routeOf(Context ctx) {
    try {
      Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
      return endpoint == null ? UNMATCHED : endpoint.path;
    } catch (RuntimeException none) {
      return UNMATCHED;
    }
  }

  private FaultBodies faultsFor(Context ctx) {
    String path = ctx.path();
    return faults.stream()
        .filter(f -> f.owns(path))
        .findFirst()
        .orElse(faults.get(faults.size() - 1));
  }

  private void tooLarge(Exception e, Context ctx) {
    RequestBody.drain(ctx);
    faultsFor(ctx).payloadTooLarge(ctx);
  }

  private void busy(Exception e, Context ctx) {
    ctx.header("Retry-After", "1");
    ctx.header("Connection", "close");
    faultsFor(ctx).serviceUnavailable(ctx);
  }

  private void frameworkResponse(HttpResponseException e, Context ctx) {
    switch (e.getStatus()) {
      case 413 -> tooLarge(e, ctx);
      case 404 -> faultsFor(ctx).notFound(ctx);
      case 405 -> methodNotAllowed(e, ctx);
      default -> unexpected(e, ctx);
    }
  }

  /** Names the methods the path does serve, as Javalin found them, in an {@code Allow} header. */
  private void methodNotAllowed(HttpResponseException e, Context ctx) {
    String allowed =
        e.getDetails().getOrDefault("availableMethods", e.getDetails().get("Available methods"));
    ctx.header("Allow", allowed == null ? "" : allowed);
    faultsFor(ctx).methodNotAllowed(ctx);
  }

  private void unexpected(Exception e, Context ctx) {
    LOG.error(
        "request_id={} route={} unexpected {}: {}",
        RequestIds.of(ctx),
        routeOf(ctx),
        e.getClass().getName(),
        String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    faultsFor(ctx).internalError(ctx);
  }

  private static ServerConnector plain(Server server, HttpConfiguration http, int port) {
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    return connector;
  }

  private static ServerConnector secure(
      Server server, HttpConfiguration http, int port, TlsKeys tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(tls.keyStore());
    ssl.setKeyStorePassword(new String(tls.password()));
    HttpConfiguration https = new HttpConfiguration(http);
    SecureRequestCustomizer customizer = new SecureRequestCustomizer();
    customizer.setSniHostCheck(false);
    https.addCustomizer(customizer);
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    return connector;
  }
}
