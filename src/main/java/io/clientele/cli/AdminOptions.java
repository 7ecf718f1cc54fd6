package io.clientele.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every admin command takes: which server, which token, which certificate, JSON. */
final class AdminOptions {
  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "Server URL (default http://localhost:8080; CLIENTELE_SERVER).")
  String server;

  @Option(
      names = "--admin-token",
      paramLabel = "TOKEN",
      description =
          "Admin token; prefer CLIENTELE_ADMIN_TOKEN, which no process list shows"
              + " (default: the data directory's admin-token file).")
  String adminToken;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Data directory of a server on this host, for its admin-token file (default"
              + " ./clientele-data; CLIENTELE_DATA_DIR).")
  String dataDir;

  @Option(
      names = "--cacert",
      paramLabel = "FILE",
      description =
          "PEM certificate to trust for https, such as clientele-data/tls/clientele.pem"
              + " (default: the JDK's trusted authorities; CLIENTELE_CACERT).")
  String cacert;

  @Option(
      names = "--json",
      description = "Print the admin API's JSON on one line instead of a table.")
  boolean json;

  /** The flags given, by setting; absent flags are left out so the environment shows through. */
  Map<String, String> asMap() {
    Map<String, String> flags = new LinkedHashMap<>();
    put(flags, "server", server);
    put(flags, "admin-token", adminToken);
    put(flags, "data-dir", dataDir);
    put(flags, "cacert", cacert);
    return flags;
  }

  private static void put(Map<String, String> flags, String key, String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }

  @Override
  public String toString() {
    return "AdminOptions[server=" + server + ", json=" + json + "]";
  }
}
