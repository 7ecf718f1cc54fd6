package io.clientele.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every stored row must satisfy, whatever was sent: the union of the rules of the dialects
 * that may write each column, restated here from the rule classes and docs/decisions.md rather than
 * called, so that a rule that lets something through is caught too.
 */
final class StoredRows {
  private static final Pattern CUSTOMER_ID = Pattern.compile("cst_[a-z0-9]{16}");
  private static final Pattern ADMIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final Pattern LETTERS = Pattern.compile("[A-Za-z]{1,100}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Za-z ]{1,100}");
  private static final Pattern PINCODE = Pattern.compile("[0-9]{1,6}");

  /** Juspay's documented e-mail characters, on both sides of the one {@code @}. */
  private static final Pattern JUSPAY_EMAIL_PART =
      Pattern.compile("[A-Za-z0-9!#$%&'*+\\-/=?^_.{|}~`]+");

  /** The e-mail rule the other dialects share: dot-atoms, a domain of two labels or more. */
  private static final Pattern COMMON_EMAIL =
      Pattern.compile(
          "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
              + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

  /** What an erased customer's row must no longer hold: nothing personal, no key to read it. */
  private static final List<String> SEALED =
      List.of("reference_key", "personal", "email_key", "phone_key", "customer_key", "key_version");

  private StoredRows() {}

  /**
   * The rules a stored customer breaks, each naming the column and the value.
   *
   * @param sent every reference-like value the run sent in a body, and the seeded references
   */
  static List<String> customerViolations(
      Map<String, String> row, Set<String> sent, Set<String> merchants, Set<String> projects) {
    List<String> wrong = new ArrayList<>();
    check(wrong, row, "id", v -> CUSTOMER_ID.matcher(v).matches(), false);
    check(wrong, row, "merchant_id", merchants::contains, false);
    check(wrong, row, "reference", v -> isText(v, 255), "DELETED".equals(row.get("status")));
    if (row.get("reference") != null && !sent.contains(row.get("reference"))) {
      wrong.add(
          "reference " + show(row.get("reference")) + " was never sent (altered on the way?)");
    }
    check(wrong, row, "scope", v -> v.equals("GLOBAL") || v.equals("PROJECT"), false);
    check(wrong, row, "project_id", projects::contains, true);
    check(wrong, row, "status", v -> v.equals("ACTIVE") || v.equals("DELETED"), false);
    check(wrong, row, "version", v -> Long.parseLong(v) >= 1, false);
    check(wrong, row, "first_name", StoredRows::isJuspayName, true);
    check(wrong, row, "last_name", StoredRows::isJuspayName, true);
    check(wrong, row, "name", v -> isText(v, 511), true);
    check(wrong, row, "email", StoredRows::isEmail, true);
    check(wrong, row, "mobile_country_code", v -> v.length() <= 64 && isDigits(v), true);
    check(wrong, row, "mobile_number", v -> v.length() <= 300 && isDigits(v), true);
    check(wrong, row, "address", v -> isText(v, 1000), true);
    check(wrong, row, "city", v -> LETTERS.matcher(v).matches(), true);
    check(wrong, row, "state", v -> LETTERS.matcher(v).matches(), true);
    check(wrong, row, "country", v -> COUNTRY.matcher(v).matches() && !v.isBlank(), true);
    check(wrong, row, "pincode", v -> PINCODE.matcher(v).matches(), true);
    String country = row.get("country");
    String pincode = row.get("pincode");
    if (country != null
        && pincode != null
        && country.strip().toLowerCase(Locale.ROOT).equals("india")
        && pincode.length() != 6) {
      wrong.add("pincode " + show(pincode) + " is not 6 digits for country " + show(country));
    }
    if ("PROJECT".equals(row.get("scope")) && row.get("project_id") == null) {
      wrong.add("scope PROJECT without a project_id");
    }
    if ("ACTIVE".equals(row.get("status")) && !"true".equals(row.get("reference_key_matches"))) {
      wrong.add("live customer whose reference_key is not its reference's blind index");
    }
    if ("DELETED".equals(row.get("status"))) {
      for (String column : SEALED) {
        if (row.get(column) != null) {
          wrong.add("erased customer keeps " + column);
        }
      }
    }
    return wrong;
  }

  /** The rules an admin-made merchant breaks. */
  static List<String> merchantViolations(Map<String, String> row) {
    List<String> wrong = new ArrayList<>();
    check(wrong, row, "id", v -> ADMIN_ID.matcher(v).matches(), false);
    check(wrong, row, "name", v -> isText(v, 255), false);
    return wrong;
  }

  /** The rules a project, made with a Flowwise credential, breaks. */
  static List<String> projectViolations(Map<String, String> row) {
    List<String> wrong = new ArrayList<>();
    check(wrong, row, "id", v -> ADMIN_ID.matcher(v).matches(), false);
    return wrong;
  }

  private static void check(
      List<String> wrong,
      Map<String, String> row,
      String column,
      java.util.function.Predicate<String> rule,
      boolean nullable) {
    String value = row.get(column);
    if (value == null) {
      if (!nullable) {
        wrong.add(column + " is null");
      }
      return;
    }
    boolean holds;
    try {
      holds = rule.test(value);
    } catch (RuntimeException e) {
      holds = false;
    }
    if (!holds) {
      wrong.add(column + " " + show(value) + " breaks its rule");
    }
  }

  /** Not blank, at most {@code max} UTF-16 units, no control character, no lone surrogate. */
  static boolean isText(String value, int max) {
    return !value.isBlank() && value.length() <= max && isStorable(value);
  }

  static boolean isStorable(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return false;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  static boolean isJuspayName(String value) {
    return value.length() <= 255
        && !value.isBlank()
        && value
            .codePoints()
            .allMatch(c -> Character.isLetterOrDigit(c) || "().-_ ".indexOf(c) >= 0);
  }

  /** Juspay's rule or the common one: ASCII either way, one {@code @}, at most 300. */
  static boolean isEmail(String value) {
    if (value.length() > 300 || !isStorable(value)) {
      return false;
    }
    if (COMMON_EMAIL.matcher(value).matches() && value.length() <= 254) {
      return true;
    }
    int at = value.indexOf('@');
    if (at <= 0 || at != value.lastIndexOf('@') || at == value.length() - 1) {
      return false;
    }
    String local = value.substring(0, at);
    char first = local.charAt(0);
    char last = local.charAt(local.length() - 1);
    return JUSPAY_EMAIL_PART.matcher(local).matches()
        && JUSPAY_EMAIL_PART.matcher(value.substring(at + 1)).matches()
        && first != '.'
        && first != '_'
        && last != '.'
        && last != '_';
  }

  private static boolean isDigits(String value) {
    return DIGITS.matcher(value).matches();
  }

  /** A value as Java would write it, controls and lone surrogates escaped, long ones cut. */
  static String show(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < Math.min(value.length(), 80); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || (c >= 0x80 && c < 0xa0)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > 80) {
      out.append("…(").append(value.length()).append(" chars)");
    }
    return out.append('"').toString();
  }
}
