package io.clientele.customer;

import io.clientele.customer.PersonalData.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every stored customer meets, whichever dialect wrote it: what the store holds and every
 * dialect can show back. Each dialect checks its own stricter rules on its wire; an import speaks
 * no dialect and is checked against these alone, so whatever an export wrote imports again.
 */
public final class NeutralRules {
  public static final int MAX_PROJECT_ID = 64;
  private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final Set<Field> DIGITS_ONLY =
      Set.of(Field.MOBILE_COUNTRY_CODE, Field.MOBILE_NUMBER);

  private NeutralRules() {}

  /**
   * Every rule the row breaks, in a fixed order: id, reference, project, then the personal fields
   * in their order.
   */
  public static List<FieldError> check(ImportRow row) {
    List<FieldError> errors = new ArrayList<>();
    if (row.id() != null && !CustomerService.isWellFormedId(row.id())) {
      errors.add(new FieldError("customer_id", FieldError.Code.INVALID_FORMAT));
    }
    NewCustomer customer = row.customer();
    text("reference", customer.reference(), CustomerRules.MAX_REFERENCE, errors);
    checkProject(customer, errors);
    for (Field field : Field.values()) {
      String value = customer.personal().get(field);
      if (value != null && text(field.key(), value, field.maxLength(), errors)) {
        checkForm(field, value, errors);
      }
    }
    return errors;
  }

  /** Adds what is wrong with a required text; answers whether nothing was. */
  private static boolean text(String name, String value, int max, List<FieldError> errors) {
    FieldError.Code broken =
        value == null
            ? FieldError.Code.MISSING
            : value.isBlank()
                ? FieldError.Code.EMPTY
                : value.length() > max
                    ? FieldError.Code.TOO_LONG
                    : !CustomerRules.isStorable(value) ? FieldError.Code.INVALID_CHARACTERS : null;
    if (broken != null) {
      errors.add(new FieldError(name, broken));
    }
    return broken == null;
  }

  private static void checkProject(NewCustomer customer, List<FieldError> errors) {
    String project = customer.projectId();
    if (project == null) {
      if (customer.scope() == Customer.Scope.PROJECT) {
        errors.add(new FieldError("project_id", FieldError.Code.MISSING));
      }
    } else if (text("project_id", project, MAX_PROJECT_ID, errors)
        && !PROJECT_ID.matcher(project).matches()) {
      errors.add(new FieldError("project_id", FieldError.Code.INVALID_FORMAT));
    }
  }

  private static void checkForm(Field field, String value, List<FieldError> errors) {
    if (DIGITS_ONLY.contains(field) && !DIGITS.matcher(value).matches()) {
      errors.add(new FieldError(field.key(), FieldError.Code.INVALID_CHARACTERS));
    } else if (field == Field.EMAIL && !isAddress(value)) {
      errors.add(new FieldError(field.key(), FieldError.Code.INVALID_FORMAT));
    }
  }

  /**
   * One {@code @} with text on both sides and no white space: the loosest form any dialect stores,
   * so that every stored email passes.
   */
  static boolean isAddress(String value) {
    int at = value.indexOf('@');
    return at > 0
        && at == value.lastIndexOf('@')
        && at < value.length() - 1
        && value.codePoints().noneMatch(Character::isWhitespace);
  }
}
