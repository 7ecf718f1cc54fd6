package io.clientele.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.Browser;
import io.clientele.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The console and the documents page in a real Chromium, fed hostile stored values and hostile
 * addresses: nothing runs, every value reads as text, and nothing is fetched from another host.
 */
class HostileConsoleTest {
  static Browser browser;
  static TestServer server;

  /** Set by every payload that runs; none may. */
  static final String RAN = "window.__ran";

  static final String MERCHANT_NAME = "<img src=x onerror=\"window.__ran='merchant name'\">";
  static final String REFERENCE = "\"><script>window.__ran='reference'</script>";
  static final String FIRST_NAME = "<svg onload=\"window.__ran='first name'\"></svg>";
  static final String NAME = "javascript:window.__ran='name'//";
  static final String EMAIL = "\"><img/src=x/onerror=window.__ran='email'>@x.io";
  static final String ADDRESS =
      "</dd></dl><iframe srcdoc=\"<script>parent.__ran='address'</script>\"></iframe>";
  static final String CITY = "{{constructor.constructor('window.__ran=1')()}}";
  static final String ID = "cst_xss0000000000001";

  /**
   * Run before every document's own scripts: records a payload that runs and every policy
   * violation, which a value written as markup would raise under Trusted Types.
   */
  static final String WATCH =
      "window.__violations = [];"
          + " document.addEventListener('securitypolicyviolation',"
          + " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));";

  @BeforeAll
  static void start() {
    if (Browser.installed()) {
      browser = Browser.start();
      browser
          .driver()
          .executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH));
      server = TestServer.startInTemporaryDir(null);
      admin(
          "POST",
          "/admin/merchants",
          "{\"merchant_id\":\"xss\",\"name\":" + json(MERCHANT_NAME) + "}");
      admin(
          "POST",
          "/admin/merchants/xss/customers/import",
          "{\"customers\":[{\"customer_id\":\""
              + ID
              + "\",\"reference\":"
              + json(REFERENCE)
              + ",\"first_name\":"
              + json(FIRST_NAME)
              + ",\"name\":"
              + json(NAME)
              + ",\"email\":"
              + json(EMAIL)
              + ",\"address\":"
              + json(ADDRESS)
              + ",\"city\":"
              + json(CITY)
              + ",\"mobile_country_code\":\"91\",\"mobile_number\":\"9876543210\"}]}");
    }
  }

  @BeforeEach
  void needsTheBrowser() {
    Browser.assumeInstalled();
  }

  @AfterAll
  static void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (browser != null) {
        browser.close();
      }
    }
  }

  static String json(String text) {
    return io.clientele.server.Json.mapper().valueToTree(text).toString();
  }

  static void admin(String method, String path, String body) {
    HttpResponse<String> answer = server.adminCall(method, path, body);
    assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
    assertThat(answer.body()).doesNotContain("\"rejected\":[{");
  }

  static String origin() {
    return "http://127.0.0.1:" + server.http("/").getPort() + "/";
  }

  static void signIn() {
    browser.open(server.http("/console").toString());
    browser.type(By.id("token"), TestServer.ADMIN_TOKEN);
    browser.click(By.cssSelector("#sign-in button[type=submit]"));
    browser.assertText(By.tagName("h1"), "Merchants");
  }

  static void goTo(String route) {
    browser.go(server.http("/console").toString() + "#" + route);
  }

  static void assertNothingRanNorLeftTheHost() {
    assertThat(browser.script("return " + RAN + " === undefined ? null : String(" + RAN + ")"))
        .isNull();
    assertThat((List<?>) browser.script("return window.__violations || []")).isEmpty();
    @SuppressWarnings("unchecked")
    List<String> fetched =
        (List<String>)
            browser.script(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                    + ".concat([location.href])");
    assertThat(fetched).isNotEmpty().allMatch(url -> url.startsWith(origin()));
  }

  /** Stored values written to be markup, script or a URL show as the text they are. */
  @Test
  void hostileStoredValuesReadAsTextOnEveryPageAndNothingRuns() {
    signIn();
    browser.assertText(By.xpath("//tr[@data-merchant='xss']/td[2]"), MERCHANT_NAME);
    assertNothingRanNorLeftTheHost();

    goTo("/merchants/xss");
    browser.assertText(By.cssSelector("#merchant dd"), MERCHANT_NAME);
    assertNothingRanNorLeftTheHost();

    goTo("/merchants/xss/customers");
    browser.assertText(By.tagName("h1"), "Customers of xss");
    new Select(browser.find(By.id("search-by"))).selectByVisibleText("Reference");
    browser.type(By.id("search-value"), REFERENCE);
    browser.click(By.cssSelector("#search button[type=submit]"));
    browser.assertText(By.id("result-count"), "1 customer matches.");
    assertThat(browser.textsOf(By.cssSelector("#customers tbody td")))
        .containsSubsequence(ID, REFERENCE, NAME, EMAIL);
    assertNothingRanNorLeftTheHost();

    browser.click(By.linkText(ID));
    browser.assertText(By.cssSelector("dd[data-field='address']"), ADDRESS);
    for (String[] field :
        List.of(
            new String[] {"reference", REFERENCE},
            new String[] {"first_name", FIRST_NAME},
            new String[] {"name", NAME},
            new String[] {"email", EMAIL},
            new String[] {"city", CITY})) {
      browser.assertText(By.cssSelector("dd[data-field='" + field[0] + "']"), field[1]);
    }
    assertThat(browser.textOf(By.id("changes"))).contains(FIRST_NAME, ADDRESS);
    assertThat(browser.driver().findElements(By.cssSelector("#main img, #main svg, #main iframe")))
        .isEmpty();
    assertNothingRanNorLeftTheHost();
  }

  /**
   * Markup in the address bar reaches the page as a merchant or customer id: headings, the trail
   * and the API's error message that echoes it all show it as text.
   */
  @Test
  void markupInTheAddressIsShownAsTextWithTheApisMessage() {
    signIn();
    String payload = "<img src=x onerror=\"window.__ran='hash'\">";
    goTo("/merchants/" + URLEncoder.encode(payload, StandardCharsets.UTF_8).replace("+", "%20"));
    browser.assertText(
        By.cssSelector("#merchant .error"),
        "No merchant with id " + payload + " (merchant_not_found)");
    assertThat(browser.textOf(By.tagName("h1"))).isEqualTo("Merchant " + payload);

    goTo(
        "/merchants/xss/customers/"
            + URLEncoder.encode(payload, StandardCharsets.UTF_8).replace("+", "%20"));
    browser.assertText(
        By.cssSelector("#customer .error"),
        "Merchant xss has no customer " + payload + " (customer_not_found)");
    assertNothingRanNorLeftTheHost();
  }

  /**
   * A dot segment in a console address named the wrong resource: the browser resolves {@code
   * customers/..} before fetching, so {@code #/merchants/xss/customers/..} showed the merchant's
   * own fields under the heading of a customer. Dot segments are no ids: no such page.
   */
  @Test
  void aDotSegmentInTheAddressIsNoSuchPageNotAnotherResource() {
    signIn();
    for (String route :
        List.of("/merchants/xss/customers/..", "/merchants/xss/customers/.", "/merchants/..")) {
      goTo("/merchants");
      browser.assertText(By.tagName("h1"), "Merchants");
      goTo(route);

      browser.assertText(By.tagName("h1"), "No such page");
      assertThat(browser.textOf(By.id("main"))).doesNotContain("merchant_id", "allowed_ips");
    }
  }

  /** The documents page renders every document from this server alone, within its policy. */
  @Test
  void theDocumentsPageLoadsEveryDocumentFromThisServerOnly() {
    browser.open(server.http("/docs").toString());
    Select picker = new Select(browser.find(By.id("document")));
    List<String> names = picker.getOptions().stream().map(o -> o.getAttribute("value")).toList();
    assertThat(names)
        .containsExactlyInAnyOrder("admin", "juspay", "flowwise", "airpay", "canonical");
    for (String name : names) {
      new Select(browser.find(By.id("document"))).selectByValue(name);
      browser.find(By.cssSelector(".swagger-ui .info .title"));
      browser.find(By.cssSelector(".swagger-ui .opblock"));
      assertNothingRanNorLeftTheHost();
    }
  }
}
