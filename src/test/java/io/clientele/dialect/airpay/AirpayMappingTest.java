package io.clientele.dialect.airpay;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerPatch;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AirpayMappingTest {

  static Customer stored(PersonalData personal) {
    Instant t = Instant.parse("2026-03-17T14:13:37Z");
    return new Customer(
        "cst_aaaaaaaaaaaaaaaa",
        "m1",
        "ENT00001",
        null,
        Customer.Scope.GLOBAL,
        personal,
        Customer.Status.ACTIVE,
        t,
        t,
        1);
  }

  @Test
  void setsEveryFieldSentInTheDomainsFields() {
    CustomerPatch patch =
        AirpayMapping.patch(
            Map.of(
                "entity_id", "ENT00001",
                "address", "12 Main Road",
                "city", "Kochi",
                "state", "Kerala",
                "country", "India",
                "pincode", "682308"),
            stored(PersonalData.NONE));

    assertThat(patch.edit(Field.ADDRESS)).isEqualTo(new CustomerPatch.Set<>("12 Main Road"));
    assertThat(patch.edit(Field.CITY)).isEqualTo(new CustomerPatch.Set<>("Kochi"));
    assertThat(patch.edit(Field.STATE)).isEqualTo(new CustomerPatch.Set<>("Kerala"));
    assertThat(patch.edit(Field.COUNTRY)).isEqualTo(new CustomerPatch.Set<>("India"));
    assertThat(patch.edit(Field.PINCODE)).isEqualTo(new CustomerPatch.Set<>("682308"));
    assertThat(patch.edit(Field.EMAIL)).isEqualTo(new CustomerPatch.Keep<String>());
    assertThat(patch.unique()).isEmpty();
  }

  @Test
  void asksForAUniqueEmailWhenOneIsSent() {
    CustomerPatch patch =
        AirpayMapping.patch(
            Map.of("entity_id", "ENT00001", "email", "a@example.com"), stored(PersonalData.NONE));

    assertThat(patch.edit(Field.EMAIL)).isEqualTo(new CustomerPatch.Set<>("a@example.com"));
    assertThat(patch.unique()).containsExactly(CustomerPatch.Unique.EMAIL);
  }

  @Test
  void givesAMobileNumberIndiasCountryCodeWhenTheCustomerHasNone() {
    CustomerPatch patch =
        AirpayMapping.patch(
            Map.of("entity_id", "ENT00001", "mobile_no", "9876543210"), stored(PersonalData.NONE));

    assertThat(patch.edit(Field.MOBILE_NUMBER)).isEqualTo(new CustomerPatch.Set<>("9876543210"));
    assertThat(patch.edit(Field.MOBILE_COUNTRY_CODE)).isEqualTo(new CustomerPatch.Set<>("91"));
  }

  @Test
  void keepsTheStoredCountryCodeOfAMobileNumber() {
    CustomerPatch patch =
        AirpayMapping.patch(
            Map.of("entity_id", "ENT00001", "mobile_no", "99887766"),
            stored(new PersonalData(Map.of(Field.MOBILE_COUNTRY_CODE, "65"))));

    assertThat(patch.edit(Field.MOBILE_COUNTRY_CODE)).isEqualTo(new CustomerPatch.Keep<String>());
  }

  @Test
  void keepsEverythingWhenOnlyTheEntityIsNamed() {
    assertThat(
            AirpayMapping.patch(Map.of("entity_id", "ENT00001"), stored(PersonalData.NONE))
                .keepsEverything())
        .isTrue();
  }
}
