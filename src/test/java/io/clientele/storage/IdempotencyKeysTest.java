package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.customer.IdempotencyKey;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.TestKeys;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How long idempotency keys live, on both engines, with a clock the test moves: a key is honoured
 * for {@link JdbcIdempotencyKeys#KEPT}, and swept once that has passed.
 */
class IdempotencyKeysTest {
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  static final IdempotencyKey KEY =
      new IdempotencyKey("canonical", "order-1", new byte[] {1, 2, 3});

  TestDatabase testDatabase;
  Database database;
  final SeenChecksumsTest.MovingClock clock = new SeenChecksumsTest.MovingClock(T0);

  JdbcIdempotencyKeys open(TestDatabase.Engine engine) throws SQLException {
    testDatabase = TestDatabase.create(engine);
    database = Database.open(testDatabase.config());
    database.migrate(TestKeys.MASTER);
    try (Connection connection = database.dataSource().getConnection()) {
      Sql.update(
          connection,
          "insert into merchants (id, name, created_at) values (?, ?, ?)",
          "m1",
          "One",
          T0);
    }
    return new JdbcIdempotencyKeys(
        database.dataSource(), new Keyring(database.dataSource(), TestKeys.MASTER), clock);
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
    if (testDatabase != null) {
      testDatabase.close();
    }
  }

  /** A write's key claimed and its answer, which holds nothing personal, recorded at {@code T0}. */
  private void answered(JdbcIdempotencyKeys keys) throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      JdbcIdempotencyKeys.claim(connection, "m1", KEY, clock.instant(), "cus_1", 2L);
    }
    keys.record(
        "m1",
        KEY,
        "cus_1",
        new JdbcIdempotencyKeys.Answer(
            200, Map.of("ETag", "\"2\""), "{}".getBytes(StandardCharsets.UTF_8)),
        false);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void honoursAKeyForTwentyFourHours(TestDatabase.Engine engine) throws SQLException {
    JdbcIdempotencyKeys keys = open(engine);
    answered(keys);

    clock.advance(JdbcIdempotencyKeys.KEPT.minusSeconds(1));

    assertThat(keys.find("m1", KEY))
        .hasValueSatisfying(
            prior -> {
              assertThat(prior).isInstanceOf(JdbcIdempotencyKeys.Answered.class);
              JdbcIdempotencyKeys.Answer answer = ((JdbcIdempotencyKeys.Answered) prior).answer();
              assertThat(answer.status()).isEqualTo(200);
              assertThat(answer.headers()).isEqualTo(Map.of("ETag", "\"2\""));
              assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
            });
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void sweepsAKeyOnceTwentyFourHoursHavePassed(TestDatabase.Engine engine) throws SQLException {
    JdbcIdempotencyKeys keys = open(engine);
    answered(keys);
    assertThat(keys.find("m1", KEY)).as("a sweep at T0 keeps it").isPresent();

    clock.advance(JdbcIdempotencyKeys.KEPT);

    assertThat(keys.find("m1", KEY)).isEmpty();
    assertThat(testDatabase.query("select count(*) from idempotency_keys")).containsExactly("0");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void sweepsAtMostOnceAMinutePerNode(TestDatabase.Engine engine) throws SQLException {
    JdbcIdempotencyKeys keys = open(engine);
    answered(keys);
    clock.advance(JdbcIdempotencyKeys.KEPT.minus(Duration.ofSeconds(30)));
    assertThat(keys.find("m1", KEY)).as("swept, but not yet old enough").isPresent();

    clock.advance(Duration.ofSeconds(30));
    assertThat(keys.find("m1", KEY)).as("old enough, but swept 30 s ago").isPresent();
    clock.advance(JdbcIdempotencyKeys.MOST_BETWEEN_SWEEPS);

    assertThat(keys.find("m1", KEY)).isEmpty();
  }
}
