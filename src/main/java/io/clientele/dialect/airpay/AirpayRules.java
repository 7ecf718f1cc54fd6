package io.clientele.dialect.airpay;

import io.clientele.customer.CustomerRules;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The field rules of Airpay's update-customer page, one guard per field, in the page's order. */
final class AirpayRules {
  static final String ENTITY_ID = "entity_id";
  static final String EMAIL = "email";
  static final String MOBILE = "mobile_no";
  static final String ADDRESS = "address";
  static final String COUNTRY = "country";
  static final String CITY = "city";
  static final String STATE = "state";
  static final String PINCODE = "pincode";

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,15}");
  private static final Pattern ADDRESS_LINE = Pattern.compile("[A-Za-z0-9 ]{1,255}");
  private static final Pattern LETTERS = Pattern.compile("[A-Za-z]{1,100}");
  private static final Pattern COUNTRY_NAME = Pattern.compile("[A-Za-z ]{1,100}");
  private static final Pattern PIN = Pattern.compile("[0-9]{1,6}");
  private static final Pattern INDIAN_PIN = Pattern.compile("[0-9]{6}");

  private AirpayRules() {}

  /**
   * @throws AirpayRejection naming the first rule the parameters break
   */
  static void check(Map<String, String> params) {
    String entityId = params.get(ENTITY_ID);
    if (entityId == null) {
      throw AirpayRejection.badRequest("entity_id is required");
    }
    require(
        entityId.length() <= 50 && CustomerRules.isReference(entityId),
        "entity_id must be 1 to 50 characters");
    checkIfPresent(params, EMAIL, CustomerRules::isEmail, "email is not a valid address");
    checkIfPresent(
        params, MOBILE, v -> DIGITS.matcher(v).matches(), "mobile_no must be 1 to 15 digits");
    checkIfPresent(
        params,
        ADDRESS,
        v -> ADDRESS_LINE.matcher(v).matches() && !v.isBlank(),
        "address must be 1 to 255 letters, digits and spaces");
    checkIfPresent(
        params,
        COUNTRY,
        v -> COUNTRY_NAME.matcher(v).matches() && !v.isBlank(),
        "country must be 1 to 100 letters and spaces");
    checkIfPresent(
        params, CITY, v -> LETTERS.matcher(v).matches(), "city must be 1 to 100 letters");
    checkIfPresent(
        params, STATE, v -> LETTERS.matcher(v).matches(), "state must be 1 to 100 letters");
    checkIfPresent(params, PINCODE, v -> PIN.matcher(v).matches(), "pincode must be 1 to 6 digits");
  }

  /**
   * A pincode must have exactly six digits when the customer's country, as sent or as stored, is
   * India.
   */
  static void checkPincode(String pincode, String country) {
    if (pincode != null && isIndia(country)) {
      require(
          INDIAN_PIN.matcher(pincode).matches(), "pincode must be 6 digits when country is India");
    }
  }

  static boolean isIndia(String country) {
    return country != null && country.strip().toLowerCase(Locale.ROOT).equals("india");
  }

  private static void checkIfPresent(
      Map<String, String> params,
      String field,
      java.util.function.Predicate<String> rule,
      String reason) {
    String value = params.get(field);
    if (value != null) {
      require(!value.isEmpty() && rule.test(value), reason);
    }
  }

  private static void require(boolean holds, String reason) {
    if (!holds) {
      throw AirpayRejection.badRequest(reason);
    }
  }
}
