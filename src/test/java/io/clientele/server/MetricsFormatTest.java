package io.clientele.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which {@code Accept} headers get OpenMetrics from {@code /metrics}: those that list it with a
 * non-zero weight; every other header, malformed ones included, gets Prometheus' text format and
 * never a failure.
 */
class MetricsFormatTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/openmetrics-text",
        "application/openmetrics-text; version=1.0.0",
        "Application/OpenMetrics-Text;q=0.5",
        "application/openmetrics-text;q=1",
        "application/openmetrics-text;q=1.000",
        "application/openmetrics-text;q=0.001",
        "application/openmetrics-text ; q = 0.5",
        ";,application/openmetrics-text",
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
            + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
      })
  void wantsOpenMetricsWhenListedWithAWeightAboveZero(String accept) {
    assertThat(MetricsFormat.wantsOpenMetrics(accept)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ";",
        ",,,;;;",
        "a,;",
        ";;application/openmetrics-text",
        "text/plain",
        "*/*",
        "application/openmetrics-text;q=0",
        "application/openmetrics-text;q=0.000",
        "application/openmetrics-text; q = 0",
        "application/openmetrics-text;Q=0",
        "application/openmetrics-text;q=NaN",
        "application/openmetrics-text;q=Infinity",
        "application/openmetrics-text;q=-1",
        "application/openmetrics-text;q=2",
        "application/openmetrics-text;q=1e0",
        "application/openmetrics-text;q=0.0001",
        "application/openmetrics-text;q=",
        "application/openmetrics-text;q=0, text/plain;q=0.5"
      })
  void wantsTheTextFormatOtherwise(String accept) {
    assertThat(MetricsFormat.wantsOpenMetrics(accept)).isFalse();
  }
}
