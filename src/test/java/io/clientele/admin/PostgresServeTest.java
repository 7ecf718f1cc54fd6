package io.clientele.admin;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestDatabase;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server on the real PostgreSQL: migrated, bootstrapped and serving the admin API. */
class PostgresServeTest {
  @TempDir Path dataDir;

  @Test
  void servesTheAdminApiFromPostgres() {
    try (TestDatabase database = TestDatabase.postgres();
        TestServer server = TestServer.start(dataDir, database.config(), Map.of())) {
      assertThat(server.startupOutput()).contains("Sandbox merchant 'sandbox' created");

      HttpResponse<String> created =
          server.send(
              server
                  .admin("/admin/merchants")
                  .POST(BodyPublishers.ofString(AdminApiTest.M1))
                  .build());
      HttpResponse<String> duplicate =
          server.send(
              server
                  .admin("/admin/merchants")
                  .POST(BodyPublishers.ofString(AdminApiTest.M1))
                  .build());
      HttpResponse<String> read = server.send(server.admin("/admin/merchants/m1").GET().build());
      HttpResponse<String> ready =
          server.send(java.net.http.HttpRequest.newBuilder(server.http("/health/ready")).build());

      assertThat(created.statusCode()).isEqualTo(201);
      assertJson(created.body(), fixture("admin/merchant-m1.json"));
      assertThat(duplicate.statusCode()).isEqualTo(409);
      assertJson(duplicate.body(), fixture("admin/merchant-exists.json"));
      assertThat(read.statusCode()).isEqualTo(200);
      assertJson(read.body(), fixture("admin/merchant-m1.json"));
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(java.nio.file.Files.exists(dataDir.resolve("db"))).isFalse();
    }
  }
}
