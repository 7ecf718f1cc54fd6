package io.clientele.server;

import io.clientele.config.Config;
import io.clientele.config.DataDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The HTTPS key and certificate: the operator's PKCS12 keystore when configured, else a self-signed
 * certificate for {@code localhost} and {@code 127.0.0.1} made once under {@code <data-dir>/tls/}
 * with its PEM beside it, for clients to trust.
 *
 * @param generatedPem the PEM of the self-signed certificate, empty for an operator keystore
 */
public record TlsKeys(KeyStore keyStore, char[] password, Optional<Path> generatedPem) {
  static final String KEYSTORE_FILE = "tls/clientele.p12";
  static final String PASSWORD_FILE = "tls/clientele.p12.password";
  static final String PEM_FILE = "tls/clientele.pem";
  private static final String ALIAS = "clientele";
  private static final Duration VALIDITY = Duration.ofDays(825);
  private static final Duration RENEW_BEFORE = Duration.ofDays(7);

  public static TlsKeys load(Config config) {
    if (config.tlsKeystore().isPresent()) {
      Config.TlsKeystore operator = config.tlsKeystore().get();
      return new TlsKeys(
          read(operator.path(), operator.password()), operator.password(), Optional.empty());
    }
    return selfSigned(config.directory());
  }

  /** Reuses the generated certificate while it is valid for another week; renews it otherwise. */
  static TlsKeys selfSigned(DataDirectory dir) {
    char[] password =
        dir.readOrCreate(
                PASSWORD_FILE,
                () -> Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24)))
            .value()
            .toCharArray();
    Path keystoreFile = dir.resolve(KEYSTORE_FILE);
    Path pem = dir.resolve(PEM_FILE);
    if (Files.exists(keystoreFile) && Files.exists(pem)) {
      KeyStore existing = read(keystoreFile, password);
      if (stillValid(existing)) {
        return new TlsKeys(existing, password, Optional.of(pem));
      }
    }
    KeyStore made = generate(password);
    write(made, password, keystoreFile, pem);
    return new TlsKeys(made, password, Optional.of(pem));
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static boolean stillValid(KeyStore store) {
    try {
      X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
      return certificate != null
          && certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static KeyStore read(Path file, char[] password) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot open keystore " + file + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore generate(char[] password) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      X509Certificate certificate = certificate(keys);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, keys.getPrivate(), password, new X509Certificate[] {certificate});
      return store;
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(
          "cannot make a self-signed certificate: " + e.getMessage(), e);
    }
  }

  private static X509Certificate certificate(KeyPair keys)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    X500Name subject = new X500Name("CN=localhost, O=Clientele sandbox");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            new BigInteger(64, new SecureRandom()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(VALIDITY)),
            subject,
            keys.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.iPAddress, InetAddress.getByName("::1").getHostAddress())
            }));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static void write(KeyStore store, char[] password, Path keystoreFile, Path pem) {
    try {
      Path temp = Files.createTempFile(keystoreFile.getParent(), "clientele", ".p12.tmp");
      try (OutputStream out = Files.newOutputStream(temp)) {
        store.store(out, password);
      }
      X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
      String text =
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(certificate.getEncoded())
              + "\n-----END CERTIFICATE-----\n";
      Path pemTemp = Files.createTempFile(pem.getParent(), "clientele", ".pem.tmp");
      Files.writeString(pemTemp, text, StandardCharsets.US_ASCII);
      Files.move(
          temp, keystoreFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.move(pemTemp, pem, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | GeneralSecurityException e) {
      throw new UncheckedIOException(
          "cannot write the self-signed certificate: " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }
}
