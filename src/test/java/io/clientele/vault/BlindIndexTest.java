package io.clientele.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.storage.Database;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With personal values sealed, what customers are looked up by goes through blind indexes: the
 * lookups still ignore an email's case and a phone's typing, follow every change, and the same
 * values at two merchants have indexes that cannot be matched to each other.
 */
class BlindIndexTest {
  @TempDir Path dataDir;

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void refusesAnAirpayEmailAnotherCustomerHasInAnotherCase(TestDatabase.Engine engine) {
    try (VaultServer vault = new VaultServer(engine, dataDir)) {
      VaultServer.Merchant shop = vault.merchant("shop", "Shop");
      juspayCustomer(vault, shop, "taken-ref-01", "Shared.Inbox@Example.com", "9000000001");
      juspayCustomer(vault, shop, "other-ref-01", "other@example.com", "9000000002");

      HttpResponse<String> refused =
          vault.airpay(shop, "entity_id=other-ref-01&email=sHARED.inbox%40EXAMPLE.com");
      HttpResponse<String> own =
          vault.airpay(shop, "entity_id=taken-ref-01&email=shared.inbox%40example.com");

      assertThat(refused.statusCode()).isEqualTo(400);
      JsonAssert.assertJson(refused.body(), JsonAssert.fixture("airpay/fail-400.json"));
      assertThat(refused.headers().firstValue("x-clientele-reason"))
          .hasValue("email is used by another customer");
      assertThat(own.statusCode())
          .as(own.headers().firstValue("x-clientele-reason").orElse(""))
          .isEqualTo(200);
      JsonAssert.assertJson(own.body(), JsonAssert.fixture("airpay/success.json"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void findsACustomerByEmailInAnotherCaseByPhoneTypedOtherwiseAndByReference(
      TestDatabase.Engine engine) {
    try (VaultServer vault = new VaultServer(engine, dataDir)) {
      VaultServer.Merchant shop = vault.merchant("shop", "Shop");
      String id = juspayCustomer(vault, shop, "findme-ref-01", "Find.Me@Example.com", "7700900123");
      juspayCustomer(vault, shop, "decoy-ref-01", "decoy@example.com", "7700900124");
      String onlyHer = onePage(vault.adminGet("/admin/merchants/shop/customers/" + id).body());

      for (String query :
          List.of(
              "?email=" + encoded("fIND.mE@eXAMPLE.COM"),
              "?email=" + encoded("find.me@example.com"),
              "?phone=" + encoded("+447700900123"),
              "?phone=447700900123",
              "?phone=" + encoded("+44 7700-900 123"),
              "?phone=" + encoded("(+44) 77.00.90.01.23"),
              "?reference=findme-ref-01")) {
        HttpResponse<String> found = vault.adminGet("/admin/merchants/shop/customers" + query);

        assertThat(found.statusCode()).as(query).isEqualTo(200);
        assertThat(JsonAssert.parse(found.body())).as(query).isEqualTo(JsonAssert.parse(onlyHer));
      }
      assertThat(JsonAssert.parse(search(vault, "shop", "?reference=FINDME-REF-01")))
          .as("a reference is exact")
          .isEqualTo(JsonAssert.parse(NONE));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void findsAChangedCustomerByTheNewEmailAndPhoneAndNotByTheOld(TestDatabase.Engine engine) {
    try (VaultServer vault = new VaultServer(engine, dataDir)) {
      VaultServer.Merchant shop = vault.merchant("shop", "Shop");
      String id = juspayCustomer(vault, shop, "moving-ref-01", "Old@Example.com", "7700900200");
      HttpResponse<String> changed =
          vault.juspayPost(
              shop,
              "/customers/" + id,
              "email_address=New.Address%40Example.com&mobile_number=7700900201");
      assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
      String onlyHim = onePage(vault.adminGet("/admin/merchants/shop/customers/" + id).body());

      assertThat(JsonAssert.parse(search(vault, "shop", "?email=new.address%40example.com")))
          .isEqualTo(JsonAssert.parse(onlyHim));
      assertThat(JsonAssert.parse(search(vault, "shop", "?phone=%2B447700900201")))
          .isEqualTo(JsonAssert.parse(onlyHim));
      assertThat(JsonAssert.parse(search(vault, "shop", "?email=old%40example.com")))
          .isEqualTo(JsonAssert.parse(NONE));
      assertThat(JsonAssert.parse(search(vault, "shop", "?phone=%2B447700900200")))
          .isEqualTo(JsonAssert.parse(NONE));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void givesTheSameValuesAtTwoMerchantsIndexesThatDoNotMatch(TestDatabase.Engine engine)
      throws Exception {
    try (VaultServer vault = new VaultServer(engine, dataDir)) {
      VaultServer.Merchant one = vault.merchant("one", "One");
      VaultServer.Merchant two = vault.merchant("two", "Two");
      String first =
          juspayCustomer(vault, one, "same-ref-01", "Same.Person@Example.com", "7700900300");
      String second =
          juspayCustomer(vault, two, "same-ref-01", "same.person@example.com", "7700900300");

      List<String> keysOfOne = indexes(vault, "one");
      List<String> keysOfTwo = indexes(vault, "two");

      assertThat(keysOfOne).hasSize(3).doesNotContainNull();
      assertThat(keysOfTwo).hasSize(3).doesNotContainNull();
      assertThat(keysOfOne)
          .as("an index of one merchant among the other's")
          .doesNotContainAnyElementsOf(keysOfTwo);
      assertThat(JsonAssert.parse(search(vault, "one", "?email=same.person%40example.com")))
          .isEqualTo(
              JsonAssert.parse(
                  onePage(vault.adminGet("/admin/merchants/one/customers/" + first).body())));
      assertThat(JsonAssert.parse(search(vault, "two", "?phone=%2B447700900300")))
          .isEqualTo(
              JsonAssert.parse(
                  onePage(vault.adminGet("/admin/merchants/two/customers/" + second).body())));
    }
  }

  static final String NONE = "{\"customers\":[],\"next_cursor\":null}";

  /** The merchant's one customer's reference, email and phone indexes, as stored, in hex. */
  static List<String> indexes(VaultServer vault, String merchantId) throws Exception {
    try (Database database = vault.open();
        Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "select reference_key, email_key, phone_key from customers where merchant_id = ?")) {
      select.setString(1, merchantId);
      List<String> keys = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        for (int i = 1; i <= 3; i++) {
          keys.add(HexFormat.of().formatHex(rows.getBytes(i)));
        }
        assertThat(rows.next()).as("one customer").isFalse();
      }
      return keys;
    }
  }

  static String juspayCustomer(
      VaultServer vault,
      VaultServer.Merchant merchant,
      String reference,
      String email,
      String number) {
    HttpResponse<String> created =
        vault.juspayPost(
            merchant,
            "/customers",
            VaultServer.form(
                Map.of(
                    "object_reference_id", reference,
                    "first_name", "Vera",
                    "email_address", email,
                    "mobile_country_code", "44",
                    "mobile_number", number)));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    return JsonAssert.parse(created.body()).get("id").textValue();
  }

  static String search(VaultServer vault, String merchantId, String query) {
    HttpResponse<String> found =
        vault.adminGet("/admin/merchants/" + merchantId + "/customers" + query);
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    return found.body();
  }

  /** A search's page holding exactly {@code customer}, as the operator's show route gives it. */
  static String onePage(String customer) {
    return "{\"customers\":[" + customer + "],\"next_cursor\":null}";
  }

  static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
