package io.clientele.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Builds the {@link Config} from, in rising precedence, defaults, a properties file, {@code
 * CLIENTELE_*} environment variables and command-line flags, and reports every bad value at once.
 */
public final class ConfigLoader {
  /** The keys a flag, a file entry or an environment variable may set. */
  public static final List<String> KEYS =
      List.of(
          "http-port",
          "https-port",
          "data-dir",
          "database-url",
          "database-user",
          "database-password",
          "tls-keystore",
          "tls-keystore-password",
          "sandbox-keys",
          "log-format",
          "request-timeout",
          "shutdown-grace",
          "require-https",
          "airpay-replay-window",
          "master-key-file",
          "previous-master-key-file");

  /** The route families {@code require-https} may name, besides {@code all} and {@code none}. */
  public static final List<String> ROUTE_FAMILIES =
      List.of("juspay", "flowwise", "airpay", "canonical", "admin");

  static final String CONFIG_KEY = "config";
  static final String ADMIN_TOKEN_VARIABLE = "CLIENTELE_ADMIN_TOKEN";
  static final String DATA_KEY_VARIABLE = "CLIENTELE_DATA_KEY";
  static final String DEFAULT_DATA_DIR = "clientele-data";

  private static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("http-port", "8080"),
          Map.entry("https-port", "8443"),
          Map.entry("data-dir", DEFAULT_DATA_DIR),
          Map.entry("database-user", ""),
          Map.entry("database-password", ""),
          Map.entry("tls-keystore-password", ""),
          Map.entry("log-format", "text"),
          Map.entry("request-timeout", "5s"),
          Map.entry("shutdown-grace", "8s"),
          Map.entry("require-https", "none"),
          Map.entry("airpay-replay-window", "0s"));

  /** What the test suite reads, so running the jar from it raises no warning. */
  private static final List<String> TEST_VARIABLES =
      List.of(
          "CLIENTELE_REQUIRE_POSTGRES",
          "CLIENTELE_REQUIRE_BROWSER",
          "CLIENTELE_REQUIRE_IMAGE",
          "CLIENTELE_TEST_POSTGRES_URL",
          "CLIENTELE_TEST_POSTGRES_USER");

  private static final java.util.regex.Pattern DURATION =
      java.util.regex.Pattern.compile("([0-9]+)(ms|s|m)");

  /**
   * A request deadline under 1 s leaves its database work no room once the pool's and the
   * validation's least waits (250 ms each) are counted; over 10 minutes it is no deadline.
   */
  static final Range REQUEST_TIMEOUTS = new Range(Duration.ofSeconds(1), Duration.ofMinutes(10));

  /** No grace stops at once, cutting what is in flight; over 10 minutes outlasts any supervisor. */
  static final Range SHUTDOWN_GRACES = new Range(Duration.ZERO, Duration.ofMinutes(10));

  /**
   * Zero turns the replay window off; a day bounds the rows one busy credential leaves (one per
   * accepted request) while covering a replay of anything captured that day.
   */
  static final Range REPLAY_WINDOWS = new Range(Duration.ZERO, Duration.ofDays(1));

  private ConfigLoader() {}

  /** The process environment, read here only, so the rest of the program is handed its values. */
  public static Map<String, String> environment() {
    return System.getenv();
  }

  /**
   * Every {@code CLIENTELE_*} variable Clientele reads: the server's settings, the admin commands'
   * and the test suite's.
   */
  public static List<String> knownVariables() {
    List<String> known = new ArrayList<>(TEST_VARIABLES);
    KEYS.forEach(key -> known.add(variable(key)));
    known.addAll(List.of(variable(CONFIG_KEY), ADMIN_TOKEN_VARIABLE, DATA_KEY_VARIABLE));
    known.addAll(ClientConfig.VARIABLES);
    return List.copyOf(known);
  }

  /**
   * One warning per {@code CLIENTELE_*} variable Clientele does not read, in name order, suggesting
   * the closest one it does when the name is a likely typo of it; the value is never shown.
   */
  public static List<String> unknownVariables(Map<String, String> environment) {
    List<String> known = knownVariables();
    List<String> warnings = new ArrayList<>();
    for (String name : new java.util.TreeSet<>(environment.keySet())) {
      if (!name.startsWith("CLIENTELE_") || known.contains(name)) {
        continue;
      }
      String closest =
          known.stream()
              .filter(k -> !TEST_VARIABLES.contains(k))
              .min(java.util.Comparator.comparingInt(k -> distance(k, name)))
              .filter(k -> distance(k, name) <= 3)
              .map(k -> "; did you mean " + k + "?")
              .orElse("");
      warnings.add(
          "warning: " + name + " is not a variable Clientele reads, so it is ignored" + closest);
    }
    return warnings;
  }

  /** Edit distance (insertions, deletions, substitutions) between two names. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Loads, checking only the structure of a sandbox keys file, not what its values mean. */
  public static Config load(Map<String, String> flags, Map<String, String> environment)
      throws ConfigException {
    return load(flags, environment, keys -> List.of());
  }

  /**
   * @param sandboxKeyRules the problems of a structurally sound sandbox keys file's values, each
   *     naming its place in the file and never a value
   */
  public static Config load(
      Map<String, String> flags,
      Map<String, String> environment,
      Function<SandboxKeys, List<String>> sandboxKeyRules)
      throws ConfigException {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    String file = firstOf(flags.get(CONFIG_KEY), environment.get(variable(CONFIG_KEY)));
    if (file != null) {
      values.putAll(readFile(Path.of(file), problems));
    }
    for (String key : KEYS) {
      String fromEnvironment = environment.get(variable(key));
      if (fromEnvironment != null) {
        values.put(key, fromEnvironment);
      }
      if (flags.get(key) != null) {
        values.put(key, flags.get(key));
      }
    }
    Config config = build(values, environment, sandboxKeyRules, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private static Config build(
      Map<String, String> values,
      Map<String, String> environment,
      Function<SandboxKeys, List<String>> sandboxKeyRules,
      List<String> problems) {
    int httpPort = port("http-port", values.get("http-port"), problems);
    int httpsPort = port("https-port", values.get("https-port"), problems);
    if (httpPort == 0 && httpsPort == 0) {
      problems.add("http-port and https-port are both 0: at least one listener must be on");
    }
    Path dataDir = dataDir(values.get("data-dir"), problems);
    DatabaseConfig database = database(values, dataDir, problems);
    Optional<Config.TlsKeystore> keystore = keystore(values, problems);
    Optional<String> adminToken = adminToken(environment.get(ADMIN_TOKEN_VARIABLE), problems);
    Optional<byte[]> dataKey = dataKey(environment.get(DATA_KEY_VARIABLE), problems);
    Optional<String> masterSource = dataKey.map(key -> DATA_KEY_VARIABLE);
    String masterFile = values.get("master-key-file");
    if (masterFile != null && !masterFile.isBlank()) {
      if (environment.get(DATA_KEY_VARIABLE) != null) {
        problems.add(
            "master-key-file ("
                + variable("master-key-file")
                + ") and "
                + DATA_KEY_VARIABLE
                + " are both set: give the master key one way");
      }
      dataKey = keyFile("master-key-file", masterFile, problems);
      masterSource = Optional.of(masterFile);
    }
    String previousFile = values.get("previous-master-key-file");
    Optional<byte[]> previous =
        previousFile == null || previousFile.isBlank()
            ? Optional.empty()
            : keyFile("previous-master-key-file", previousFile, problems);
    Optional<SandboxKeys> sandboxKeys =
        sandboxKeys(values.get("sandbox-keys"), sandboxKeyRules, problems);
    LogFormat logFormat = logFormat(values.get("log-format"), problems);
    Duration requestTimeout =
        duration("request-timeout", values.get("request-timeout"), REQUEST_TIMEOUTS, problems);
    Duration shutdownGrace =
        duration("shutdown-grace", values.get("shutdown-grace"), SHUTDOWN_GRACES, problems);
    Config.Safeguards safeguards =
        new Config.Safeguards(
            httpsOnly(values.get("require-https"), httpsPort, problems),
            duration(
                "airpay-replay-window",
                values.get("airpay-replay-window"),
                REPLAY_WINDOWS,
                problems));
    return new Config(
        httpPort,
        httpsPort,
        dataDir,
        database,
        keystore,
        adminToken,
        dataKey,
        sandboxKeys,
        logFormat,
        requestTimeout,
        shutdownGrace,
        safeguards,
        new Config.MasterKeySources(
            masterSource,
            previous,
            previous.isPresent() ? Optional.of(previousFile) : Optional.empty()));
  }

  /**
   * A master key file: 32 bytes in base64 (what {@code openssl rand -base64 32} prints), read once
   * at start; it is named in a problem, its content never.
   */
  static Optional<byte[]> keyFile(String key, String value, List<String> problems) {
    Path file = Path.of(value);
    String text;
    try {
      text = Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII).strip();
    } catch (IOException | java.io.UncheckedIOException e) {
      problems.add(key + " (" + variable(key) + "): cannot read " + file + ": " + describe(e));
      return Optional.empty();
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(text);
      if (bytes.length == 32) {
        return Optional.of(bytes);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    problems.add(
        key + " (" + variable(key) + "): " + file + " must hold 32 bytes encoded in base64");
    return Optional.empty();
  }

  /**
   * A comma-separated list of route families, {@code all} for every one or {@code none}; each needs
   * an HTTPS listener to be served at all.
   */
  static java.util.Set<String> httpsOnly(String value, int httpsPort, List<String> problems) {
    java.util.Set<String> families = new java.util.LinkedHashSet<>();
    if (value.isBlank()) {
      return families;
    }
    for (String part : value.split(",", -1)) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      if (name.equals("all")) {
        families.addAll(ROUTE_FAMILIES);
      } else if (ROUTE_FAMILIES.contains(name)) {
        families.add(name);
      } else if (!name.equals("none") || value.contains(",")) {
        problems.add(
            "require-https ("
                + variable("require-https")
                + "): '"
                + part.strip()
                + "' is not a route family (a comma-separated list of juspay, flowwise, airpay,"
                + " canonical and admin, or all, or none)");
      }
    }
    if (!families.isEmpty() && httpsPort == 0) {
      problems.add(
          "require-https ("
              + variable("require-https")
              + "): names "
              + String.join(",", families)
              + " but https-port is 0, so their requests would reach no listener");
    }
    return families;
  }

  static String variable(String key) {
    return "CLIENTELE_" + key.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  private static String firstOf(String a, String b) {
    return a != null ? a : b;
  }

  private static Map<String, String> readFile(Path file, List<String> problems) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException | IllegalArgumentException e) {
      problems.add("config: cannot read " + file + ": " + describe(e));
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : new java.util.TreeSet<>(properties.stringPropertyNames())) {
      if (KEYS.contains(key)) {
        values.put(key, properties.getProperty(key).strip());
      } else {
        problems.add("config: unknown key '" + key + "' in " + file);
      }
    }
    return values;
  }

  private static int port(String key, String value, List<String> problems) {
    try {
      int port = Integer.parseInt(value.strip());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below with the value
    }
    problems.add(key + ": '" + value + "' is not a port number (0 to 65535, 0 turns it off)");
    return -1;
  }

  /**
   * A whole number followed by {@code ms}, {@code s} or {@code m} ({@code 500ms}, {@code 5s},
   * {@code 2m}), or a bare {@code 0}, within {@code range}; the problem names the key, whose flag
   * is {@code --key} and whose variable is {@code CLIENTELE_KEY}. A number too long to be any sane
   * duration is out of range, not malformed.
   */
  static Duration duration(String key, String value, Range range, List<String> problems) {
    java.util.regex.Matcher parts = DURATION.matcher(value.strip());
    Duration parsed = null;
    boolean huge = false;
    if (value.strip().equals("0")) {
      parsed = Duration.ZERO;
    } else if (parts.matches()) {
      String digits = parts.group(1).replaceFirst("^0+(?=.)", "");
      if (digits.length() > 9) {
        huge = true;
      } else {
        long amount = Long.parseLong(digits);
        parsed =
            switch (parts.group(2)) {
              case "ms" -> Duration.ofMillis(amount);
              case "s" -> Duration.ofSeconds(amount);
              default -> Duration.ofMinutes(amount);
            };
      }
    }
    if (parsed == null && !huge) {
      problems.add(
          key
              + " ("
              + variable(key)
              + "): '"
              + value
              + "' is not a duration (a whole number and ms, s or m, like 2500ms, 5s or 1m)");
      return range.least();
    }
    if (huge || parsed.compareTo(range.least()) < 0 || parsed.compareTo(range.most()) > 0) {
      problems.add(
          key
              + " ("
              + variable(key)
              + "): '"
              + value
              + "' is out of range ("
              + shown(range.least())
              + " to "
              + shown(range.most())
              + ")");
      return range.least();
    }
    return parsed;
  }

  /** The bounds a duration setting accepts. */
  record Range(Duration least, Duration most) {}

  private static String shown(Duration duration) {
    if (duration.toMillis() % 1000 != 0) {
      return duration.toMillis() + "ms";
    }
    return duration.isZero() || duration.toSeconds() % 60 != 0
        ? duration.toSeconds() + "s"
        : duration.toMinutes() + "m";
  }

  private static Path dataDir(String value, List<String> problems) {
    Path dir = Path.of(value).toAbsolutePath().normalize();
    try {
      DataDirectory.createPrivateDirectories(dir);
      if (!Files.isWritable(dir)) {
        problems.add("data-dir: " + dir + " is not writable");
      }
    } catch (IOException e) {
      problems.add("data-dir: cannot create " + dir + ": " + describe(e));
    }
    return dir;
  }

  private static DatabaseConfig database(
      Map<String, String> values, Path dataDir, List<String> problems) {
    String url = values.get("database-url");
    if (url == null || url.isBlank()) {
      url = embeddedUrl(dataDir);
    } else if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
      problems.add(
          "database-url: '" + url + "' is not supported (use jdbc:postgresql://… or jdbc:h2:…)");
    }
    return new DatabaseConfig(url, values.get("database-user"), values.get("database-password"));
  }

  /** The embedded H2 file database, in PostgreSQL mode so one set of SQL serves both engines. */
  public static String embeddedUrl(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.resolve("db").resolve("clientele")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
  }

  private static Optional<Config.TlsKeystore> keystore(
      Map<String, String> values, List<String> problems) {
    String value = values.get("tls-keystore");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Path path = Path.of(value).toAbsolutePath().normalize();
    char[] password = values.get("tls-keystore-password").toCharArray();
    if (!Files.isReadable(path)) {
      problems.add("tls-keystore: cannot read " + path);
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      if (Collections.list(store.aliases()).stream().noneMatch(a -> isKeyEntry(store, a))) {
        problems.add("tls-keystore: " + path + " holds no private key");
      }
    } catch (IOException | java.security.GeneralSecurityException e) {
      problems.add(
          "tls-keystore: cannot open "
              + path
              + " as PKCS12 with the given password: "
              + describe(e));
    }
    return Optional.of(new Config.TlsKeystore(path, password));
  }

  private static boolean isKeyEntry(KeyStore store, String alias) {
    try {
      return store.isKeyEntry(alias);
    } catch (java.security.KeyStoreException e) {
      return false;
    }
  }

  private static Optional<SandboxKeys> sandboxKeys(
      String value, Function<SandboxKeys, List<String>> rules, List<String> problems) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Path file = Path.of(value).toAbsolutePath().normalize();
    List<String> found = new ArrayList<>();
    Optional<SandboxKeys> keys = SandboxKeysFile.read(file, found);
    keys.ifPresent(k -> rules.apply(k).forEach(problem -> found.add(file + ": " + problem)));
    found.forEach(problem -> problems.add("sandbox-keys: " + problem));
    return keys;
  }

  private static LogFormat logFormat(String value, List<String> problems) {
    Optional<LogFormat> format = LogFormat.named(value);
    if (format.isEmpty()) {
      problems.add(
          "log-format ("
              + variable("log-format")
              + "): '"
              + value
              + "' is not a log format (text or json)");
    }
    return format.orElse(LogFormat.TEXT);
  }

  private static Optional<String> adminToken(String value, List<String> problems) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.strip().length() < 16) {
      problems.add(ADMIN_TOKEN_VARIABLE + ": must be at least 16 characters");
    }
    return Optional.of(value.strip());
  }

  private static Optional<byte[]> dataKey(String value, List<String> problems) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      byte[] key = Base64.getDecoder().decode(value.strip());
      if (key.length == 32) {
        return Optional.of(key);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    problems.add(DATA_KEY_VARIABLE + ": must be 32 bytes encoded in base64");
    return Optional.empty();
  }

  static String describe(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file that is not a directory is in the way";
    }
    if (e instanceof java.nio.file.FileSystemException fileSystem
        && fileSystem.getReason() != null) {
      return fileSystem.getReason();
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }
}
