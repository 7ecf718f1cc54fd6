package io.clientele.dialect.juspay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.customer.Customer;
import io.clientele.customer.CustomerPatch;
import io.clientele.customer.NewCustomer;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JuspayWireTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void mapsACreateOntoAGlobalCustomerWithIndiaAsTheDefaultCountryCode() {
    JuspayParams params =
        JuspayParams.ofForm(
            "object_reference_id=customer-0001&mobile_number=9876543210"
                + "&email_address=john%40example.com&first_name=John&last_name=Smith");

    assertThat(JuspayWire.newCustomer(params))
        .isEqualTo(
            NewCustomer.global(
                "customer-0001",
                new PersonalData(
                    Map.of(
                        Field.FIRST_NAME, "John",
                        Field.LAST_NAME, "Smith",
                        Field.EMAIL, "john@example.com",
                        Field.MOBILE_COUNTRY_CODE, "91",
                        Field.MOBILE_NUMBER, "9876543210"))));
  }

  @Test
  void storesAnInternationalMobileNumberAsItsNationalNumber() {
    JuspayParams params =
        JuspayParams.ofForm(
            "object_reference_id=customer-0001&mobile_country_code=65&mobile_number=%2B6599887766");

    PersonalData personal = JuspayWire.newCustomer(params).personal();

    assertThat(personal.mobileCountryCode()).isEqualTo("65");
    assertThat(personal.mobileNumber()).isEqualTo("99887766");
  }

  @Test
  void setsWhatAnUpdateSendsAndKeepsTheRest() {
    CustomerPatch patch =
        JuspayWire.patch(JuspayParams.ofForm("first_name=Jane&object_reference_id=customer-0001"));

    assertThat(patch.edit(Field.FIRST_NAME)).isEqualTo(new CustomerPatch.Set<>("Jane"));
    assertThat(patch.edit(Field.LAST_NAME)).isEqualTo(new CustomerPatch.Keep<String>());
    assertThat(patch.edit(Field.MOBILE_NUMBER)).isEqualTo(new CustomerPatch.Keep<String>());
    assertThat(patch.reference()).isEqualTo("customer-0001");
    assertThat(patch.unique()).isEmpty();
  }

  @Test
  void keepsEverythingForAnEmptyUpdate() {
    CustomerPatch patch = JuspayWire.patch(JuspayParams.ofForm(""));

    for (Field field : Field.values()) {
      assertThat(patch.edit(field)).isEqualTo(new CustomerPatch.Keep<String>());
    }
    assertThat(patch.reference()).isNull();
  }

  @Test
  void showsACustomerWithoutItsUnsetFields() throws Exception {
    Customer customer =
        new Customer(
            "cst_aaaaaaaaaaaaaaaa",
            "m1",
            "customer-0001",
            null,
            Customer.Scope.GLOBAL,
            new PersonalData(Map.of(Field.MOBILE_COUNTRY_CODE, "91", Field.MOBILE_NUMBER, "98765")),
            Customer.Status.ACTIVE,
            Instant.parse("2026-03-17T14:13:37.123456Z"),
            Instant.parse("2026-03-18T00:00:00Z"),
            3);

    assertThat(JSON.writeValueAsString(JuspayWire.CustomerBody.of(customer, null)))
        .isEqualTo(
            "{\"id\":\"cst_aaaaaaaaaaaaaaaa\",\"object\":\"customer\","
                + "\"object_reference_id\":\"customer-0001\",\"mobile_country_code\":\"91\","
                + "\"mobile_number\":\"98765\",\"date_created\":\"2026-03-17T14:13:37Z\","
                + "\"last_updated\":\"2026-03-18T00:00:00Z\"}");
  }

  @Test
  void showsTheClientAuthTokenWhenOneWasIssued() throws Exception {
    Customer customer =
        new Customer(
            "cst_aaaaaaaaaaaaaaaa",
            "m1",
            "customer-0001",
            null,
            Customer.Scope.GLOBAL,
            PersonalData.NONE,
            Customer.Status.ACTIVE,
            Instant.parse("2026-03-17T14:13:37Z"),
            Instant.parse("2026-03-17T14:13:37Z"),
            1);
    ClientAuthTokens.Token token =
        new ClientAuthTokens.Token("tkn_0123", Instant.parse("2026-03-17T14:28:37Z"));

    assertThat(JSON.writeValueAsString(JuspayWire.CustomerBody.of(customer, token)))
        .isEqualTo(
            "{\"id\":\"cst_aaaaaaaaaaaaaaaa\",\"object\":\"customer\","
                + "\"object_reference_id\":\"customer-0001\","
                + "\"date_created\":\"2026-03-17T14:13:37Z\",\"last_updated\":\"2026-03-17T14:13:37Z\","
                + "\"juspay\":{\"client_auth_token\":\"tkn_0123\","
                + "\"client_auth_token_expiry\":\"2026-03-17T14:28:37Z\"}}");
  }
}
