package io.clientele.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxBootstrapTest {
  @TempDir Path dataDir;

  @Test
  void printsTheSandboxCredentialsAndCurlLinesOnAnEmptyDatabase() {
    String output;
    try (TestServer server = TestServer.start(dataDir)) {
      output = server.startupOutput();
    }
    List<String> lines = output.lines().toList();
    String pem = dataDir.resolve("tls/clientele.pem").toString();

    assertThat(lines).hasSize(12);
    assertThat(lines.get(0)).isEmpty();
    assertThat(lines.get(1))
        .isEqualTo("Sandbox merchant 'sandbox' created; its secrets are shown this once:");
    assertThat(lines.get(2)).matches("  juspay    api_key=[0-9A-F]{32}");
    assertThat(lines.get(3))
        .matches(
            "  flowwise  client_id=CF[0-9A-F]{20} client_secret=cfsk_[0-9a-f]{48} project_id=sandbox_project");
    assertThat(lines.get(4))
        .matches("  airpay    token=[A-Za-z0-9]{40} secret_key=[A-Za-z0-9]{32}");
    assertThat(lines.get(5)).matches("  canonical api_key=ck_[A-Za-z0-9]{40}");
    assertThat(lines.get(6)).isEmpty();
    assertThat(lines.get(7)).isEqualTo("Create a customer the Juspay way:");
    String apiKey = lines.get(2).substring("  juspay    api_key=".length());
    assertThat(lines.get(8))
        .matches(
            Pattern.quote("  curl -s --cacert '" + pem + "' https://localhost:")
                + "\\d+"
                + Pattern.quote(
                    "/customers -u "
                        + apiKey
                        + ": -H 'x-merchantid: sandbox' -d object_reference_id=customer0001 -d first_name=John"
                        + " -d last_name=Smith -d email_address=john.smith@example.com -d mobile_country_code=91"
                        + " -d mobile_number=9876543210"));
    assertThat(lines.get(9)).isEqualTo("Create a customer the Cashfree Flowwise way:");
    Matcher flowwise =
        Pattern.compile("client_id=(\\S+) client_secret=(\\S+)").matcher(lines.get(3));
    assertThat(flowwise.find()).isTrue();
    assertThat(lines.get(10))
        .matches(
            Pattern.quote("  curl -s --cacert '" + pem + "' https://localhost:")
                + "\\d+"
                + Pattern.quote(
                    "/router/customer -H 'x-client-id: "
                        + flowwise.group(1)
                        + "' -H 'x-client-secret: "
                        + flowwise.group(2)
                        + "' -H 'Content-Type: application/json' -d '{\"customer_id\":\"customer0002\","
                        + "\"scope\":\"GLOBAL\",\"name\":\"Jane Doe\",\"email\":\"jane.doe@example.com\","
                        + "\"phone\":\"+6599887766\"}'"));
    assertThat(lines.get(11)).isEmpty();
  }

  @Test
  void doesNotRecreateTheSandboxOnLaterStarts() {
    try (TestServer first = TestServer.start(dataDir)) {
      assertThat(first.startupOutput()).contains("Sandbox merchant 'sandbox' created");
    }
    try (TestServer second = TestServer.start(dataDir)) {
      assertThat(second.startupOutput()).isEmpty();
    }
  }

  @Test
  void pointsCurlAtPlainHttpWhenHttpsIsOff() {
    try (TestServer server = TestServer.start(dataDir, null, Map.of("https-port", "0"))) {
      assertThat(server.startupOutput().lines().filter(l -> l.startsWith("  curl ")))
          .hasSize(2)
          .allMatch(l -> l.startsWith("  curl -s http://localhost:"));
      assertThat(Files.exists(dataDir.resolve("tls"))).isFalse();
    }
  }

  @Test
  void generatesTheAdminTokenOnceIntoTheDataDir() throws Exception {
    io.clientele.config.Config config =
        io.clientele.config.ConfigLoader.load(Map.of("data-dir", dataDir.toString()), Map.of());

    AdminToken first = AdminToken.resolve(config);
    AdminToken second = AdminToken.resolve(config);

    assertThat(first.generated()).isTrue();
    assertThat(second.generated()).isFalse();
    assertThat(first.value()).matches("adm_[0-9a-f]{48}").isEqualTo(second.value());
    assertThat(Files.readString(dataDir.resolve("admin-token"))).isEqualTo(first.value() + "\n");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("admin-token"))))
        .isEqualTo("rw-------");
  }

  @Test
  void takesTheAdminTokenFromTheEnvironment() throws Exception {
    io.clientele.config.Config config =
        io.clientele.config.ConfigLoader.load(
            Map.of("data-dir", dataDir.toString()),
            Map.of("CLIENTELE_ADMIN_TOKEN", "operator-chosen-token"));

    AdminToken token = AdminToken.resolve(config);

    assertThat(token.value()).isEqualTo("operator-chosen-token");
    assertThat(token.generated()).isFalse();
    assertThat(Files.exists(dataDir.resolve("admin-token"))).isFalse();
  }
}
