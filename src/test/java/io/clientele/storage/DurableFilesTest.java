package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurableFilesTest {
  @Test
  void routesAnEmbeddedFileDatabaseThroughDurableFilesWithNoWriteDelayCompactionAndNoCloseOnExit() {
    assertThat(DurableFiles.durableUrl("jdbc:h2:file:/data/db/clientele;MODE=PostgreSQL"))
        .isEqualTo(
            "jdbc:h2:file:clientele-durable:/data/db/clientele;MODE=PostgreSQL;WRITE_DELAY=0;MAX_COMPACT_TIME=5000"
                + ";DB_CLOSE_ON_EXIT=FALSE");
  }

  @Test
  void keepsAWriteDelayTheOperatorChose() {
    assertThat(DurableFiles.durableUrl("jdbc:h2:file:/data/db/c;write_delay=100"))
        .isEqualTo(
            "jdbc:h2:file:clientele-durable:/data/db/c;write_delay=100;MAX_COMPACT_TIME=5000"
                + ";DB_CLOSE_ON_EXIT=FALSE");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://127.0.0.1:5432/test",
        "jdbc:h2:mem:test;MODE=PostgreSQL",
        "jdbc:h2:file:clientele-durable:/data/db/clientele;WRITE_DELAY=0;MAX_COMPACT_TIME=5000"
      })
  void leavesOtherUrlsAsTheyAre(String url) {
    assertThat(DurableFiles.durableUrl(url)).isEqualTo(url);
  }
}
