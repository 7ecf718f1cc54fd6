package io.clientele.admin;

import io.clientele.merchant.CredentialIssuer;
import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.CredentialKinds;
import io.clientele.merchant.Merchant;
import io.clientele.merchant.MerchantException;
import io.clientele.storage.JdbcMerchantStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gives a new, empty database a {@code sandbox} merchant with one credential of every dialect, and
 * prints them with commands to paste, so a first run is usable without reading any docs.
 */
public final class SandboxBootstrap {
  public static final String MERCHANT_ID = "sandbox";
  public static final String PROJECT_ID = "sandbox_project";

  private final JdbcMerchantStore merchants;
  private final CredentialIssuer issuer;
  private final CredentialKinds kinds;
  private final Clock clock;

  public SandboxBootstrap(
      JdbcMerchantStore merchants, CredentialIssuer issuer, CredentialKinds kinds, Clock clock) {
    this.merchants = merchants;
    this.issuer = issuer;
    this.kinds = kinds;
    this.clock = clock;
  }

  /** Where the printed commands should point. */
  public record Endpoints(String httpUrl, String httpsUrl, String caCertificate) {}

  /** Creates and prints the sandbox on an empty database; does nothing otherwise. */
  public boolean runIfEmpty(Endpoints endpoints, PrintStream out) {
    if (!merchants.isEmpty()) {
      return false;
    }
    try {
      merchants.create(
          new Merchant(
              MERCHANT_ID, "Sandbox", List.of(), clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    } catch (MerchantException.AlreadyExists anotherNodeWon) {
      return false;
    }
    Map<String, Map<String, String>> shown = new LinkedHashMap<>();
    for (String dialect : kinds.wireNames()) {
      CredentialKind kind = kinds.require(dialect);
      shown.put(dialect, issue(kind, kind.actsForProject() ? PROJECT_ID : null));
    }
    out.println();
    out.println("Sandbox merchant '" + MERCHANT_ID + "' created; its secrets are shown this once:");
    shown.forEach((dialect, secrets) -> out.println("  " + line(dialect, secrets)));
    Map<String, String> juspay = shown.getOrDefault("juspay", Map.of());
    Map<String, String> flowwise = shown.getOrDefault("flowwise", Map.of());
    out.println();
    out.println("Create a customer the Juspay way:");
    out.println("  " + juspayCurl(endpoints, juspay.get("api_key")));
    out.println("Create a customer the Cashfree Flowwise way:");
    out.println(
        "  " + flowwiseCurl(endpoints, flowwise.get("client_id"), flowwise.get("client_secret")));
    out.println();
    return true;
  }

  /** {@code juspay api_key=…}: the dialect and what its credential shows, but its id. */
  static String line(String dialect, Map<String, String> secrets) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s", dialect));
    secrets.forEach(
        (name, value) -> {
          if (!name.equals("credential_id")) {
            line.append(' ').append(name).append('=').append(value);
          }
        });
    return line.toString();
  }

  private Map<String, String> issue(CredentialKind kind, String projectId) {
    CredentialIssuer.Issued issued = issuer.issue(MERCHANT_ID, kind, projectId);
    merchants.addCredential(issued.credential());
    return issued.shown();
  }

  static String juspayCurl(Endpoints endpoints, String apiKey) {
    return "curl -s "
        + base(endpoints)
        + "/customers -u "
        + apiKey
        + ": -H 'x-merchantid: "
        + MERCHANT_ID
        + "'"
        + " -d object_reference_id=customer0001 -d first_name=John -d last_name=Smith"
        + " -d email_address=john.smith@example.com -d mobile_country_code=91 -d mobile_number=9876543210";
  }

  static String flowwiseCurl(Endpoints endpoints, String clientId, String clientSecret) {
    return "curl -s "
        + base(endpoints)
        + "/router/customer -H 'x-client-id: "
        + clientId
        + "'"
        + " -H 'x-client-secret: "
        + clientSecret
        + "' -H 'Content-Type: application/json'"
        + " -d '{\"customer_id\":\"customer0002\",\"scope\":\"GLOBAL\",\"name\":\"Jane Doe\","
        + "\"email\":\"jane.doe@example.com\",\"phone\":\"+6599887766\"}'";
  }

  /** HTTPS when it is on (trusting the generated certificate), else plain HTTP. */
  private static String base(Endpoints endpoints) {
    if (endpoints.httpsUrl() == null) {
      return endpoints.httpUrl();
    }
    String trust =
        endpoints.caCertificate() == null ? "" : "--cacert '" + endpoints.caCertificate() + "' ";
    return trust + endpoints.httpsUrl();
  }
}
