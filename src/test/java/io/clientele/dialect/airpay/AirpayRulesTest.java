package io.clientele.dialect.airpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The field rules of Airpay's update-customer page, each named in its refusal. */
class AirpayRulesTest {

  /** Every field of the page's sample, valid. */
  static Map<String, String> sample() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("entity_id", "ENT0001");
    params.put("email", "xyz@airpay.co.in");
    params.put("mobile_no", "9000000879");
    params.put("address", "Address");
    params.put("city", "City");
    params.put("state", "Kerala");
    params.put("country", "India");
    params.put("pincode", "682308");
    return params;
  }

  static Map<String, String> with(String field, String value) {
    Map<String, String> params = sample();
    params.put(field, value);
    return params;
  }

  @Test
  void acceptsThePagesSample() {
    assertThatCode(() -> AirpayRules.check(sample())).doesNotThrowAnyException();
  }

  @Test
  void acceptsAnEntityIdAlone() {
    assertThatCode(() -> AirpayRules.check(Map.of("entity_id", "E"))).doesNotThrowAnyException();
  }

  @Test
  void requiresTheEntityId() {
    Map<String, String> params = sample();
    params.remove("entity_id");

    assertThatThrownBy(() -> AirpayRules.check(params))
        .isInstanceOf(AirpayRejection.class)
        .hasMessage("entity_id is required");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "entity_id | '' | entity_id must be 1 to 50 characters",
        "entity_id | ' ' | entity_id must be 1 to 50 characters",
        "email | '' | email is not a valid address",
        "email | xyz@ | email is not a valid address",
        "email | xyz@airpay | email is not a valid address",
        "mobile_no | '' | mobile_no must be 1 to 15 digits",
        "mobile_no | +919000000879 | mobile_no must be 1 to 15 digits",
        "mobile_no | 1234567890123456 | mobile_no must be 1 to 15 digits",
        "address | Flat 4/B | address must be 1 to 255 letters, digits and spaces",
        "address | ' ' | address must be 1 to 255 letters, digits and spaces",
        "address | Straße 1 | address must be 1 to 255 letters, digits and spaces",
        "country | United Kingdom2 | country must be 1 to 100 letters and spaces",
        "country | ' ' | country must be 1 to 100 letters and spaces",
        "city | New Delhi | city must be 1 to 100 letters",
        "city | Kochi1 | city must be 1 to 100 letters",
        "state | Tamil Nadu | state must be 1 to 100 letters",
        "pincode | 68230A | pincode must be 1 to 6 digits",
        "pincode | 6823081 | pincode must be 1 to 6 digits",
        "pincode | '' | pincode must be 1 to 6 digits"
      })
  void refusesAValueBreakingItsFieldsRule(String field, String value, String reason) {
    assertThatThrownBy(() -> AirpayRules.check(with(field, value)))
        .isInstanceOf(AirpayRejection.class)
        .hasMessage(reason)
        .extracting(e -> ((AirpayRejection) e).status())
        .isEqualTo(400);
  }

  @ParameterizedTest(name = "{0} of {1}")
  @CsvSource({"entity_id, 51", "address, 256", "country, 101", "city, 101", "state, 101"})
  void refusesAValuePastItsLengthLimit(String field, int length) {
    String value = field.equals("entity_id") ? "E".repeat(length) : "a".repeat(length);

    assertThatThrownBy(() -> AirpayRules.check(with(field, value)))
        .isInstanceOf(AirpayRejection.class);
  }

  @ParameterizedTest(name = "{0} of {1}")
  @CsvSource({"entity_id, 50", "address, 255", "country, 100", "city, 100", "state, 100"})
  void acceptsAValueAtItsLengthLimit(String field, int length) {
    String value = field.equals("entity_id") ? "E".repeat(length) : "a".repeat(length);

    assertThatCode(() -> AirpayRules.check(with(field, value))).doesNotThrowAnyException();
  }

  @Test
  void namesTheFirstBrokenRuleInThePagesOrder() {
    Map<String, String> params = sample();
    params.put("pincode", "x");
    params.put("city", "1");
    params.put("email", "bad");

    assertThatThrownBy(() -> AirpayRules.check(params)).hasMessage("email is not a valid address");
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({"12345, India", "12345, INDIA", "12345, ' india '", "1234567, India"})
  void requiresSixDigitPincodesInIndia(String pincode, String country) {
    assertThatThrownBy(() -> AirpayRules.checkPincode(pincode, country))
        .isInstanceOf(AirpayRejection.class)
        .hasMessage("pincode must be 6 digits when country is India");
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({"682308, India", "12345, Kenya", "1, ", ", India"})
  void takesOtherPincodesOutsideIndiaOrWithoutOne(String pincode, String country) {
    assertThatCode(() -> AirpayRules.checkPincode(pincode, country)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource({"India, true", "india, true", "' INDIA ', true", "Indiana, false", ", false"})
  void recognisesIndiaWhateverItsCaseAndSpaces(String country, boolean india) {
    assertThat(AirpayRules.isIndia(country)).isEqualTo(india);
  }
}
