package io.clientele.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.Browser;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Signing in and out, merchants and their credentials, in headless Chromium. */
class ConsoleMerchantsTest {
  static Browser browser;
  static TestServer server;
  static Operator operator;

  @BeforeAll
  static void start() {
    if (Browser.installed()) {
      browser = Browser.start();
      server = TestServer.startInTemporaryDir(null);
      operator = new Operator(browser, server);
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

  static List<String> cells(String rowSelector) {
    return browser.textsOf(By.cssSelector(rowSelector + " td"));
  }

  @Test
  void refusesAWrongTokenSayingSoAndKeepsNothing() {
    operator.openSignedOut();
    browser.screenshot("sign-in");

    operator.signInWith("not-the-admin-token-at-all");

    browser.assertText(By.cssSelector("#sign-in-problem .error"), "The admin token was refused.");
    browser.assertText(By.tagName("h1"), "Sign in");
    assertThat(browser.find(By.id("token")).getAttribute("value")).isEmpty();
    assertThat(operator.storage("sessionStorage.length")).isEqualTo(0L);
  }

  @Test
  void keepsTheAcceptedTokenInSessionStorageOnlyNeverInTheUrlOrACookie() {
    operator.signIn();

    assertThat(operator.storage("sessionStorage.getItem('clientele.admin-token')"))
        .isEqualTo(TestServer.ADMIN_TOKEN);
    assertThat(operator.storage("localStorage.length")).isEqualTo(0L);
    assertThat(operator.storage("document.cookie")).isEqualTo("");
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(operator.console() + "#/merchants");
  }

  @Test
  void sendsTheOperatorBackToSignInWhenLaterCallsAreRefusedThenToThePageAsked() {
    operator.signIn();
    browser.script("sessionStorage.setItem('clientele.admin-token', 'a-token-since-changed')");

    operator.goTo("/merchants/sandbox/customers/cst_aaaaaaaaaaaaaaaa");

    browser.assertText(By.tagName("h1"), "Sign in");
    browser.assertText(By.cssSelector(".notice"), "The admin token was refused. Sign in again.");
    assertThat(operator.storage("sessionStorage.length")).isEqualTo(0L);
    operator.signInWith(TestServer.ADMIN_TOKEN);
    browser.assertText(By.tagName("h1"), "Customer cst_aaaaaaaaaaaaaaaa");
  }

  @Test
  void signsOutForgettingTheToken() {
    operator.signIn();

    browser.click(By.id("sign-out"));

    browser.assertText(By.tagName("h1"), "Sign in");
    browser.assertText(By.cssSelector(".notice"), "Signed out.");
    assertThat(operator.storage("sessionStorage.length")).isEqualTo(0L);
    operator.goTo("/merchants");
    browser.assertText(By.tagName("h1"), "Sign in");
  }

  @Test
  void createsAMerchantAndListsIt() {
    operator.signIn();

    browser.type(By.id("merchant-id"), "acme");
    browser.type(By.id("merchant-name"), "Acme Payments");
    browser.type(By.id("merchant-allowed-ips"), "127.0.0.1/32, 10.0.0.0/8");
    browser.click(By.cssSelector("#new-merchant button[type=submit]"));

    browser.assertText(By.tagName("h1"), "Merchant acme");
    browser.assertText(By.cssSelector(".notice"), "Merchant acme created.");
    String createdAt =
        JsonAssert.parse(operator.adminCall("GET", "/admin/merchants/acme", ""))
            .get("created_at")
            .textValue();
    browser.assertTexts(
        By.cssSelector("#merchant dd"),
        List.of("Acme Payments", "10.0.0.0/8, 127.0.0.1/32", createdAt));
    browser.click(By.linkText("Merchants"));
    browser.assertText(By.tagName("h1"), "Merchants");
    browser.assertTexts(
        By.cssSelector("#merchants tr[data-merchant=acme] td"),
        List.of("acme", "Acme Payments", "10.0.0.0/8, 127.0.0.1/32", createdAt));
    browser.screenshot("merchants");
  }

  @Test
  void showsTheApiMessageWhenAMerchantIsRefused() {
    operator.signIn();

    browser.type(By.id("merchant-id"), "no spaces");
    browser.type(By.id("merchant-name"), "Spaced");
    browser.click(By.cssSelector("#new-merchant button[type=submit]"));

    browser.assertText(
        By.cssSelector("#new-merchant .error"),
        "merchant_id must be 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or"
            + " digit (invalid_request)");

    browser.type(By.id("merchant-id"), "sandbox");
    browser.click(By.cssSelector("#new-merchant button[type=submit]"));

    browser.assertText(
        By.cssSelector("#new-merchant .error"),
        "A merchant with id sandbox already exists (merchant_exists)");
  }

  @Test
  void showsAnUnknownMerchantAsTheApiNamesItNotAsABlankPage() {
    operator.signIn();

    operator.goTo("/merchants/nobody");

    browser.assertText(
        By.cssSelector("#merchant .error"), "No merchant with id nobody (merchant_not_found)");
    browser.assertAbsent(By.id("new-credential"));
  }

  @Test
  void showsANewCredentialsSecretOnlyUntilTheOperatorLeavesThePage() {
    operator.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"keys\",\"name\":\"Keys\"}");
    operator.signIn();
    operator.goTo("/merchants/keys");
    browser.assertText(By.cssSelector("#credentials .empty"), "No credentials yet.");

    browser.click(By.cssSelector("#new-credential button[type=submit]"));

    browser.assertText(By.cssSelector(".shown-once h3"), "Shown only now");
    String apiKey = browser.find(By.cssSelector(".shown-once code[data-name=api_key]")).getText();
    JsonNode listed =
        JsonAssert.parse(operator.adminCall("GET", "/admin/merchants/keys/credentials", ""))
            .get("credentials")
            .get(0);
    String id = listed.get("credential_id").textValue();
    browser.assertText(
        By.cssSelector(".shown-once p"),
        "Credential "
            + id
            + " was created. Copy its values now: Clientele keeps no readable copy and will not"
            + " show them again.");
    browser.assertTexts(By.cssSelector(".shown-once .label"), List.of("api_key"));
    assertThat(operator.juspay(apiKey, "GET", "/customers", "").statusCode()).isEqualTo(200);
    assertThat(cells("tr[data-credential='" + id + "']"))
        .containsExactly(
            id,
            "juspay",
            "none",
            listed.get("created_at").textValue(),
            "never",
            "active",
            "Revoke");
    browser.screenshot("merchant-credential-created");

    browser.click(By.linkText("Merchants"));
    browser.assertText(By.tagName("h1"), "Merchants");
    browser.driver().navigate().back();

    browser.assertText(By.tagName("h1"), "Merchant keys");
    browser.find(By.cssSelector("tr[data-credential='" + id + "']"));
    browser.assertAbsent(By.cssSelector(".shown-once"));
    assertThat(browser.driver().getPageSource()).doesNotContain(apiKey);
  }

  @Test
  void asksForTheProjectOfAFlowwiseClientAndShowsBothItsValues() {
    operator.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"flow\",\"name\":\"Flow\"}");
    operator.signIn();
    operator.goTo("/merchants/flow");
    browser.assertAbsent(By.id("credential-project"));

    new org.openqa.selenium.support.ui.Select(browser.find(By.id("credential-dialect")))
        .selectByVisibleText("flowwise");
    browser.type(By.id("credential-project"), "proj_9");
    browser.click(By.cssSelector("#new-credential button[type=submit]"));

    browser.assertTexts(
        By.cssSelector(".shown-once .label"), List.of("client_id", "client_secret"));
    String id =
        JsonAssert.parse(operator.adminCall("GET", "/admin/merchants/flow/credentials", ""))
            .get("credentials")
            .get(0)
            .get("credential_id")
            .textValue();
    browser.assertText(
        By.cssSelector(".shown-once p"),
        "Credential "
            + id
            + " was created for project proj_9. Copy its values now: Clientele keeps no readable"
            + " copy and will not show them again.");
    assertThat(cells("tr[data-credential='" + id + "']")).element(2).isEqualTo("proj_9");
  }

  @Test
  void copiesASecretToTheClipboard() {
    operator.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"clip\",\"name\":\"Clip\"}");
    operator.signIn();
    operator.goTo("/merchants/clip");
    browser.click(By.cssSelector("#new-credential button[type=submit]"));
    String apiKey = browser.find(By.cssSelector(".shown-once code[data-name=api_key]")).getText();
    browser.driver().setPermission("clipboard-read", "granted");
    browser.driver().setPermission("clipboard-write", "granted");

    browser.click(By.cssSelector(".shown-once button.copy"));

    browser.assertText(By.cssSelector(".shown-once button.copy"), "Copied");
    Object copied =
        browser
            .driver()
            .executeAsyncScript(
                "navigator.clipboard.readText().then(arguments[0], e => arguments[0](String(e)))");
    assertThat(copied).isEqualTo(apiKey);
  }

  @Test
  void revokesACredentialOnlyOnceTheOperatorConfirms() {
    operator.adminCall("POST", "/admin/merchants", "{\"merchant_id\":\"gone\",\"name\":\"Gone\"}");
    JsonNode issued = operator.credential("gone", "{\"dialect\":\"juspay\"}");
    String id = issued.get("credential_id").textValue();
    String apiKey = issued.get("api_key").textValue();
    String row = "tr[data-credential='" + id + "']";
    operator.signIn();
    operator.goTo("/merchants/gone");

    browser.click(By.cssSelector(row + " button"));
    browser.assertText(By.cssSelector("#revoke-dialog h2"), "Revoke credential " + id + "?");
    browser.assertText(
        By.cssSelector("#revoke-dialog p"),
        "Every request with it is refused at once, on every node. This cannot be undone.");
    browser.screenshot("merchant-revoke-confirmation");
    browser.click(By.id("cancel-revoke"));

    browser.assertAbsent(By.id("revoke-dialog"));
    assertThat(cells(row)).element(5).isEqualTo("active");
    assertThat(operator.juspay(apiKey, "GET", "/customers", "").statusCode()).isEqualTo(200);

    browser.click(By.cssSelector(row + " button"));
    browser.click(By.id("confirm-revoke"));

    browser.assertText(By.cssSelector("#credentials .notice"), "Credential " + id + " revoked.");
    String revokedAt =
        JsonAssert.parse(operator.adminCall("GET", "/admin/merchants/gone/credentials", ""))
            .get("credentials")
            .get(0)
            .get("revoked_at")
            .textValue();
    assertThat(cells(row)).element(5).isEqualTo("revoked " + revokedAt);
    assertThat(cells(row)).element(6).isEqualTo("");
    assertThat(operator.juspay(apiKey, "GET", "/customers", "").statusCode()).isEqualTo(401);
  }
}
