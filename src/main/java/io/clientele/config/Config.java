package io.clientele.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a Clientele node needs to start, validated once at startup.
 *
 * @param httpPort plain HTTP port, 0 when off
 * @param httpsPort HTTPS port, 0 when off
 * @param dataDir where the embedded database, generated secrets and certificates live
 * @param database how to reach the database
 * @param tlsKeystore the operator's PKCS12 keystore, or empty for a generated self-signed one
 * @param adminToken the admin token given by the environment, or empty to use the one in the data
 *     dir
 * @param dataKey the master key from {@code CLIENTELE_DATA_KEY} or {@code --master-key-file}, or
 *     empty to use the one in the data dir
 * @param sandboxKeys well-known test credentials to seed at start, or empty for none (the sandbox
 *     of an empty database then gets random ones)
 * @param logFormat how the log is written on standard output
 * @param requestTimeout how long a request may take once its body has arrived; its database work is
 *     bounded to fit inside it
 * @param shutdownGrace how long a stopping server lets the requests in flight finish
 * @param safeguards the protections beyond the gateways' own schemes the operator turned on
 * @param masterKeys where the master key came from, and the previous one a rotation re-wraps from
 */
public record Config(
    int httpPort,
    int httpsPort,
    Path dataDir,
    DatabaseConfig database,
    Optional<TlsKeystore> tlsKeystore,
    Optional<String> adminToken,
    Optional<byte[]> dataKey,
    Optional<SandboxKeys> sandboxKeys,
    LogFormat logFormat,
    Duration requestTimeout,
    Duration shutdownGrace,
    Safeguards safeguards,
    MasterKeySources masterKeys) {

  /** A configuration with no safeguard beyond the gateways' own schemes. */
  public Config(
      int httpPort,
      int httpsPort,
      Path dataDir,
      DatabaseConfig database,
      Optional<TlsKeystore> tlsKeystore,
      Optional<String> adminToken,
      Optional<byte[]> dataKey,
      Optional<SandboxKeys> sandboxKeys,
      LogFormat logFormat,
      Duration requestTimeout,
      Duration shutdownGrace) {
    this(
        httpPort,
        httpsPort,
        dataDir,
        database,
        tlsKeystore,
        adminToken,
        dataKey,
        sandboxKeys,
        logFormat,
        requestTimeout,
        shutdownGrace,
        Safeguards.NONE,
        MasterKeySources.DEFAULT);
  }

  /**
   * Where the master key was read from, when not from the data directory, and the master key it
   * replaces, whose wrapped keys a start re-wraps under it.
   *
   * @param masterSource names the variable or file the master key came from, for messages; empty
   *     when it is the one in the data directory
   * @param previous the previous master key, read from {@code previousSource}
   */
  public record MasterKeySources(
      Optional<String> masterSource, Optional<byte[]> previous, Optional<String> previousSource) {
    public static final MasterKeySources DEFAULT =
        new MasterKeySources(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * Protections a deployment may turn on, each off by default because it changes what a gateway's
   * clients see.
   *
   * @param httpsOnly the route families ({@code juspay}, {@code flowwise}, {@code airpay}, {@code
   *     admin}) refused on the plain HTTP listener
   * @param airpayReplayWindow how long an accepted Airpay checksum is refused again; zero for never
   */
  public record Safeguards(Set<String> httpsOnly, Duration airpayReplayWindow) {
    public static final Safeguards NONE = new Safeguards(Set.of(), Duration.ZERO);

    public Safeguards {
      httpsOnly = Set.copyOf(httpsOnly);
    }
  }

  /** An operator-supplied PKCS12 keystore and its password. */
  public record TlsKeystore(Path path, char[] password) {}

  public DataDirectory directory() {
    return new DataDirectory(dataDir);
  }
}
