package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which of H2's errors make the pool drop a connection, and that readiness hears of them. */
class ClosedH2EvictionTest {
  @ParameterizedTest
  @CsvSource({
    "90098, MUST_EVICT",
    "90121, MUST_EVICT",
    "90007, CONTINUE_EVICT",
    "23505, CONTINUE_EVICT",
    "50200, CONTINUE_EVICT",
    "0, CONTINUE_EVICT"
  })
  void evictsOnlyConnectionsToADatabaseH2Closed(int code, SQLExceptionOverride.Override expected) {
    ClosedH2Eviction eviction = new ClosedH2Eviction();
    SQLException failure = new SQLException("failed", Integer.toString(code), code);

    assertThat(eviction.adjudicate(failure)).isEqualTo(expected);
    assertThat(eviction.seenWithin(60_000))
        .isEqualTo(expected == SQLExceptionOverride.Override.MUST_EVICT);
  }
}
