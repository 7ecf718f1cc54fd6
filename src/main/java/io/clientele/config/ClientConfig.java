package io.clientele.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the admin commands need to call a running server: its URL, the admin token and the
 * certificates to trust for HTTPS, each with the setting it came from, so that a failure can name
 * the setting to fix.
 *
 * @param server the server's base URL, without a trailing slash
 * @param adminToken the admin token, from {@code --admin-token}, {@code CLIENTELE_ADMIN_TOKEN} or
 *     the data directory's {@code admin-token} file
 * @param trust the certificates of {@code --cacert} or {@code CLIENTELE_CACERT}, else empty (the
 *     JDK's own trust store)
 */
public record ClientConfig(Setting<URI> server, Setting<String> adminToken, Optional<Trust> trust) {
  public static final String DEFAULT_SERVER = "http://localhost:8080";
  static final String SERVER_VARIABLE = "CLIENTELE_SERVER";
  static final String CACERT_VARIABLE = "CLIENTELE_CACERT";

  /** The variables only the admin commands read, beside the data dir and the admin token. */
  static final List<String> VARIABLES = List.of(SERVER_VARIABLE, CACERT_VARIABLE);

  /**
   * A value and where it came from: a flag, a variable, a file or the default. It never shows the
   * value, which may be a secret.
   */
  public record Setting<T>(T value, String source) {
    @Override
    public String toString() {
      return "Setting[from " + source + "]";
    }
  }

  /** The certificates a PEM file holds, trusted for HTTPS instead of the JDK's trust store. */
  public record Trust(Path file, String source, List<X509Certificate> certificates) {}

  /**
   * Resolves each setting from the flags (keys {@code server}, {@code admin-token}, {@code cacert},
   * {@code data-dir}), else the environment, else the default, and reports every bad one at once.
   */
  public static ClientConfig load(Map<String, String> flags, Map<String, String> environment)
      throws ConfigException {
    List<String> problems = new ArrayList<>();
    Setting<String> serverText =
        setting(flags, environment, "server", SERVER_VARIABLE)
            .orElse(new Setting<>(DEFAULT_SERVER, "the default"));
    Setting<URI> server = server(serverText, problems);
    Setting<String> token = adminToken(flags, environment, problems);
    Optional<Trust> trust =
        setting(flags, environment, "cacert", CACERT_VARIABLE).flatMap(s -> trust(s, problems));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ClientConfig(server, token, trust);
  }

  private static Optional<Setting<String>> setting(
      Map<String, String> flags, Map<String, String> environment, String key, String variable) {
    if (flags.get(key) != null) {
      return Optional.of(new Setting<>(flags.get(key), "--" + key));
    }
    return Optional.ofNullable(environment.get(variable)).map(v -> new Setting<>(v, variable));
  }

  private static Setting<URI> server(Setting<String> given, List<String> problems) {
    String text = given.value().strip();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getRawUserInfo() != null) {
        problems.add(given.source() + ": a URL with a user name or password is not accepted");
      } else if ((scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null) {
        return new Setting<>(uri, given.source());
      } else {
        problems.add(
            given.source()
                + ": '"
                + given.value()
                + "' is not a server URL (http://HOST[:PORT] or https://HOST[:PORT])");
      }
    } catch (URISyntaxException e) {
      problems.add(
          given.source()
              + ": '"
              + given.value()
              + "' is not a server URL (http://HOST[:PORT] or https://HOST[:PORT])");
    }
    return new Setting<>(URI.create(DEFAULT_SERVER), given.source());
  }

  /**
   * The flag, else the variable, else {@code <data-dir>/admin-token}, where {@code serve} keeps the
   * token it generated, so that on the server's own host the commands need no token given.
   */
  private static Setting<String> adminToken(
      Map<String, String> flags, Map<String, String> environment, List<String> problems) {
    Optional<Setting<String>> given =
        setting(flags, environment, "admin-token", ConfigLoader.ADMIN_TOKEN_VARIABLE);
    if (given.isPresent()) {
      return checked(given.get().value().strip(), given.get().source(), problems);
    }
    String dir =
        setting(flags, environment, "data-dir", ConfigLoader.variable("data-dir"))
            .map(Setting::value)
            .orElse(ConfigLoader.DEFAULT_DATA_DIR);
    Path file = Path.of(dir).toAbsolutePath().normalize().resolve("admin-token");
    if (!Files.exists(file)) {
      problems.add(
          "no admin token: give --admin-token or CLIENTELE_ADMIN_TOKEN, or --data-dir (or"
              + " CLIENTELE_DATA_DIR) naming the server's data directory; there is no "
              + file);
      return new Setting<>("", file.toString());
    }
    try {
      return checked(
          Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString(), problems);
    } catch (IOException e) {
      problems.add("cannot read the admin token in " + file + ": " + ConfigLoader.describe(e));
      return new Setting<>("", file.toString());
    }
  }

  /** A token an HTTP header can carry: not empty, printable ASCII only. */
  private static Setting<String> checked(String token, String source, List<String> problems) {
    if (token.isEmpty()) {
      problems.add(source + ": the admin token is empty");
    } else if (!token.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      problems.add(
          source + ": the admin token holds a space or a character outside printable ASCII");
    }
    return new Setting<>(token, source);
  }

  private static Optional<Trust> trust(Setting<String> given, List<String> problems) {
    Path file = Path.of(given.value()).toAbsolutePath().normalize();
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
      if (certificates.isEmpty()) {
        problems.add(given.source() + ": " + file + " holds no PEM certificate");
        return Optional.empty();
      }
      return Optional.of(new Trust(file, given.source(), List.copyOf(certificates)));
    } catch (IOException e) {
      problems.add(given.source() + ": cannot read " + file + ": " + ConfigLoader.describe(e));
    } catch (CertificateException e) {
      problems.add(given.source() + ": " + file + " is not a PEM certificate");
    }
    return Optional.empty();
  }
}
