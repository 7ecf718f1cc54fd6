package io.clientele.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientConfigTest {
  static final String TOKEN = "adm_0123456789abcdef";
  @TempDir Path dir;

  static ClientConfig load(Map<String, String> flags, Map<String, String> environment)
      throws ConfigException {
    return ClientConfig.load(flags, environment);
  }

  @Test
  void callsTheLocalServerByDefault() throws ConfigException {
    ClientConfig config = load(Map.of("admin-token", TOKEN), Map.of());

    assertThat(config.server())
        .isEqualTo(new ClientConfig.Setting<>(URI.create("http://localhost:8080"), "the default"));
    assertThat(config.trust()).isEmpty();
  }

  @Test
  void takesTheServerFromTheVariableUnlessTheFlagGivesOne() throws ConfigException {
    Map<String, String> environment =
        Map.of("CLIENTELE_SERVER", "https://a.example:8443/", "CLIENTELE_ADMIN_TOKEN", TOKEN);

    assertThat(load(Map.of(), environment).server())
        .isEqualTo(
            new ClientConfig.Setting<>(URI.create("https://a.example:8443"), "CLIENTELE_SERVER"));
    assertThat(load(Map.of("server", "http://b.example/clientele//"), environment).server())
        .isEqualTo(
            new ClientConfig.Setting<>(URI.create("http://b.example/clientele"), "--server"));
  }

  @Test
  void takesTheTokenFromTheFlagThenTheVariableThenTheDataDirectory() throws Exception {
    Files.writeString(dir.resolve("admin-token"), "  adm_from_file_0000\n");
    Map<String, String> dataDir = Map.of("data-dir", dir.toString());

    assertThat(
            load(
                    Map.of("data-dir", dir.toString(), "admin-token", "flag-token"),
                    Map.of("CLIENTELE_ADMIN_TOKEN", "env-token"))
                .adminToken())
        .isEqualTo(new ClientConfig.Setting<>("flag-token", "--admin-token"));
    assertThat(load(dataDir, Map.of("CLIENTELE_ADMIN_TOKEN", "env-token")).adminToken())
        .isEqualTo(new ClientConfig.Setting<>("env-token", "CLIENTELE_ADMIN_TOKEN"));
    assertThat(load(dataDir, Map.of()).adminToken())
        .isEqualTo(
            new ClientConfig.Setting<>(
                "adm_from_file_0000", dir.resolve("admin-token").toString()));
    assertThat(load(Map.of(), Map.of("CLIENTELE_DATA_DIR", dir.toString())).adminToken())
        .isEqualTo(
            new ClientConfig.Setting<>(
                "adm_from_file_0000", dir.resolve("admin-token").toString()));
  }

  @Test
  void looksForTheTokenFileWhereServeKeepsItByDefault() {
    Assumptions.assumeFalse(
        Files.exists(Path.of("clientele-data/admin-token")),
        "a server was started in the working directory, so its token file is there");
    assertThatThrownBy(() -> load(Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "no admin token: give --admin-token or CLIENTELE_ADMIN_TOKEN, or --data-dir (or"
                + " CLIENTELE_DATA_DIR) naming the server's data directory; there is no "
                + Path.of("clientele-data/admin-token").toAbsolutePath());
  }

  @Test
  void refusesAnEmptyToken() throws IOException {
    Files.writeString(dir.resolve("admin-token"), "\n");

    assertThatThrownBy(() -> load(Map.of("admin-token", " "), Map.of()))
        .hasMessage("--admin-token: the admin token is empty");
    assertThatThrownBy(() -> load(Map.of(), Map.of("CLIENTELE_ADMIN_TOKEN", "")))
        .hasMessage("CLIENTELE_ADMIN_TOKEN: the admin token is empty");
    assertThatThrownBy(() -> load(Map.of("data-dir", dir.toString()), Map.of()))
        .hasMessage(dir.resolve("admin-token") + ": the admin token is empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"adm token", "adm\u00e9", "adm\u0001"})
  void refusesATokenNoHeaderCanCarryWithoutShowingIt(String token) {
    assertThatThrownBy(() -> load(Map.of("admin-token", token), Map.of()))
        .hasMessage(
            "--admin-token: the admin token holds a space or a character outside printable ASCII");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost:8080",
        "ftp://localhost",
        "http://",
        "http://h/?a=1",
        "http://h/#x",
        "http://h :1",
        ""
      })
  void refusesWhatIsNotAServerUrl(String url) {
    assertThatThrownBy(() -> load(Map.of("server", url, "admin-token", TOKEN), Map.of()))
        .hasMessage(
            "--server: '"
                + url
                + "' is not a server URL (http://HOST[:PORT] or https://HOST[:PORT])");
  }

  @Test
  void refusesAUrlWithAPasswordWithoutShowingIt() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of("admin-token", TOKEN),
                    Map.of("CLIENTELE_SERVER", "https://admin:s3cret@localhost:8443")))
        .hasMessage("CLIENTELE_SERVER: a URL with a user name or password is not accepted");
  }

  @Test
  void readsEveryCertificateOfThePemFileToTrust() throws Exception {
    io.clientele.server.TlsKeys.load(
        ConfigLoader.load(Map.of("data-dir", dir.toString()), Map.of()));
    Path pem = dir.resolve("tls/clientele.pem");

    ClientConfig config = load(Map.of("admin-token", TOKEN, "cacert", pem.toString()), Map.of());

    assertThat(config.trust().orElseThrow().file()).isEqualTo(pem);
    assertThat(config.trust().orElseThrow().source()).isEqualTo("--cacert");
    assertThat(config.trust().orElseThrow().certificates()).hasSize(1);
  }

  @Test
  void refusesACertificateFileThatCannotBeReadOrHoldsNone() throws IOException {
    Path missing = dir.resolve("missing.pem");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");

    assertThatThrownBy(
            () -> load(Map.of("admin-token", TOKEN, "cacert", missing.toString()), Map.of()))
        .hasMessage("--cacert: cannot read " + missing + ": no such file");
    assertThatThrownBy(
            () -> load(Map.of("admin-token", TOKEN), Map.of("CLIENTELE_CACERT", empty.toString())))
        .hasMessage("CLIENTELE_CACERT: " + empty + " holds no PEM certificate");
  }

  @Test
  void neverShowsTheTokenWhenPrinted() throws ConfigException {
    ClientConfig config = load(Map.of("admin-token", TOKEN), Map.of());

    assertThat(config.toString()).doesNotContain(TOKEN).contains("Setting[from --admin-token]");
  }
}
