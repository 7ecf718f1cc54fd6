package io.clientele.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.Browser;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** One customer with its change history, in headless Chromium, over data the dialects wrote. */
class ConsoleCustomersTest {
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

  /** A customer made by Juspay, then changed by Juspay and by Flowwise: three versions. */
  static String johnSmith(String reference) {
    String id =
        operator.juspaySandbox(
            "/customers",
            "object_reference_id="
                + reference
                + "&mobile_number=9876543210&email_address=john%40example.com"
                + "&first_name=John&last_name=Smith");
    operator.juspaySandbox("/customers/" + id, "email_address=johnny%40example.com");
    assertThat(
            operator
                .flowwiseSandbox(
                    "PUT",
                    reference,
                    "{\"customer_id\":\""
                        + reference
                        + "\",\"scope\":\"GLOBAL\","
                        + "\"name\":\"Johnny Smith\"}")
                .statusCode())
        .isEqualTo(200);
    return id;
  }

  static JsonNode history(String customerId) {
    return JsonAssert.parse(
            operator.adminCall(
                "GET",
                "/admin/merchants/sandbox/customers/" + customerId + "/history?limit=100",
                ""))
        .get("changes");
  }

  /** A history row as the page should show it: every fact, then each field's old and new value. */
  static List<String> row(JsonNode change, String... fields) {
    return List.of(
        change.get("version").asText(),
        change.get("kind").textValue(),
        change.get("at").textValue(),
        change.get("dialect").textValue(),
        change.get("credential_id").textValue(),
        change.get("request_id").textValue(),
        String.join("\n", fields));
  }

  static List<String> shownRow(int version) {
    return browser.textsOf(By.cssSelector("#changes tr[data-version='" + version + "'] td"));
  }

  @Test
  void showsTheNeutralFieldsAndTheHistoryNewestFirstWithWhoChangedWhat() {
    String id = johnSmith("console-0001");
    operator.signIn();

    operator.goTo("/merchants/sandbox/customers/" + id);

    browser.assertText(By.tagName("h1"), "Customer " + id);
    JsonNode customer =
        JsonAssert.parse(operator.adminCall("GET", "/admin/merchants/sandbox/customers/" + id, ""));
    browser.assertTexts(
        By.cssSelector("#customer dd"),
        List.of(
            id,
            "console-0001",
            "unset",
            "GLOBAL",
            "John",
            "Smith",
            "Johnny Smith",
            "johnny@example.com",
            "91",
            "9876543210",
            "unset",
            "unset",
            "unset",
            "unset",
            "unset",
            customer.get("created_at").textValue(),
            customer.get("updated_at").textValue(),
            "3"));
    browser.assertTexts(
        By.cssSelector("#customer dt"),
        List.of(
            "Customer ID",
            "Reference",
            "Project",
            "Scope",
            "First name",
            "Last name",
            "Name",
            "Email",
            "Mobile country code",
            "Mobile number",
            "Address",
            "City",
            "State",
            "Country",
            "Pincode",
            "Created",
            "Updated",
            "Version"));
    browser.assertTexts(By.cssSelector("#changes tbody td:first-child"), List.of("3", "2", "1"));
    browser.assertTexts(
        By.cssSelector("#changes thead th"),
        List.of("VERSION", "KIND", "AT", "DIALECT", "CREDENTIAL", "REQUEST ID", "FIELDS"));
  }

  @Test
  void showsEachChangedFieldWithItsOldAndNewValue() {
    String id = johnSmith("console-0002");
    JsonNode changes = history(id);
    operator.signIn();

    operator.goTo("/merchants/sandbox/customers/" + id);

    browser.find(By.cssSelector("#changes tr[data-version='1']"));
    assertThat(shownRow(3)).isEqualTo(row(changes.get(0), "name unset → Johnny Smith"));
    assertThat(shownRow(2))
        .isEqualTo(row(changes.get(1), "email john@example.com → johnny@example.com"));
    assertThat(shownRow(1))
        .isEqualTo(
            row(
                changes.get(2),
                "scope unset → GLOBAL",
                "first_name unset → John",
                "last_name unset → Smith",
                "email unset → john@example.com",
                "mobile_country_code unset → 91",
                "mobile_number unset → 9876543210"));
    browser.assertAbsent(By.id("older-changes"));
    browser.screenshot("customer");
  }

  @Test
  void pagesTheHistoryTenChangesAtATime() {
    String id =
        operator.juspaySandbox(
            "/customers", "object_reference_id=console-0003&mobile_number=9876543210");
    for (int i = 1; i <= 11; i++) {
      operator.juspaySandbox("/customers/" + id, "first_name=Name" + i);
    }
    operator.signIn();

    operator.goTo("/merchants/sandbox/customers/" + id);

    browser.assertTexts(By.cssSelector("#changes tbody td:first-child"), versions(12, 3));
    browser.click(By.id("older-changes"));
    browser.assertTexts(By.cssSelector("#changes tbody td:first-child"), versions(12, 1));
    browser.assertAbsent(By.id("older-changes"));
    assertThat(shownRow(12).get(6)).isEqualTo("first_name Name10 → Name11");
  }

  static List<String> versions(int from, int downTo) {
    return IntStream.iterate(from, v -> v >= downTo, v -> v - 1)
        .mapToObj(Integer::toString)
        .toList();
  }

  @Test
  void showsAnErasedCustomersHistoryWithEveryPersonalValueRedacted() {
    String id = johnSmith("console-0004");
    assertThat(operator.flowwiseSandbox("DELETE", "console-0004", "").statusCode()).isEqualTo(204);
    JsonNode changes = history(id);
    operator.signIn();

    operator.goTo("/merchants/sandbox/customers/" + id);

    browser.assertText(
        By.cssSelector("#customer .error"),
        "Merchant sandbox has no customer " + id + " (customer_not_found)");
    browser.assertText(
        By.id("erased"),
        "Only live customers are shown. An erased customer keeps its history, without its"
            + " personal values.");
    browser.assertTexts(
        By.cssSelector("#changes tbody td:nth-child(2)"),
        List.of("erase", "change", "change", "create"));
    List<String> erased = new ArrayList<>();
    for (String field :
        List.of(
            "first_name", "last_name", "name", "email", "mobile_country_code", "mobile_number")) {
      erased.add(field + " redacted → redacted");
    }
    assertThat(shownRow(4)).isEqualTo(row(changes.get(0), erased.toArray(String[]::new)));
    assertThat(shownRow(1))
        .isEqualTo(
            row(
                changes.get(3),
                "scope unset → GLOBAL",
                "first_name redacted → redacted",
                "last_name redacted → redacted",
                "email redacted → redacted",
                "mobile_country_code redacted → redacted",
                "mobile_number redacted → redacted"));
    assertThat(browser.driver().getPageSource())
        .doesNotContain("John")
        .doesNotContain("example.com")
        .doesNotContain("9876543210");
    browser.screenshot("customer-erased");
  }

  @Test
  void showsAnUnknownCustomerAsTheApiNamesIt() {
    operator.signIn();

    operator.goTo("/merchants/sandbox/customers/cst_aaaaaaaaaaaaaaaa");

    String message = "Merchant sandbox has no customer cst_aaaaaaaaaaaaaaaa (customer_not_found)";
    browser.assertText(By.cssSelector("#customer .error"), message);
    browser.assertText(By.cssSelector("#history .error"), message);
    browser.assertAbsent(By.id("erased"));
  }
}
