package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartupTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void pointsToTheReadmeWhenTheHeapIsTheJvmsDefault() {
    assertThat(Startup.heap(6144 * MIB, List.of("-Duser.timezone=UTC")))
        .isEqualTo(
            "Heap: up to 6144 MiB, the JVM's default; README, \"Memory\", says how to bound it");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-Xmx160m",
        "-XX:MaxHeapSize=167772160",
        "-XX:MaxRAMPercentage=50",
        "-XX:MaxRAM=1g"
      })
  void statesTheBoundAloneWhenTheOperatorSetIt(String flag) {
    assertThat(Startup.heap(160 * MIB, List.of("-Duser.timezone=UTC", flag)))
        .isEqualTo("Heap: up to 160 MiB");
  }
}
