package io.clientele.customer;

import java.util.regex.Pattern;

/**
 * Rules every dialect agrees on. A dialect whose documentation states a stricter rule (Juspay's
 * email character set, say) checks that one too.
 */
public final class CustomerRules {
  public static final int MAX_REFERENCE = 255;
  public static final int MAX_TEXT = 255;

  /** The longest full name: a first and a last name of 255 joined by a space. */
  public static final int MAX_FULL_NAME = 511;

  /** The longest one-line address, which holds the parts other gateways keep apart. */
  public static final int MAX_ADDRESS_LINE = 1000;

  private static final Pattern EMAIL =
      Pattern.compile(
          "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
              + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

  private CustomerRules() {}

  /**
   * A merchant reference: 1 to 255 characters, not blank, storable. A {@code /} is allowed: in a
   * path it travels as {@code %2F}, as Juspay's own references may hold one.
   */
  public static boolean isReference(String value) {
    return value != null
        && !value.isBlank()
        && value.length() <= MAX_REFERENCE
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

  /** Free text such as a name: 1 to 255 characters, not blank, storable. */
  public static boolean isText(String value) {
    return isText(value, MAX_TEXT);
  }

  /**
   * Free text of at most {@code max} characters (UTF-16 units, as the databases count), not blank,
   * storable.
   */
  public static boolean isText(String value, int max) {
    return value != null && !value.isBlank() && value.length() <= max && isStorable(value);
  }
}
