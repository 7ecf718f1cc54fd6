package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.Race;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.TestKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The replay window's memory of accepted Airpay checksums, on both engines, with a clock the test
 * moves: a checksum is accepted once within its window, again after it, and of two or more nodes
 * claiming it at once exactly one wins.
 */
class SeenChecksumsTest {
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  static final Duration WINDOW = Duration.ofMinutes(10);
  static final String SUM = "52fb8f9e437780d72ebc826d73e5d1eef88e44a50b00ae2d5c19e18e390ad0d3";

  TestDatabase testDatabase;
  Database database;
  final MovingClock clock = new MovingClock(T0);

  JdbcSeenChecksums open(TestDatabase.Engine engine) {
    testDatabase = TestDatabase.create(engine);
    database = Database.open(testDatabase.config());
    database.migrate(TestKeys.MASTER);
    return node();
  }

  /** Another node's view of the same table: its own instance, the same database. */
  JdbcSeenChecksums node() {
    return new JdbcSeenChecksums(database.dataSource(), clock, WINDOW);
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

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void acceptsAChecksumOnceWithinItsWindow(TestDatabase.Engine engine) {
    JdbcSeenChecksums seen = open(engine);

    assertThat(seen.claim("m1", "crd_1", SUM)).isTrue();
    clock.advance(WINDOW.minusMillis(1));
    assertThat(seen.claim("m1", "crd_1", SUM)).isFalse();
    assertThat(node().claim("m1", "crd_1", SUM)).as("on another node").isFalse();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void acceptsItAgainOnceTheWindowHasPassedForAWindowMore(TestDatabase.Engine engine) {
    JdbcSeenChecksums seen = open(engine);
    assertThat(seen.claim("m1", "crd_1", SUM)).isTrue();

    clock.advance(WINDOW);
    assertThat(seen.claim("m1", "crd_1", SUM)).as("at the end of the window").isTrue();
    clock.advance(WINDOW.minusMillis(1));
    assertThat(seen.claim("m1", "crd_1", SUM)).as("within the new window").isFalse();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void keepsEachCredentialsChecksumsApart(TestDatabase.Engine engine) {
    JdbcSeenChecksums seen = open(engine);

    assertThat(seen.claim("m1", "crd_1", SUM)).isTrue();
    assertThat(seen.claim("m1", "crd_2", SUM)).isTrue();
    assertThat(seen.claim("m2", "crd_3", SUM)).isTrue();
    assertThat(seen.claim("m1", "crd_1", SUM.replace('5', '6'))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void letsExactlyOneOfEightNodesClaimingAtOnceIn(TestDatabase.Engine engine) throws Exception {
    open(engine);
    for (int round = 0; round < 5; round++) {
      String checksum = SUM.substring(0, 62) + round + "0";
      assertThat(racingClaims(checksum)).as("round " + round).containsOnlyOnce(true);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void letsExactlyOneOfEightNodesReclaimingAnExpiredChecksumIn(TestDatabase.Engine engine)
      throws Exception {
    JdbcSeenChecksums seen = open(engine);
    for (int round = 0; round < 5; round++) {
      String checksum = SUM.substring(0, 62) + round + "1";
      assertThat(seen.claim("m1", "crd_1", checksum)).isTrue();
      clock.advance(WINDOW);
      assertThat(racingClaims(checksum)).as("round " + round).containsOnlyOnce(true);
    }
  }

  private List<Boolean> racingClaims(String checksum) throws Exception {
    List<Callable<Boolean>> claims = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      JdbcSeenChecksums node = node();
      claims.add(() -> node.claim("m1", "crd_1", checksum));
    }
    return Race.of(claims);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void sweepsTheRowsWhoseWindowHasPassedAtMostOnceAMinute(TestDatabase.Engine engine) {
    JdbcSeenChecksums seen = open(engine);
    seen.claim("m1", "crd_1", "a".repeat(64));
    clock.advance(Duration.ofSeconds(30));
    seen.claim("m1", "crd_1", "b".repeat(64));

    clock.advance(WINDOW.minusSeconds(30));
    seen.claim("m1", "crd_1", "c".repeat(64));
    assertThat(stored()).as("a expired and swept").containsExactly("b", "c");

    clock.advance(Duration.ofSeconds(30));
    seen.claim("m1", "crd_1", "d".repeat(64));
    assertThat(stored()).as("b expired, the last sweep 30 s ago").containsExactly("b", "c", "d");

    clock.advance(Duration.ofSeconds(30));
    seen.claim("m1", "crd_1", "e".repeat(64));
    assertThat(stored()).as("b swept a minute after the last").containsExactly("c", "d", "e");
  }

  /** The first letter of each stored checksum, in order. */
  private List<String> stored() {
    return testDatabase.query("select checksum from airpay_checksums order by checksum").stream()
        .map(checksum -> checksum.substring(0, 1))
        .toList();
  }

  /** A clock that stands still until the test moves it. */
  static final class MovingClock extends Clock {
    private volatile Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
