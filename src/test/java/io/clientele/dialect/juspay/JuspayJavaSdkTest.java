package io.clientele.dialect.juspay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import in.juspay.exception.AuthenticationException;
import in.juspay.exception.AuthorizationException;
import in.juspay.exception.InvalidRequestException;
import in.juspay.model.Customer;
import in.juspay.model.CustomerList;
import in.juspay.model.JuspayEnvironment;
import in.juspay.model.RequestOptions;
import io.clientele.testing.TestDatabase;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Juspay Java SDK ({@code in.juspay:expresscheckout:1.1.2}), unchanged, against the
 * real server over HTTPS. The SDK trusts only the JVM's trust store properties, so the server's
 * generated certificate is put in a trust store of its own for the length of this class.
 */
class JuspayJavaSdkTest {
  static final String[] TRUST_PROPERTIES = {
    "javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"
  };
  static final Map<String, String> savedProperties = new HashMap<>();
  static JuspayServer juspay;

  @BeforeAll
  static void start() throws Exception {
    juspay = new JuspayServer(TestDatabase.Engine.H2);
    Path trustStore = trustStoreFor(juspay.dataDir.resolve("tls/clientele.pem"));
    for (String property : TRUST_PROPERTIES) {
      savedProperties.put(property, System.getProperty(property));
    }
    System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    JuspayEnvironment.withBaseUrl(
        juspay.server.https("").toString().replace("localhost", "127.0.0.1"));
    JuspayEnvironment.withApiKey(juspay.m1Key);
    JuspayEnvironment.withMerchantId("m1");
    JuspayEnvironment.withConnectTimeoutInMilliSeconds(10_000);
    JuspayEnvironment.withReadTimeoutInMilliSeconds(10_000);
  }

  @AfterAll
  static void stop() {
    savedProperties.forEach(
        (property, value) -> {
          if (value == null) {
            System.clearProperty(property);
          } else {
            System.setProperty(property, value);
          }
        });
    juspay.close();
  }

  static Path trustStoreFor(Path pem) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      store.setCertificateEntry(
          "clientele", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    Path file = juspay.dataDir.resolve("sdk-trust.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, "changeit".toCharArray());
    }
    return file;
  }

  static Map<String, Object> newCustomer(String reference) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("object_reference_id", reference);
    params.put("mobile_number", "99887766");
    params.put("mobile_country_code", "65");
    params.put("email_address", "sdk.user@example.com");
    params.put("first_name", "Sdk");
    params.put("last_name", "User Jr.");
    return params;
  }

  @Test
  void createsWithTheTokenOptionUpdatesGetsAndLists() throws Exception {
    String reference = "sdk+" + JuspayServer.uniqueReference() + "@example.com";
    Map<String, Object> params = newCustomer(reference);
    params.put("options.get_client_auth_token", true);

    Customer created = Customer.create(params);

    assertThat(created.getId()).matches("cst_[a-z0-9]{16}");
    assertThat(created.getObject()).isEqualTo("customer");
    assertThat(created.getObjectReferenceId()).isEqualTo(reference);
    assertThat(created.getMobileCountryCode()).isEqualTo("65");
    assertThat(created.getMobileNumber()).isEqualTo("99887766");
    assertThat(created.getEmailAddress()).isEqualTo("sdk.user@example.com");
    assertThat(created.getFirstName()).isEqualTo("Sdk");
    assertThat(created.getLastName()).isEqualTo("User Jr.");
    assertThat(created.getDateCreated()).isEqualTo(created.getLastUpdated());
    assertThat(created.getDateCreated().toInstant())
        .isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(created.getJuspayOptions().getClientAuthToken()).matches("tkn_[0-9a-f]{32}");
    assertThat(created.getJuspayOptions().getClientAuthTokenExpiry().toInstant())
        .isBetween(
            created.getDateCreated().toInstant().plusSeconds(900), Instant.now().plusSeconds(900));

    Map<String, Object> changes = new LinkedHashMap<>();
    changes.put("first_name", "Renamed");
    Customer updated = Customer.update(created.getId(), changes);
    assertThat(updated.getId()).isEqualTo(created.getId());
    assertThat(updated.getFirstName()).isEqualTo("Renamed");
    assertThat(updated.getLastName()).isEqualTo("User Jr.");
    assertThat(updated.getDateCreated()).isEqualTo(created.getDateCreated());
    assertThat(updated.getJuspayOptions()).isNull();

    Customer byReference = Customer.get(reference);
    assertThat(byReference.getId()).isEqualTo(created.getId());
    assertThat(byReference.getFirstName()).isEqualTo("Renamed");

    Customer withToken = Customer.getWithClientAuthToken(created.getId());
    assertThat(withToken.getJuspayOptions().getClientAuthToken())
        .matches("tkn_[0-9a-f]{32}")
        .isNotEqualTo(created.getJuspayOptions().getClientAuthToken());

    Map<String, Object> page = new LinkedHashMap<>();
    page.put("count", 100);
    page.put("offset", 0);
    CustomerList list = Customer.list(page);
    assertThat(list.getList()).extracting(Customer::getId).contains(created.getId());
    assertThat(list.getOffset()).isZero();
    assertThat(list.getTotal()).isEqualTo(list.getCount()).isEqualTo(list.getList().size());
  }

  @Test
  void raisesInvalidRequestExceptionWith404ForAnUnknownCustomer() {
    InvalidRequestException e =
        catchThrowableOfType(
            InvalidRequestException.class, () -> Customer.get("cst_om2l6ctlptxwxuzj"));

    assertThat(e.getHttpResponseCode()).isEqualTo(404);
    assertThat(e.getStatus()).isEqualTo("invalid_request_error");
    assertThat(e.getErrorCode()).isEqualTo("object_not_found");
    assertThat(e.getErrorMessage()).isEqualTo("Cannot find what you are looking for");
  }

  @Test
  void raisesInvalidRequestExceptionWith400ForADuplicateReference() throws Exception {
    String reference = JuspayServer.uniqueReference();
    Customer.create(newCustomer(reference));

    InvalidRequestException e =
        catchThrowableOfType(
            InvalidRequestException.class, () -> Customer.create(newCustomer(reference)));

    assertThat(e.getHttpResponseCode()).isEqualTo(400);
    assertThat(e.getStatus()).isEqualTo("invalid_request_error");
    assertThat(e.getErrorCode()).isEqualTo("unique");
    assertThat(e.getErrorMessage())
        .isEqualTo("Customer with given object reference id already exist for your account.");
  }

  @Test
  void raisesInvalidRequestExceptionForAWrongValue() {
    Map<String, Object> params = newCustomer(JuspayServer.uniqueReference());
    params.put("mobile_number", "-99887766");

    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> Customer.create(params));

    assertThat(e.getHttpResponseCode()).isEqualTo(400);
    assertThat(e.getStatus()).isEqualTo("Invalid Request");
    assertThat(e.getErrorCode()).isEqualTo("Invalid Request");
    assertThat(e.getErrorMessage()).isEqualTo("Wrong value in mobile_number");
  }

  @Test
  void raisesAuthenticationExceptionForAWrongKey() {
    RequestOptions wrongKey =
        RequestOptions.createDefault().withApiKey("0123456789ABCDEF0123456789ABCDEF");

    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class, () -> Customer.get("cst_om2l6ctlptxwxuzj", wrongKey));

    assertThat(e.getHttpResponseCode()).isEqualTo(401);
    assertThat(e.getStatus()).isEqualTo("error");
    assertThat(e.getErrorCode()).isEqualTo("access_denied");
    assertThat(e.getErrorMessage()).isNull();
  }

  @Test
  void raisesAuthorizationExceptionOutsideTheAllowList() {
    juspay.admin("PUT", "/admin/merchants/m2/allowed-ips", "{\"allowed_ips\":[\"10.0.0.0/8\"]}");
    RequestOptions m2 =
        RequestOptions.createDefault().withApiKey(juspay.m2Key).withMerchantId("m2");

    AuthorizationException e =
        catchThrowableOfType(
            AuthorizationException.class, () -> Customer.list(new HashMap<>(), m2));

    assertThat(e.getHttpResponseCode()).isEqualTo(403);
    assertThat(e.getErrorMessage()).isEqualTo("Internal Server error.");
  }
}
