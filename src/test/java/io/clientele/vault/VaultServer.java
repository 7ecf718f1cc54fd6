package io.clientele.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.config.ConfigLoader;
import io.clientele.config.DatabaseConfig;
import io.clientele.dialect.airpay.Checksum;
import io.clientele.server.FormBody;
import io.clientele.storage.Database;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real server on H2 (the embedded file in its data directory) or on PostgreSQL, with merchants
 * holding a credential of every dialect, the calls each dialect's client makes, and a look at the
 * database behind the server's back: what an attacker with a copy of it would see.
 */
final class VaultServer implements AutoCloseable {
  final TestDatabase.Engine engine;
  final Path dataDir;
  final DatabaseConfig config;
  private final TestDatabase postgres;
  private TestServer server;
  private final Map<String, Merchant> merchants = new LinkedHashMap<>();

  /** One merchant's credentials, a Flowwise project's client and an Airpay token. */
  record Merchant(
      String id,
      String juspayKey,
      String flowwiseId,
      String flowwiseSecret,
      String airpayToken,
      String airpaySecret) {}

  VaultServer(TestDatabase.Engine engine, Path dataDir) {
    this.engine = engine;
    this.dataDir = dataDir;
    if (engine == TestDatabase.Engine.POSTGRES) {
      postgres = TestDatabase.postgres();
      config = postgres.config();
    } else {
      postgres = null;
      config = new DatabaseConfig(ConfigLoader.embeddedUrl(dataDir), "", "");
    }
    server = TestServer.start(dataDir, config, Map.of());
  }

  TestServer server() {
    return server;
  }

  /** Creates a merchant named {@code name} with a credential of every dialect. */
  Merchant merchant(String id, String name) {
    HttpResponse<String> created =
        admin(
            "POST",
            "/admin/merchants",
            "{\"merchant_id\":\"" + id + "\",\"name\":\"" + name + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode juspay = issue(id, "{\"dialect\":\"juspay\"}");
    JsonNode flowwise = issue(id, "{\"dialect\":\"flowwise\",\"project_id\":\"proj_vault\"}");
    JsonNode airpay = issue(id, "{\"dialect\":\"airpay\"}");
    Merchant merchant =
        new Merchant(
            id,
            juspay.get("api_key").textValue(),
            flowwise.get("client_id").textValue(),
            flowwise.get("client_secret").textValue(),
            airpay.get("token").textValue(),
            airpay.get("secret_key").textValue());
    merchants.put(id, merchant);
    return merchant;
  }

  private JsonNode issue(String merchantId, String body) {
    HttpResponse<String> issued =
        admin("POST", "/admin/merchants/" + merchantId + "/credentials", body);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    return JsonAssert.parse(issued.body());
  }

  HttpResponse<String> admin(String method, String path, String body) {
    return server.adminCall(method, path, body);
  }

  /** A canonical API call with a fresh canonical key of {@code merchant}. */
  HttpResponse<String> canonical(Merchant merchant, String method, String path, String json) {
    HttpResponse<String> issued =
        admin(
            "POST",
            "/admin/merchants/" + merchant.id() + "/credentials",
            "{\"dialect\":\"canonical\"}");
    String key = io.clientele.testing.JsonAssert.parse(issued.body()).get("api_key").textValue();
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(server.http(path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json");
    return server.send(
        request
            .method(
                method,
                json == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<String> adminGet(String path) {
    return server.send(server.admin(path).GET().build());
  }

  static String form(Map<String, String> fields) {
    List<String> pairs = new ArrayList<>();
    fields.forEach(
        (name, value) -> pairs.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return String.join("&", pairs);
  }

  private HttpRequest.Builder juspayRequest(Merchant merchant, String path) {
    return HttpRequest.newBuilder(server.http(path))
        .timeout(Duration.ofSeconds(20))
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((merchant.juspayKey() + ":").getBytes(StandardCharsets.UTF_8)));
  }

  /** A Juspay create or update ({@code path} {@code /customers} or {@code /customers/{id}}). */
  HttpResponse<String> juspayPost(Merchant merchant, String path, String form) {
    return server.send(
        juspayRequest(merchant, path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form))
            .build());
  }

  HttpResponse<String> juspayGet(Merchant merchant, String idOrReference) {
    return server.send(juspayRequest(merchant, "/customers/" + idOrReference).GET().build());
  }

  HttpResponse<String> flowwise(Merchant merchant, String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.http(path))
            .timeout(Duration.ofSeconds(20))
            .header("x-client-id", merchant.flowwiseId())
            .header("x-client-secret", merchant.flowwiseSecret());
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return server.send(
        request
            .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json))
            .build());
  }

  /** Airpay's update-customer, signed with the merchant's secret key. */
  HttpResponse<String> airpay(Merchant merchant, String form) {
    List<String> values = FormBody.parse(form).stream().map(FormBody.Pair::value).toList();
    return server.send(
        HttpRequest.newBuilder(server.http("/airpay/ms/cards/api/update-customer"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("token", merchant.airpayToken())
            .header("checksum", Checksum.of(values, merchant.airpaySecret()))
            .POST(BodyPublishers.ofString(form))
            .build());
  }

  HttpResponse<String> importRows(String merchantId, String... rows) {
    return admin(
        "POST",
        "/admin/merchants/" + merchantId + "/customers/import",
        "{\"customers\":[" + String.join(",", rows) + "]}");
  }

  /**
   * Rotates the merchant's data key and waits until the rotation says it is finished; answers the
   * last {@code GET …/keys} body.
   */
  JsonNode rotateAndWait(String merchantId) throws InterruptedException {
    HttpResponse<String> started =
        admin("POST", "/admin/merchants/" + merchantId + "/keys/rotate", "");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> keys = adminGet("/admin/merchants/" + merchantId + "/keys");
      assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
      JsonNode shown = JsonAssert.parse(keys.body());
      if ("finished".equals(shown.at("/rotation/state").textValue())) {
        return shown;
      }
      assertThat(System.nanoTime())
          .as("rotation finished within 30 s: " + shown)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The master key the server generated into its data directory. */
  MasterKeys masterKeys() {
    try {
      return MasterKeys.of(
          Base64.getDecoder()
              .decode(
                  Files.readString(dataDir.resolve("data-key"), StandardCharsets.UTF_8).strip()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A pool of its own over the server's database, opened as the server opens it (an embedded H2
   * file is then shared in this JVM, not locked against).
   */
  Database open() {
    return Database.open(config);
  }

  /** Every base table of the server's schema and its columns, as the database lists them. */
  static Map<String, List<String>> columns(Connection connection) throws SQLException {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                """
                select c.table_name, c.column_name from information_schema.columns c
                join information_schema.tables t
                  on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = current_schema and t.table_type = 'BASE TABLE'
                order by c.table_name, c.ordinal_position""")) {
      while (rows.next()) {
        columns.computeIfAbsent(rows.getString(1), t -> new ArrayList<>()).add(rows.getString(2));
      }
    }
    return columns;
  }

  /**
   * Every value of every column of every table as text, keyed {@code table.column}: text as it is,
   * numbers and times cast to text, and binary values decoded both as UTF-8 and as Latin-1 (one
   * character per byte), so a value stored in clear in a binary column is found as well.
   */
  static Map<String, List<String>> everyValue(Connection connection) throws SQLException {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> table : columns(connection).entrySet()) {
      for (String column : table.getValue()) {
        List<String> texts = new ArrayList<>();
        try (PreparedStatement select =
                connection.prepareStatement(
                    "select \"" + column + "\" from \"" + table.getKey() + "\"");
            ResultSet rows = select.executeQuery()) {
          boolean binary =
              switch (rows.getMetaData().getColumnType(1)) {
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> true;
                default -> false;
              };
          while (rows.next()) {
            if (binary) {
              byte[] bytes = rows.getBytes(1);
              if (bytes != null) {
                texts.add(new String(bytes, StandardCharsets.UTF_8));
                texts.add(new String(bytes, StandardCharsets.ISO_8859_1));
              }
            } else if (rows.getString(1) != null) {
              texts.add(rows.getString(1));
            }
          }
        }
        values.put(table.getKey() + "." + column, texts);
      }
    }
    return values;
  }

  /** Stops the server; an embedded database is then closed and its file complete. */
  void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
    if (postgres != null) {
      postgres.close();
    }
  }
}
