package io.clientele.dialect.juspay;

import io.clientele.customer.CustomerRules;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The field rules of Juspay's customer pages, one guard per field, checked in a fixed order. An
 * empty value breaks every rule: nothing is cleared by accident.
 */
final class JuspayRules {
  static final String REFERENCE = "object_reference_id";
  static final String COUNTRY_CODE = "mobile_country_code";
  static final String MOBILE = "mobile_number";
  static final String EMAIL = "email_address";
  static final String FIRST_NAME = "first_name";
  static final String LAST_NAME = "last_name";
  static final String TOKEN_OPTION = "options.get_client_auth_token";
  static final String DEFAULT_COUNTRY_CODE = "91";

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final Pattern EMAIL_CHARACTERS =
      Pattern.compile("[A-Za-z0-9!#$%&'*+\\-/=?^_.{|}~`]+");
  private static final String NAME_SYMBOLS = "().-_ ";

  private JuspayRules() {}

  /** The fields of a create or update whose values break a rule, in the dialect's order. */
  static List<String> wrongValues(JuspayParams params) {
    List<String> wrong = new ArrayList<>();
    check(params, REFERENCE, JuspayRules::isReference, wrong);
    check(params, COUNTRY_CODE, v -> v.length() <= 64 && DIGITS.matcher(v).matches(), wrong);
    check(params, MOBILE, v -> isMobile(v, params.get(COUNTRY_CODE).orElse(null)), wrong);
    check(params, EMAIL, JuspayRules::isEmail, wrong);
    check(params, FIRST_NAME, JuspayRules::isName, wrong);
    check(params, LAST_NAME, JuspayRules::isName, wrong);
    check(params, TOKEN_OPTION, JuspayRules::isBoolean, wrong);
    return wrong;
  }

  static void check(JuspayParams params, String field, Predicate<String> rule, List<String> wrong) {
    if (!params.has(field)) {
      return;
    }
    String value = params.get(field).orElse(null);
    if (value == null || value.isEmpty() || !rule.test(value)) {
      wrong.add(field);
    }
  }

  static boolean isReference(String value) {
    return value.length() >= 8
        && value.length() <= 255
        && CustomerRules.isStorable(value)
        && !value.isBlank();
  }

  /**
   * Digits only, at most 300; a leading {@code +} only when the same request gives the country code
   * and the number starts with it (the number is then stored without it).
   */
  static boolean isMobile(String value, String countryCode) {
    if (value.length() > 300) {
      return false;
    }
    if (value.startsWith("+")) {
      return countryCode != null
          && value.startsWith("+" + countryCode)
          && value.length() > countryCode.length() + 1
          && DIGITS.matcher(value.substring(1)).matches();
    }
    return DIGITS.matcher(value).matches();
  }

  /** The national number to store: a {@code +<country code>} prefix removed. */
  static String nationalNumber(String value, String countryCode) {
    return value.startsWith("+") ? value.substring(countryCode.length() + 1) : value;
  }

  /**
   * The documented character set, one {@code @} with text on both sides, and neither {@code .} nor
   * {@code _} at either end of the local part; at most 300 characters.
   */
  static boolean isEmail(String value) {
    int at = value.indexOf('@');
    if (value.length() > 300
        || at <= 0
        || at != value.lastIndexOf('@')
        || at == value.length() - 1) {
      return false;
    }
    String local = value.substring(0, at);
    String domain = value.substring(at + 1);
    return EMAIL_CHARACTERS.matcher(local).matches()
        && EMAIL_CHARACTERS.matcher(domain).matches()
        && !edge(local, '.')
        && !edge(local, '_');
  }

  private static boolean edge(String text, char c) {
    return text.charAt(0) == c || text.charAt(text.length() - 1) == c;
  }

  /** Letters and digits of any script, space and {@code ().-_}; at most 255 characters. */
  static boolean isName(String value) {
    return value.length() <= 255
        && !value.isBlank()
        && value
            .codePoints()
            .allMatch(c -> Character.isLetterOrDigit(c) || NAME_SYMBOLS.indexOf(c) >= 0);
  }

  static boolean isBoolean(String value) {
    return value.equals("true") || value.equals("false");
  }
}
