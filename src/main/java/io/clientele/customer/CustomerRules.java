package io.clientele.customer;

import java.util.regex.Pattern;

/**
 * Rules every dialect agrees on. A dialect whose documentation states a stricter rule (Juspay's
 * email character set, say) checks that one too.
 */
public final class CustomerRules {
  public static final int MAX_REFERENCE = 255;
  public static final int MAX_TEXT = 255;
  private static final Pattern EMAIL =
      Pattern.compile(
          "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
              + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

  private CustomerRules() {}

  /** A merchant reference: 1 to 255 characters, not blank, storable, and no {@code /}. */
  public static boolean isReference(String value) {
    return value != null
        && !value.isBlank()
        && value.length() <= MAX_REFERENCE
        && value.indexOf('/') < 0
        && isStorable(value);
  }

  /**
   * Text every supported database stores and compares as given: no control character (PostgreSQL
   * refuses NUL) and no unpaired surrogate (it cannot be encoded as UTF-8, and a driver would
   * silently replace it).
   */
  public static boolean isStorable(String value) {
    return value
        .codePoints()
        .noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE);
  }

  /** An address of the usual form: dot-separated local part, a domain of at least two labels. */
  public static boolean isEmail(String value) {
    return value != null
        && value.length() <= 254
        && value.indexOf('@') <= 64
        && EMAIL.matcher(value).matches();
  }

  /** Free text such as a name or an address line: 1 to 255 characters, not blank, storable. */
  public static boolean isText(String value) {
    return value != null && !value.isBlank() && value.length() <= MAX_TEXT && isStorable(value);
  }
}
