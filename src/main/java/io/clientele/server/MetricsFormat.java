package io.clientele.server;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

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

  /** A weight as RFC 9110 writes it: 0 to 1 with at most three decimals. */
  private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

  /**
   * Whether an {@code Accept} header lists {@code application/openmetrics-text} with a non-zero
   * quality, as Prometheus sends it when it prefers OpenMetrics. Empty ranges and stray separators
   * ({@code ;}, {@code ,,;}) are skipped; a range whose weight is not a valid qvalue ({@code
   * q=NaN}, {@code q=2}) counts as not accepted, so a malformed header gets the plain text format.
   */
  static boolean wantsOpenMetrics(String accept) {
    if (accept == null) {
      return false;
    }
    for (String range : accept.split(",")) {
      String[] parts = range.split(";", -1);
      if (parts[0].strip().toLowerCase(Locale.ROOT).equals("application/openmetrics-text")
          && !refused(parts)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a media range's weight is zero or not a qvalue at all. Spaces around the {@code =} are
   * tolerated ({@code q = 0} is a zero), though RFC 9110 allows none.
   */
  private static boolean refused(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i];
      int equals = parameter.indexOf('=');
      if (equals >= 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("q")) {
        String weight = parameter.substring(equals + 1).strip();
        return !QVALUE.matcher(weight).matches() || Double.parseDouble(weight) == 0;
      }
    }
    return false;
  }
}
