package io.clientele.customer;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The normal forms customers are found by, made the same way from stored values and from what an
 * operator types: an email in lower case, a phone as E.164 whichever dialect split or joined it.
 */
public final class SearchKeys {
  /** What people put between the digits of a phone number. */
  private static final Pattern SEPARATORS = Pattern.compile("[ .()\\-]");

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /** A country code (64 digits at most) and a national number (300 at most), joined. */
  private static final int MAX_PHONE_DIGITS =
      PersonalData.Field.MOBILE_COUNTRY_CODE.maxLength()
          + PersonalData.Field.MOBILE_NUMBER.maxLength();

  private SearchKeys() {}

  /**
   * The key of a stored email: each letter in lower case on its own (Unicode's simple mapping), as
   * PostgreSQL's {@code lower()}, which made the keys of the rows stored before them, does. So a
   * key is never longer than its email and fits its column: {@code String.toLowerCase} turns "İ"
   * into two characters (an imported email of 300 made a key too long to store), and a final "Σ"
   * into "ς" where {@code lower()} gives "σ".
   */
  public static String email(String email) {
    if (email == null) {
      return null;
    }
    int[] letters = email.codePoints().map(Character::toLowerCase).toArray();
    return new String(letters, 0, letters.length);
  }

  /**
   * The key of a stored phone: {@code +}, country code, national number (the E.164 form Flowwise
   * shows); {@code null} unless both parts are known.
   */
  public static String phone(PersonalData personal) {
    return Phones.join(personal.mobileCountryCode(), personal.mobileNumber());
  }

  /**
   * The key of a phone as someone typed it: digits of an international number, with or without its
   * {@code +} (which arrives as a space when sent unencoded in a query string), spaces, dots,
   * dashes and parentheses ignored; empty when it is anything else.
   */
  public static Optional<String> typedPhone(String typed) {
    String digits = SEPARATORS.matcher(typed).replaceAll("");
    if (digits.startsWith("+")) {
      digits = digits.substring(1);
    }
    if (!DIGITS.matcher(digits).matches() || digits.length() > MAX_PHONE_DIGITS) {
      return Optional.empty();
    }
    return Optional.of("+" + digits);
  }
}
