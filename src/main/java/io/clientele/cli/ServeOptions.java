package io.clientele.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The flags only a running server has: how long a request may take and a stop may wait, and the
 * safeguards beyond the gateways' own schemes.
 */
final class ServeOptions {
  /** The configuration keys these flags set, which {@code migrate} has no use for. */
  static final List<String> KEYS =
      List.of("request-timeout", "shutdown-grace", "require-https", "airpay-replay-window");

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      description =
          "Deadline of a request once its body has arrived, as 2500ms, 5s or 1m, from 1s to 10m;"
              + " a database that stops answering costs a request no more, answered as the"
              + " dialect's server error (default 5s; CLIENTELE_REQUEST_TIMEOUT).")
  String requestTimeout;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "DURATION",
      description =
          "On SIGTERM, how long requests in flight may take to finish while new connections are"
              + " refused, from 0s to 10m (default 8s; CLIENTELE_SHUTDOWN_GRACE).")
  String shutdownGrace;

  @Option(
      names = "--require-https",
      paramLabel = "FAMILIES",
      description =
          "Refuse on the plain HTTP port the requests of these route families, a comma-separated"
              + " list of juspay, flowwise, airpay, canonical and admin, or all, each with a 403 in"
              + " its own"
              + " error shape; health, metrics and docs stay on HTTP. X-Forwarded-Proto is not"
              + " read (default none; CLIENTELE_REQUIRE_HTTPS).")
  String requireHttps;

  @Option(
      names = "--airpay-replay-window",
      paramLabel = "DURATION",
      description =
          "Refuse an Airpay checksum its token had accepted within this window, on every node"
              + " sharing the database, with Airpay's 401: a client repeating a request must vary"
              + " a parameter. From 0s (off) to 1440m (default 0s;"
              + " CLIENTELE_AIRPAY_REPLAY_WINDOW).")
  String airpayReplayWindow;

  /** The flags given, by configuration key. */
  Map<String, String> asMap() {
    Map<String, String> flags = new LinkedHashMap<>();
    if (requestTimeout != null) {
      flags.put("request-timeout", requestTimeout);
    }
    if (shutdownGrace != null) {
      flags.put("shutdown-grace", shutdownGrace);
    }
    if (requireHttps != null) {
      flags.put("require-https", requireHttps);
    }
    if (airpayReplayWindow != null) {
      flags.put("airpay-replay-window", airpayReplayWindow);
    }
    return flags;
  }
}
