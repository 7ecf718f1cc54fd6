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

  /**
   * A merchant reference: 1 to 255 characters, not blank, no control character and no {@code /}.
   */
  public static boolean isReference(String value) {
    return value != null
        && !value.isBlank()
        && value.length() <= MAX_REFERENCE
        && value.indexOf('/') < 0
        && value.codePoints().noneMatch(Character::isISOControl);
  }

  /** An address of the usual form: dot-separated local part, a domain of at least two labels. */
  public static boolean isEmail(String value) {
    return value != null
        && value.length() <= 254
        && value.indexOf('@') <= 64
        && EMAIL.matcher(value).matches();
  }

  /**
   * Free text such as a name or an address line: 1 to 255 characters, not blank, no control
   * character.
   */
  public static boolean isText(String value) {
    return value != null
        && !value.isBlank()
        && value.length() <= MAX_TEXT
        && value.codePoints().noneMatch(Character::isISOControl);
  }
}
