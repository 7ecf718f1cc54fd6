package io.clientele.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.LogCapture;
import io.clientele.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A {@code last_used_at} that cannot be written never fails the request it belongs to. */
class LastUsedAtFailureTest {

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void aRefusedLastUseWriteIsLoggedWithoutASecretAndTheRequestsSucceed(TestDatabase.Engine engine)
      throws Exception {
    try (Hostile h = Hostile.start(engine)) {
      HostileCredentialLifecycleTest.merchants(h);
      try (Connection c =
              DriverManager.getConnection(
                  h.database().config().url(),
                  h.database().config().user(),
                  h.database().config().password());
          Statement s = c.createStatement()) {
        s.execute(
            "alter table credentials add constraint hostile_no_use check (last_used_at is null)");
      }
      try (LogCapture logs = LogCapture.everyLogger()) {
        for (String body : HostileCredentialLifecycleTest.BODIES) {
          JsonNode credential = HostileCredentialLifecycleTest.issue(h, "m1", body);

          assertThat(HostileCredentialLifecycleTest.use(h, credential)).as(body).isEqualTo(200);
          assertThat(HostileCredentialLifecycleTest.use(h, credential)).as(body).isEqualTo(200);

          for (String field : List.of("api_key", "client_secret", "token", "secret_key")) {
            if (credential.has(field)) {
              String secret = credential.get(field).textValue();
              assertThat(logs.lines()).noneMatch(line -> line.contains(secret.substring(0, 10)));
            }
          }
        }
        assertThat(logs.linesAtLeast(Level.WARN))
            .isNotEmpty()
            .allMatch(
                line ->
                    line.matches(
                        "WARN io.clientele.merchant.Authenticator credential_id=crd_[0-9a-f]{16}"
                            + " last_used_at not written: StorageException"));
        assertThat(h.query("select count(*) from credentials where last_used_at is not null"))
            .containsExactly("0");
      }
    }
  }
}
