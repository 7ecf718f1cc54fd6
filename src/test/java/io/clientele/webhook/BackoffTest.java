package io.clientele.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(60), 6);

  @ParameterizedTest(name = "after attempt {0}, wait {1} s")
  @CsvSource({"1, 10", "2, 20", "3, 40", "4, 60", "5, 60"})
  void doublesTheWaitAfterEachFailedAttemptUpToTheCap(int made, long seconds) {
    assertThat(BACKOFF.after(made)).contains(Duration.ofSeconds(seconds));
  }

  @Test
  void givesUpAfterTheLastAttempt() {
    assertThat(BACKOFF.after(6)).isEqualTo(Optional.empty());
    assertThat(BACKOFF.after(7)).isEqualTo(Optional.empty());
  }

  @Test
  void neverOverflowsPastTheCap() {
    Backoff many = new Backoff(Duration.ofSeconds(1), Duration.ofHours(1), 10_000);

    assertThat(many.after(9_999)).contains(Duration.ofHours(1));
  }

  @Test
  void boundsHowLongAnEventIsRetried() {
    assertThat(BACKOFF.givenUpAfter()).isEqualTo(Duration.ofSeconds(10 + 20 + 40 + 60 + 60));
    assertThat(Backoff.DEFAULT.givenUpAfter())
        .isBetween(Duration.ofHours(22), Duration.ofHours(24));
  }

  @Test
  void refusesABaseAboveTheCapOrNoAttempt() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
