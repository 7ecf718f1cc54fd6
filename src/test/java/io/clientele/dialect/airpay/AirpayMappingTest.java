package io.clientele.dialect.airpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.customer.CustomerPatch;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AirpayMappingTest {

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
                "pincode", "682308"));

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
        AirpayMapping.patch(Map.of("entity_id", "ENT00001", "email", "a@example.com"));

    assertThat(patch.edit(Field.EMAIL)).isEqualTo(new CustomerPatch.Set<>("a@example.com"));
    assertThat(patch.unique()).containsExactly(CustomerPatch.Unique.EMAIL);
  }

  @Test
  void givesAMobileNumberIndiasCountryCodeOnlyWhereTheCustomerHasNone() {
    CustomerPatch patch =
        AirpayMapping.patch(Map.of("entity_id", "ENT00001", "mobile_no", "9876543210"));

    assertThat(patch.edit(Field.MOBILE_NUMBER)).isEqualTo(new CustomerPatch.Set<>("9876543210"));
    assertThat(patch.edit(Field.MOBILE_COUNTRY_CODE)).isEqualTo(new CustomerPatch.Fill<>("91"));
    assertThat(patch.applyTo(PersonalData.NONE).mobileCountryCode()).isEqualTo("91");
    assertThat(
            patch
                .applyTo(new PersonalData(Map.of(Field.MOBILE_COUNTRY_CODE, "65")))
                .mobileCountryCode())
        .isEqualTo("65");
  }

  @Test
  void requiresSixDigitPincodesOfIndianCustomersAsTheUpdateLeavesThem() {
    CustomerPatch patch = AirpayMapping.patch(Map.of("entity_id", "ENT00001", "pincode", "12345"));
    CustomerPatch.Requirement rule = patch.requirements().get(0);

    assertThatThrownBy(
            () ->
                rule.check(
                    new PersonalData(Map.of(Field.COUNTRY, "India", Field.PINCODE, "12345"))))
        .isInstanceOf(AirpayRejection.class)
        .hasMessage("pincode must be 6 digits when country is India");
    rule.check(new PersonalData(Map.of(Field.COUNTRY, "Singapore", Field.PINCODE, "12345")));
    rule.check(new PersonalData(Map.of(Field.COUNTRY, "India", Field.PINCODE, "682308")));
  }

  @Test
  void changesNothingWhenOnlyTheEntityIsNamed() {
    CustomerPatch patch = AirpayMapping.patch(Map.of("entity_id", "ENT00001"));
    PersonalData stored = new PersonalData(Map.of(Field.CITY, "Kochi"));

    assertThat(patch.applyTo(stored)).isEqualTo(stored);
  }
}
