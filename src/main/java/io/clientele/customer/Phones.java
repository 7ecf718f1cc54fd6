package io.clientele.customer;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/**
 * One phone, two shapes: the E.164 text some gateways use ({@code +6599887766}) and the country
 * code and national number others keep apart ({@code 65}, {@code 99887766}). Splitting uses the
 * numbering plans of libphonenumber, since country codes are one to three digits long.
 */
public final class Phones {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /**
   * What a number may be written with: a leading {@code +}, ASCII digits and the separators people
   * type. libphonenumber's own parser also reads letters as keypad digits, full-width digits, and
   * drops what trails a number ({@code +65 9988 7766 tel} became another number): none of that is a
   * phone anyone meant.
   */
  private static final java.util.regex.Pattern WRITTEN =
      java.util.regex.Pattern.compile("\\+[0-9][0-9 ().-]*");

  private Phones() {}

  /** A country calling code and the national significant number, digits only. */
  public record Split(String countryCode, String nationalNumber) {
    @Override
    public String toString() {
      return "Split[countryCode=" + countryCode + "]";
    }
  }

  /**
   * Splits an international number written with a leading {@code +}, digits and separators; empty
   * when it holds anything else, cannot be parsed or cannot be a number of any plan (too short or
   * too long for its country).
   */
  public static Optional<Split> split(String international) {
    if (international == null || !WRITTEN.matcher(international).matches()) {
      return Optional.empty();
    }
    try {
      PhoneNumber number = UTIL.parse(international, null);
      if (!UTIL.isPossibleNumber(number) || number.hasExtension()) {
        return Optional.empty();
      }
      return Optional.of(
          new Split(
              Integer.toString(number.getCountryCode()),
              UTIL.getNationalSignificantNumber(number)));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /** {@code +} country code national number, or {@code null} when either part is unknown. */
  public static String join(String countryCode, String nationalNumber) {
    if (countryCode == null || nationalNumber == null) {
      return null;
    }
    return "+" + countryCode + nationalNumber;
  }
}
