package io.clientele.dialect.juspay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Juspay's documented field rules, one guard each, and the order they are reported in. */
class JuspayRulesTest {

  static JuspayParams form(String text) {
    return JuspayParams.ofBody(null, text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ref-0001", "customer@gmail.com", "a/b with spaces", "山田太郎さんの参照"})
  void acceptsAReferenceOf8To255PrintableCharacters(String value) {
    assertThat(JuspayRules.isReference(value)).isTrue();
  }

  @Test
  void acceptsAReferenceOfExactly255Characters() {
    assertThat(JuspayRules.isReference("r".repeat(255))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ref-001", "        ", "ref\u00000001", "ref\t0001", "ref-\uD800001"})
  void rejectsAReferenceTooShortBlankOrUnstorable(String value) {
    assertThat(JuspayRules.isReference(value)).isFalse();
  }

  @Test
  void rejectsAReferenceOf256Characters() {
    assertThat(JuspayRules.isReference("r".repeat(256))).isFalse();
  }

  @ParameterizedTest(name = "{0} with country code {1}")
  @CsvSource({"9876543210,", "9876543210, 91", "+919876543210, 91", "0, ", "+6599887766, 65"})
  void acceptsAMobileNumberOfDigitsOrPlusItsOwnCountryCode(String value, String countryCode) {
    assertThat(JuspayRules.isMobile(value, countryCode)).isTrue();
  }

  @ParameterizedTest(name = "{0} with country code {1}")
  @CsvSource({
    "98765a3210,",
    "98765 43210,",
    "+919876543210,",
    "+919876543210, 65",
    "+91, 91",
    "+91 9876543210, 91",
    "++919876543210, 91",
    "-9876543210,"
  })
  void rejectsAMobileNumberWithOtherCharactersOrAForeignPlus(String value, String countryCode) {
    assertThat(JuspayRules.isMobile(value, countryCode)).isFalse();
  }

  @Test
  void limitsAMobileNumberTo300Characters() {
    assertThat(JuspayRules.isMobile("9".repeat(300), null)).isTrue();
    assertThat(JuspayRules.isMobile("9".repeat(301), null)).isFalse();
  }

  @ParameterizedTest(name = "{0} with country code {1} stores {2}")
  @CsvSource({
    "+919876543210, 91, 9876543210",
    "9876543210, 91, 9876543210",
    "+6599887766, 65, 99887766"
  })
  void storesTheNationalNumberWithoutThePlusAndCountryCode(
      String value, String countryCode, String national) {
    assertThat(JuspayRules.nationalNumber(value, countryCode)).isEqualTo(national);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "john.smith@example.com",
        "a+b@example.com",
        "o'neil@example.com",
        "x@y",
        "first_last@example.com",
        "{tag}|~`@example.com"
      })
  void acceptsAnEmailOfTheDocumentedCharacterSet(String value) {
    assertThat(JuspayRules.isEmail(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ".john@example.com",
        "john.@example.com",
        "_john@example.com",
        "john_@example.com",
        "john@@example.com",
        "jo@hn@example.com",
        "@example.com",
        "john@",
        "jo hn@example.com",
        "jöhn@example.com",
        "john(at)example.com"
      })
  void rejectsAnEmailOutsideTheDocumentedRules(String value) {
    assertThat(JuspayRules.isEmail(value)).isFalse();
  }

  @Test
  void limitsAnEmailTo300Characters() {
    assertThat(JuspayRules.isEmail("a".repeat(288) + "@example.com")).isTrue();
    assertThat(JuspayRules.isEmail("a".repeat(289) + "@example.com")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"John", "Mary-Jane (Jr.)", "O_Neil", "José", "山田", "R2 D2"})
  void acceptsANameOfLettersDigitsAndTheDocumentedSymbols(String value) {
    assertThat(JuspayRules.isName(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"John!", "John@Smith", "   ", "John,Smith", "John\u0000", "John's"})
  void rejectsANameWithOtherSymbolsOrOnlySpaces(String value) {
    assertThat(JuspayRules.isName(value)).isFalse();
  }

  @Test
  void limitsANameTo255Characters() {
    assertThat(JuspayRules.isName("n".repeat(255))).isTrue();
    assertThat(JuspayRules.isName("n".repeat(256))).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"true, true", "false, true", "TRUE, false", "1, false", "yes, false"})
  void takesOnlyTrueOrFalseAsABoolean(String value, boolean accepted) {
    assertThat(JuspayRules.isBoolean(value)).isEqualTo(accepted);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mobile_country_code=91 |",
        "mobile_country_code=abc | mobile_country_code",
        "mobile_country_code=+91 | mobile_country_code",
        "first_name= | first_name",
        "email_address= | email_address",
        "object_reference_id=ref-0001&object_reference_id=ref-0002 | object_reference_id",
        "options.get_client_auth_token=yes | options.get_client_auth_token",
        "unknown_field=!!! |"
      })
  void findsTheWrongValueOfOneField(String form, String wrong) {
    assertThat(JuspayRules.wrongValues(form(form)))
        .containsExactlyElementsOf(wrong == null ? java.util.List.of() : java.util.List.of(wrong));
  }

  @Test
  void acceptsACountryCodeOf64DigitsButNot65() {
    assertThat(JuspayRules.wrongValues(form("mobile_country_code=" + "9".repeat(64)))).isEmpty();
    assertThat(JuspayRules.wrongValues(form("mobile_country_code=" + "9".repeat(65))))
        .containsExactly(JuspayRules.COUNTRY_CODE);
  }

  @Test
  void listsEveryWrongValueInTheDocumentedOrderWhateverTheOrderSent() {
    JuspayParams params =
        form(
            "options.get_client_auth_token=maybe&last_name=!&first_name=!&email_address=bad"
                + "&mobile_number=abc&mobile_country_code=x&object_reference_id=short");

    assertThat(JuspayRules.wrongValues(params))
        .containsExactly(
            "object_reference_id",
            "mobile_country_code",
            "mobile_number",
            "email_address",
            "first_name",
            "last_name",
            "options.get_client_auth_token");
  }

  @Test
  void checksAMobileNumberAgainstTheCountryCodeOfTheSameRequest() {
    assertThat(JuspayRules.wrongValues(form("mobile_country_code=65&mobile_number=%2B6599887766")))
        .isEmpty();
    assertThat(JuspayRules.wrongValues(form("mobile_number=%2B6599887766")))
        .containsExactly(JuspayRules.MOBILE);
  }
}
