package io.clientele.testing;

import io.clientele.cli.Application;
import io.clientele.config.Config;
import io.clientele.config.ConfigException;
import io.clientele.config.ConfigLoader;
import io.clientele.config.DatabaseConfig;
import io.clientele.webhook.WebhookTiming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The whole product started in-process on free ports, with a temporary data directory. */
public final class TestServer implements AutoCloseable {
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

  private final Application app;
  private final Path dataDir;
  private final String startupOutput;
  private boolean ownsDataDir;
  private final HttpClient http;
  private HttpClient https;

  private TestServer(Application app, Path dataDir, String startupOutput) {
    this.app = app;
    this.dataDir = dataDir;
    this.startupOutput = startupOutput;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public static TestServer start(Path dataDir) {
    return start(dataDir, null, Map.of());
  }

  /**
   * @param database the database to use, or {@code null} for the embedded one in {@code dataDir}
   * @param extraFlags more flags, overriding the test defaults
   */
  public static TestServer start(
      Path dataDir, DatabaseConfig database, Map<String, String> extraFlags) {
    return start(dataDir, database, extraFlags, System::nanoTime);
  }

  /**
   * As {@link #start(Path, DatabaseConfig, Map)}, with rate limits refilled by {@code
   * rateLimitClock} (nanoseconds), so a test decides when time passes.
   */
  public static TestServer start(
      Path dataDir,
      DatabaseConfig database,
      Map<String, String> extraFlags,
      LongSupplier rateLimitClock) {
    return start(dataDir, database, extraFlags, rateLimitClock, WebhookTiming.DEFAULT);
  }

  /** As {@link #start(Path, DatabaseConfig, Map)}, with webhooks delivered on {@code timing}. */
  public static TestServer start(Path dataDir, DatabaseConfig database, WebhookTiming timing) {
    return start(dataDir, database, Map.of(), System::nanoTime, timing);
  }

  private static TestServer start(
      Path dataDir,
      DatabaseConfig database,
      Map<String, String> extraFlags,
      LongSupplier rateLimitClock,
      WebhookTiming timing) {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(dataDir, database, extraFlags, rateLimitClock, timing);
      } catch (RuntimeException e) {
        if (attempt == 5 || !isBindFailure(e)) {
          throw e;
        }
      }
    }
  }

  /** A port found free can be taken before the server binds it; such a start is tried again. */
  private static boolean isBindFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.BindException
          || String.valueOf(cause.getMessage()).contains("Port already in use")) {
        return true;
      }
    }
    return false;
  }

  private static TestServer startOnce(
      Path dataDir,
      DatabaseConfig database,
      Map<String, String> extraFlags,
      LongSupplier rateLimitClock,
      WebhookTiming timing) {
    Map<String, String> flags = new HashMap<>();
    flags.put("data-dir", dataDir.toString());
    flags.put("http-port", Integer.toString(freePort()));
    flags.put("https-port", Integer.toString(freePort()));
    if (database != null) {
      flags.put("database-url", database.url());
      flags.put("database-user", database.user());
      flags.put("database-password", database.password());
    }
    flags.putAll(extraFlags);
    try {
      Config config = ConfigLoader.load(flags, Map.of("CLIENTELE_ADMIN_TOKEN", ADMIN_TOKEN));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Application app =
          Application.start(
              config, new PrintStream(out, true, StandardCharsets.UTF_8), rateLimitClock, timing);
      return new TestServer(app, dataDir, out.toString(StandardCharsets.UTF_8));
    } catch (ConfigException e) {
      throw new IllegalStateException(e.problems().toString(), e);
    }
  }

  /** Starts on a temporary data directory of its own, deleted on {@link #close}. */
  public static TestServer startInTemporaryDir(DatabaseConfig database) {
    return startInTemporaryDir(database, System::nanoTime);
  }

  /**
   * As {@link #startInTemporaryDir(DatabaseConfig)}, with rate limits on {@code rateLimitClock}.
   */
  public static TestServer startInTemporaryDir(
      DatabaseConfig database, LongSupplier rateLimitClock) {
    return startInTemporaryDir(database, Map.of(), rateLimitClock);
  }

  /** As {@link #startInTemporaryDir(DatabaseConfig)}, with more flags. */
  public static TestServer startInTemporaryDir(
      DatabaseConfig database, Map<String, String> extraFlags) {
    return startInTemporaryDir(database, extraFlags, System::nanoTime);
  }

  private static TestServer startInTemporaryDir(
      DatabaseConfig database, Map<String, String> extraFlags, LongSupplier rateLimitClock) {
    Path dir;
    try {
      dir = Files.createTempDirectory("clientele-test");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    TestServer server = start(dir, database, extraFlags, rateLimitClock);
    server.ownsDataDir = true;
    return server;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String startupOutput() {
    return startupOutput;
  }

  /**
   * A secret of the sandbox merchant as printed at first start: {@code api_key}, {@code client_id},
   * {@code client_secret}, {@code token} or {@code secret_key}.
   */
  public String sandbox(String name) {
    java.util.regex.Matcher printed =
        java.util.regex.Pattern.compile(" " + name + "=(\\w+)").matcher(startupOutput);
    if (!printed.find()) {
      throw new IllegalStateException("no sandbox " + name + " in the start-up output");
    }
    return printed.group(1);
  }

  /**
   * The sandbox's credentials as raw header lines, in the headers the route family of {@code path}
   * wants (Airpay's with a checksum that is not checked before the route's own rules).
   */
  public String sandboxCredentialHeaders(String path) {
    if (path.startsWith("/customers")) {
      String key = sandbox("api_key");
      return "Authorization: Basic "
          + java.util.Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8))
          + "\r\n";
    }
    if (path.startsWith("/router")) {
      return "x-client-id: "
          + sandbox("client_id")
          + "\r\nx-client-secret: "
          + sandbox("client_secret")
          + "\r\n";
    }
    if (path.startsWith("/airpay")) {
      return "token: " + sandbox("token") + "\r\nchecksum: x\r\n";
    }
    return "Authorization: Bearer " + ADMIN_TOKEN + "\r\n";
  }

  /** Every route the server answers, as {@code METHOD /path/{param}}. */
  public java.util.List<String> routes() {
    return app.servedRoutes();
  }

  public Path dataDir() {
    return dataDir;
  }

  public URI http(String path) {
    return URI.create("http://127.0.0.1:" + app.httpPort() + path);
  }

  public URI https(String path) {
    return URI.create("https://localhost:" + app.httpsPort() + path);
  }

  public HttpRequest.Builder admin(String path) {
    return HttpRequest.newBuilder(http(path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + ADMIN_TOKEN);
  }

  /** Calls the admin API with the test's admin token. */
  public HttpResponse<String> adminCall(String method, String path, String body) {
    return send(admin(path).method(method, HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    HttpClient client = "https".equals(request.uri().getScheme()) ? httpsClient() : http;
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A client trusting only the certificate the server generated in its data directory. */
  public synchronized HttpClient httpsClient() {
    if (https == null) {
      https =
          HttpClient.newBuilder()
              .sslContext(trusting(dataDir.resolve("tls/clientele.pem")))
              .connectTimeout(Duration.ofSeconds(5))
              .build();
    }
    return https;
  }

  public static SSLContext trusting(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      X509Certificate certificate =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("clientele", certificate);
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    app.close();
    if (ownsDataDir) {
      try (var files = Files.walk(dataDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
