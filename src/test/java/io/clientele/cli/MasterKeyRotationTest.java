package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import io.clientele.vault.MasterKeys;
import io.clientele.vault.TestKeys;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master key rotation across starts: a start holding the new key and the previous one re-wraps
 * every stored key under the new one, after which the new key alone suffices and the old one alone
 * is refused.
 */
class MasterKeyRotationTest {
  static final String ID_A = MasterKeys.of(TestKeys.bytes(0xA)).currentId();
  static final String ID_B = MasterKeys.of(TestKeys.bytes(0xB)).currentId();

  @TempDir Path dataDir;
  @TempDir Path keys;
  TestDatabase database;
  Path keyA;
  Path keyB;
  String key;

  @BeforeEach
  void writeKeys() throws IOException {
    database = TestDatabase.h2();
    keyA = keys.resolve("a.key");
    keyB = keys.resolve("b.key");
    Files.writeString(keyA, Base64.getEncoder().encodeToString(TestKeys.bytes(0xA)) + "\n");
    Files.writeString(keyB, Base64.getEncoder().encodeToString(TestKeys.bytes(0xB)));
    // owner-only, as docs/operations.md asks, so the start does not warn
    Files.setPosixFilePermissions(
        keyA, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(
        keyB, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  TestServer start(Map<String, String> flags) {
    return TestServer.start(dataDir, database.config(), flags);
  }

  /** Every stored wrapped key and sealed secret, by the master key id it names. */
  List<String> keyIds() {
    return database.query(
        """
        select 'merchant_keys', substring(wrapped_key, 1, 10), count(*) from merchant_keys
        group by substring(wrapped_key, 1, 10)
        union all
        select 'index_key', substring(index_key, 1, 10), count(*) from merchants
        where index_key is not null group by substring(index_key, 1, 10)
        union all
        select 'sealed_secret', substring(sealed_secret, 1, 10), count(*) from credentials
        where sealed_secret is not null group by substring(sealed_secret, 1, 10)
        union all
        select 'webhook_secret', substring(sealed_secret, 1, 10), count(*) from webhooks
        group by substring(sealed_secret, 1, 10)
        order by 1, 2""");
  }

  HttpResponse<String> juspay(TestServer server, String method, String path, String form) {
    return server.send(
        HttpRequest.newBuilder(server.http(path))
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, BodyPublishers.ofString(form))
            .build());
  }

  Map<String, String> read(TestServer server, List<String> ids) {
    Map<String, String> bodies = new LinkedHashMap<>();
    for (String id : ids) {
      HttpResponse<String> read = juspay(server, "GET", "/customers/" + id, "");
      assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
      bodies.put(id, read.body());
    }
    return bodies;
  }

  @Test
  void reWrapsEveryStoredKeyUnderTheNewMasterKeyAndThenNeedsItAlone() {
    List<String> ids = new ArrayList<>();
    Map<String, String> before;
    try (TestServer first = start(Map.of("master-key-file", keyA.toString()))) {
      key = first.sandbox("api_key");
      HttpResponse<String> merchant =
          first.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"m1\",\"name\":\"One\"}");
      assertThat(merchant.statusCode()).isEqualTo(201);
      HttpResponse<String> airpay =
          first.adminCall("POST", "/admin/merchants/m1/credentials", "{\"dialect\":\"airpay\"}");
      assertThat(airpay.statusCode()).as(airpay.body()).isEqualTo(201);
      HttpResponse<String> webhook =
          first.adminCall(
              "POST", "/admin/merchants/m1/webhooks", "{\"url\":\"https://hooks.example.com/\"}");
      assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(201);
      for (int i = 1; i <= 3; i++) {
        HttpResponse<String> created =
            juspay(
                first,
                "POST",
                "/customers",
                "object_reference_id=customer-"
                    + i
                    + "&mobile_number=987654321"
                    + i
                    + "&email_address=c"
                    + i
                    + "%40example.com&first_name=Name"
                    + i);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        ids.add(JsonAssert.parse(created.body()).get("id").textValue());
      }
      before = read(first, ids);
    }
    assertThat(keyIds())
        .containsExactly(
            "index_key|" + ID_A + ":|1",
            "merchant_keys|" + ID_A + ":|1",
            "sealed_secret|" + ID_A + ":|2",
            "webhook_secret|" + ID_A + ":|1");

    try (TestServer rotating =
        start(
            Map.of(
                "master-key-file", keyB.toString(),
                "previous-master-key-file", keyA.toString()))) {
      assertThat(read(rotating, ids)).isEqualTo(before);
    }
    assertThat(keyIds())
        .containsExactly(
            "index_key|" + ID_B + ":|1",
            "merchant_keys|" + ID_B + ":|1",
            "sealed_secret|" + ID_B + ":|2",
            "webhook_secret|" + ID_B + ":|1");

    try (TestServer rotated = start(Map.of("master-key-file", keyB.toString()))) {
      assertThat(read(rotated, ids)).isEqualTo(before);
      assertThat(rotated.adminCall("GET", "/admin/merchants/sandbox/keys", "").body())
          .contains("\"master_key_id\":\"" + ID_B + "\"");
    }

    CliRun refused =
        CliRun.run(
            Map.of("CLIENTELE_ADMIN_TOKEN", TestServer.ADMIN_TOKEN),
            "serve",
            "--data-dir",
            dataDir.toString(),
            "--database-url",
            database.config().url(),
            "--master-key-file",
            keyA.toString(),
            "--http-port",
            Integer.toString(TestServer.freePort()),
            "--https-port",
            "0");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err())
        .isEqualTo(
            "clientele: cannot start: the database's keys are sealed under master key "
                + ID_B
                + ", which this node does not hold: it holds "
                + ID_A
                + " ("
                + keyA
                + "); start with that key as --master-key-file, or as --previous-master-key-file"
                + " to rotate to a new one\n");
    assertThat(keyIds())
        .as("the refused start changed nothing")
        .containsExactly(
            "index_key|" + ID_B + ":|1",
            "merchant_keys|" + ID_B + ":|1",
            "sealed_secret|" + ID_B + ":|2",
            "webhook_secret|" + ID_B + ":|1");
  }
}
