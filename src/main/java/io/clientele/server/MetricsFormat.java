package io.clientele.server;

import java.time.Duration;
import java.util.Locale;

/** How {@code /metrics} answers: which text format, and the request histogram's buckets. */
final class MetricsFormat {
  /**
   * The content types of the Prometheus client's two text writers, which {@code
   * PrometheusMeterRegistry#scrape(String)} chooses between by these very strings.
   */
  static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * The request histogram's upper bounds: thirteen fixed buckets per series, not Micrometer's
   * seventy-odd percentile buckets, so each route adds few series; fine enough for a p99 from the
   * embedded database's milliseconds to a struggling PostgreSQL's seconds.
   */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private MetricsFormat() {}

  /**
   * Whether an {@code Accept} header lists {@code application/openmetrics-text} with a non-zero
   * quality, as Prometheus sends it when it prefers OpenMetrics.
   */
  static boolean wantsOpenMetrics(String accept) {
    if (accept == null) {
      return false;
    }
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      if (parts[0].strip().toLowerCase(Locale.ROOT).equals("application/openmetrics-text")
          && !refused(parts)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a media range's parameters carry {@code q=0}. */
  private static boolean refused(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("q=")) {
        try {
          return Double.parseDouble(parameter.substring(2)) <= 0;
        } catch (NumberFormatException e) {
          return true;
        }
      }
    }
    return false;
  }
}
