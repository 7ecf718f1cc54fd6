package io.clientele.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration flags every command that touches the store accepts. */
final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with the keys below, without the dashes (CLIENTELE_CONFIG).")
  String config;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "HTTP port, 0 for none (default 8080; CLIENTELE_HTTP_PORT).")
  String httpPort;

  @Option(
      names = "--https-port",
      paramLabel = "PORT",
      description = "HTTPS port, 0 for none (default 8443; CLIENTELE_HTTPS_PORT).")
  String httpsPort;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data directory (default ./clientele-data; CLIENTELE_DATA_DIR).")
  String dataDir;

  @Option(
      names = "--database-url",
      paramLabel = "URL",
      description =
          "jdbc:postgresql://… (default: embedded H2 in the data directory;"
              + " CLIENTELE_DATABASE_URL).")
  String databaseUrl;

  @Option(
      names = "--database-user",
      paramLabel = "USER",
      description = "Database user (default none; CLIENTELE_DATABASE_USER).")
  String databaseUser;

  @Option(
      names = "--database-password",
      paramLabel = "PASSWORD",
      description = "Database password (default none; CLIENTELE_DATABASE_PASSWORD).")
  String databasePassword;

  @Option(
      names = "--tls-keystore",
      paramLabel = "FILE",
      description =
          "PKCS12 keystore (default: a generated self-signed certificate;"
              + " CLIENTELE_TLS_KEYSTORE).")
  String tlsKeystore;

  @Option(
      names = "--tls-keystore-password",
      paramLabel = "PASSWORD",
      description = "Keystore password (default none; CLIENTELE_TLS_KEYSTORE_PASSWORD).")
  String tlsKeystorePassword;

  @Option(
      names = "--sandbox-keys",
      paramLabel = "FILE",
      description =
          "JSON file of well-known test credentials to seed at start, for test suites; never in"
              + " production (default none: the sandbox gets random ones; CLIENTELE_SANDBOX_KEYS).")
  String sandboxKeys;

  @Option(
      names = "--master-key-file",
      paramLabel = "FILE",
      description =
          "File holding the master key (32 bytes in base64) every data key is wrapped under; keep"
              + " it outside the data directory (default: CLIENTELE_DATA_KEY, else a key generated"
              + " into <data-dir>/data-key; CLIENTELE_MASTER_KEY_FILE).")
  String masterKeyFile;

  @Option(
      names = "--previous-master-key-file",
      paramLabel = "FILE",
      description =
          "The master key being replaced: a start re-wraps everything it wrapped under the"
              + " current one, after which the file can be destroyed (default none;"
              + " CLIENTELE_PREVIOUS_MASTER_KEY_FILE).")
  String previousMasterKeyFile;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      description =
          "text, or json: one JSON object a line, and nothing else on standard output"
              + " (default text; CLIENTELE_LOG_FORMAT).")
  String logFormat;

  /**
   * The flags given, by configuration key; absent flags are left out so lower layers show through.
   */
  Map<String, String> asMap() {
    Map<String, String> flags = new LinkedHashMap<>();
    put(flags, "config", config);
    put(flags, "http-port", httpPort);
    put(flags, "https-port", httpsPort);
    put(flags, "data-dir", dataDir);
    put(flags, "database-url", databaseUrl);
    put(flags, "database-user", databaseUser);
    put(flags, "database-password", databasePassword);
    put(flags, "tls-keystore", tlsKeystore);
    put(flags, "tls-keystore-password", tlsKeystorePassword);
    put(flags, "sandbox-keys", sandboxKeys);
    put(flags, "master-key-file", masterKeyFile);
    put(flags, "previous-master-key-file", previousMasterKeyFile);
    put(flags, "log-format", logFormat);
    return flags;
  }

  private static void put(Map<String, String> flags, String key, String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }
}
