package io.clientele.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.config.DataDirectory;
import io.clientele.testing.TestServer;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsKeysTest {
  @TempDir Path dataDir;

  static X509Certificate pem(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  void makesASelfSignedCertificateForLocalhostWithItsPemBeside() throws Exception {
    TlsKeys keys = TlsKeys.selfSigned(new DataDirectory(dataDir));

    X509Certificate certificate = (X509Certificate) keys.keyStore().getCertificate("clientele");
    assertThat(keys.generatedPem()).hasValue(dataDir.resolve("tls/clientele.pem"));
    assertThat(pem(dataDir.resolve("tls/clientele.pem"))).isEqualTo(certificate);
    assertThat(certificate.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(
            List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(certificate.getSubjectX500Principal().getName())
        .isEqualTo("O=Clientele sandbox,CN=localhost");
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    assertThat(Files.exists(dataDir.resolve("tls/clientele.p12"))).isTrue();
  }

  @Test
  void reusesTheCertificateOnLaterStarts() throws Exception {
    X509Certificate first =
        (X509Certificate)
            TlsKeys.selfSigned(new DataDirectory(dataDir)).keyStore().getCertificate("clientele");

    X509Certificate second =
        (X509Certificate)
            TlsKeys.selfSigned(new DataDirectory(dataDir)).keyStore().getCertificate("clientele");

    assertThat(second).isEqualTo(first);
  }

  @Test
  void servesHttpsWithTheOperatorsKeystore(@TempDir Path otherDir) throws Exception {
    TlsKeys.selfSigned(new DataDirectory(otherDir));
    Path keystore = otherDir.resolve("tls/clientele.p12");
    String password = Files.readString(otherDir.resolve("tls/clientele.p12.password")).strip();
    X509Certificate operators = pem(otherDir.resolve("tls/clientele.pem"));

    try (TestServer server =
        TestServer.start(
            dataDir,
            null,
            Map.of("tls-keystore", keystore.toString(), "tls-keystore-password", password))) {
      HttpClient client =
          HttpClient.newBuilder()
              .sslContext(TestServer.trusting(otherDir.resolve("tls/clientele.pem")))
              .build();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(server.https("/health/live")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      SSLSession session = response.sslSession().orElseThrow();
      assertThat(session.getPeerCertificates()[0]).isEqualTo(operators);
      assertThat(Files.exists(dataDir.resolve("tls/clientele.pem"))).isFalse();
    }
  }
}
