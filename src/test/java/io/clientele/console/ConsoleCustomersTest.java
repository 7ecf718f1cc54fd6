package io.clientele.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.Browser;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Customer search, and one customer with its change history, in headless Chromium, over data the
 * dialects wrote.
 */
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

  /** Searches the sandbox merchant's customers from its search page. */
  static void search(String by, String value) {
    operator.goTo("/merchants/sandbox/customers");
    browser.assertText(By.tagName("h1"), "Customers of sandbox");
    new org.openqa.selenium.support.ui.Select(browser.find(By.id("search-by")))
        .selectByVisibleText(by);
    browser.type(By.id("search-value"), value);
    browser.click(By.cssSelector("#search button[type=submit]"));
  }

  static List<String> resultRow(String customerId) {
    JsonNode customer =
        JsonAssert.parse(
            operator.adminCall("GET", "/admin/merchants/sandbox/customers/" + customerId, ""));
    String name =
        customer.get("name").isNull()
            ? customer.get("first_name").textValue() + " " + customer.get("last_name").textValue()
            : customer.get("name").textValue();
    return List.of(
        customerId,
        customer.get("reference").textValue(),
        name,
        customer.get("email").textValue(),
        "+"
            + customer.get("mobile_country_code").textValue()
            + " "
            + customer.get("mobile_number").textValue(),
        customer.get("updated_at").textValue());
  }

  static List<String> shownResult(String customerId) {
    return browser.textsOf(
        By.xpath("//table[@id='customers']//tr[td/a[text()='" + customerId + "']]/td"));
  }

  @Test
  void findsACustomerByEmailInAnyCaseAndOpensIt() {
    String priya =
        operator.juspaySandbox(
            "/customers",
            "object_reference_id=search-0001&mobile_country_code=91&mobile_number=9812345670"
                + "&email_address=Priya.Sharma%40example.com&first_name=Priya&last_name=Sharma");
    operator.juspaySandbox(
        "/customers",
        "object_reference_id=search-0002&mobile_number=9812345671"
            + "&email_address=priya.s%40example.com");
    operator.signIn();

    search("Email", "PRIYA.SHARMA@example.COM");

    browser.assertText(By.id("result-count"), "1 customer matches.");
    browser.assertTexts(By.cssSelector("#customers tbody td:first-child"), List.of(priya));
    assertThat(shownResult(priya)).isEqualTo(resultRow(priya));
    assertThat(browser.driver().getCurrentUrl())
        .isEqualTo(operator.console() + "#/merchants/sandbox/customers");
    browser.screenshot("customers-search");

    browser.click(By.linkText(priya));
    browser.assertText(By.tagName("h1"), "Customer " + priya);
    browser.assertText(
        By.cssSelector("#customer dd[data-field=email]"), "Priya.Sharma@example.com");
    browser.assertTexts(By.cssSelector("#changes tbody td:first-child"), List.of("1"));

    browser.click(By.linkText("Customers"));
    browser.assertText(By.id("result-count"), "1 customer matches.");
    assertThat(browser.find(By.id("search-value")).getAttribute("value"))
        .isEqualTo("PRIYA.SHARMA@example.COM");
    assertThat(shownResult(priya)).isEqualTo(resultRow(priya));
  }

  @Test
  void findsACustomerByPhoneWhicheverDialectStoredIt() {
    assertThat(
            operator
                .flowwiseSandbox(
                    "POST",
                    "",
                    "{\"customer_id\":\"search-0003\",\"scope\":\"GLOBAL\","
                        + "\"name\":\"Mei Tan\",\"email\":\"mei@example.com\","
                        + "\"phone\":\"+6591234567\"}")
                .statusCode())
        .isEqualTo(200);
    String juspay =
        operator.juspaySandbox(
            "/customers",
            "object_reference_id=search-0004&mobile_country_code=44&mobile_number=7700900123"
                + "&email_address=oliver%40example.com&first_name=Oliver&last_name=Jones");
    operator.signIn();

    search("Phone", "+65 9123-4567");

    browser.assertText(By.id("result-count"), "1 customer matches.");
    String mei = browser.textOf(By.cssSelector("#customers tbody td:first-child"));
    assertThat(shownResult(mei)).isEqualTo(resultRow(mei));
    assertThat(shownResult(mei).get(1)).isEqualTo("search-0003");

    search("Phone", "+44 (7700) 900.123");

    browser.assertText(By.id("result-count"), "1 customer matches.");
    assertThat(shownResult(juspay)).isEqualTo(resultRow(juspay));
  }

  @Test
  void findsACustomerByItsExactReference() {
    String id =
        operator.juspaySandbox(
            "/customers",
            "object_reference_id=search-0005&mobile_country_code=91&mobile_number=9812345675"
                + "&email_address=asha%40example.com&first_name=Asha&last_name=Rao");
    operator.signIn();

    search("Reference", "search-0005");

    browser.assertText(By.id("result-count"), "1 customer matches.");
    assertThat(shownResult(id)).isEqualTo(resultRow(id));

    search("Reference", "SEARCH-0005");

    browser.assertText(By.id("result-count"), "0 customers match.");
    browser.assertAbsent(By.id("customers"));
  }

  @Test
  void pagesTheResultsTwentyAtATimeForwardAndBack() {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 23; i++) {
      ids.add(
          operator.juspaySandbox(
              "/customers",
              String.format(
                  "object_reference_id=paged-%04d&mobile_number=98000000%02d"
                      + "&email_address=shared%%40example.com",
                  i, i)));
    }
    List<String> sorted = ids.stream().sorted().toList();
    operator.signIn();

    search("Email", "shared@example.com");

    browser.assertText(By.id("result-count"), "23 customers match.");
    browser.assertTexts(By.cssSelector("#customers tbody td:first-child"), sorted.subList(0, 20));
    browser.assertText(By.cssSelector(".page-number"), "Page 1");
    browser.assertAbsent(By.id("previous-page"));

    browser.click(By.id("next-page"));

    browser.assertTexts(By.cssSelector("#customers tbody td:first-child"), sorted.subList(20, 23));
    browser.assertText(By.cssSelector(".page-number"), "Page 2");
    browser.assertAbsent(By.id("next-page"));

    browser.click(By.id("previous-page"));

    browser.assertTexts(By.cssSelector("#customers tbody td:first-child"), sorted.subList(0, 20));
    browser.assertText(By.cssSelector(".page-number"), "Page 1");
  }

  @Test
  void listsEveryCustomerByIdWhenTheValueIsEmpty() {
    johnSmith("search-0006");
    List<String> firstPage = new ArrayList<>();
    JsonAssert.parse(operator.adminCall("GET", "/admin/merchants/sandbox/customers?limit=20", ""))
        .get("customers")
        .forEach(customer -> firstPage.add(customer.get("customer_id").textValue()));
    operator.signIn();

    search("Reference", "");

    browser.assertText(By.id("result-count"), "Every customer, 20 a page, by customer ID.");
    browser.assertTexts(By.cssSelector("#customers tbody td:first-child"), firstPage);
  }

  @Test
  void showsTheApiMessageForAPhoneItCannotRead() {
    operator.signIn();

    search("Phone", "call me");

    browser.assertText(
        By.cssSelector("#results .error"),
        "phone must be an international number, country code first, with or without its +, such"
            + " as +919876543210 (invalid_request)");
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
            "none",
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
            "Metadata",
            "Created",
            "Updated",
            "Version"));
    browser.assertTexts(By.cssSelector("#changes tbody td:first-child"), List.of("3", "2", "1"));
    browser.assertTexts(
        By.cssSelector("#changes thead th"),
        List.of("VERSION", "KIND", "AT", "DIALECT", "CREDENTIAL", "REQUEST ID", "FIELDS"));
  }

  @Test
  void showsTheMetadataKeysAndValuesTheCanonicalApiSet() {
    String key =
        operator.credential("sandbox", "{\"dialect\":\"canonical\"}").get("api_key").textValue();
    HttpResponse<String> created =
        operator.server.send(
            HttpRequest.newBuilder(operator.server.http("/v1/customers"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"reference\":\"console-meta\","
                            + "\"metadata\":{\"tier\":\"gold\",\"crm\":\"<b>4</b>\"}}"))
                .build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JsonAssert.parse(created.body()).get("id").textValue();
    operator.signIn();

    operator.goTo("/merchants/sandbox/customers/" + id);

    browser.assertTexts(
        By.cssSelector("#customer dd[data-field=metadata] li"),
        List.of("crm <b>4</b>", "tier gold"));
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
