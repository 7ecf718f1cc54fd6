package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a request deadline is shared among the database's waits. */
class TimeoutsTest {
  @ParameterizedTest(name = "deadline {0} ms")
  @CsvSource({
    "1000, 400, 250",
    "2000, 1400, 250",
    "5000, 3500, 500",
    "30000, 21000, 1000",
  })
  void leavesTheOverrunsRoomInsideTheDeadline(long deadline, long budget, long validation) {
    Timeouts timeouts = Timeouts.of(Duration.ofMillis(deadline));

    assertThat(timeouts.databaseBudget()).isEqualTo(Duration.ofMillis(budget));
    assertThat(timeouts.validation()).isEqualTo(Duration.ofMillis(validation));
    assertThat(
            timeouts.databaseBudget().plus(ArrivalOrder.MIN_POOL_WAIT).plus(timeouts.validation()))
        .isLessThan(Duration.ofMillis(deadline));
  }

  @Test
  void givesTheEmbeddedDatabaseALockTimeoutOfTheBudgetUnlessItsUrlHasOne() {
    Timeouts timeouts = Timeouts.of(Duration.ofSeconds(5));

    assertThat(timeouts.applyTo("jdbc:h2:mem:x;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:mem:x;MODE=PostgreSQL;LOCK_TIMEOUT=3500");
    assertThat(timeouts.applyTo("jdbc:h2:mem:x;lock_timeout=100"))
        .isEqualTo("jdbc:h2:mem:x;lock_timeout=100");
    assertThat(timeouts.applyTo("jdbc:postgresql://db/c")).isEqualTo("jdbc:postgresql://db/c");
  }
}
