package io.clientele.dialect.juspay;

import static io.clientele.dialect.juspay.JuspayRules.COUNTRY_CODE;
import static io.clientele.dialect.juspay.JuspayRules.EMAIL;
import static io.clientele.dialect.juspay.JuspayRules.FIRST_NAME;
import static io.clientele.dialect.juspay.JuspayRules.LAST_NAME;
import static io.clientele.dialect.juspay.JuspayRules.MOBILE;
import static io.clientele.dialect.juspay.JuspayRules.REFERENCE;

import io.clientele.customer.CustomerPatch;
import io.clientele.customer.FieldError;
import io.clientele.customer.NewCustomer;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Juspay's parameters onto the domain's customer, and the domain's field names back. */
final class JuspayMapping {
  private JuspayMapping() {}

  /** A create whose parameters passed the rules: the reference and mobile number are present. */
  static NewCustomer newCustomer(JuspayParams params) {
    String countryCode = params.get(COUNTRY_CODE).orElse(JuspayRules.DEFAULT_COUNTRY_CODE);
    Map<Field, String> personal = new EnumMap<>(Field.class);
    personal.put(Field.FIRST_NAME, params.get(FIRST_NAME).orElse(null));
    personal.put(Field.LAST_NAME, params.get(LAST_NAME).orElse(null));
    personal.put(Field.EMAIL, params.get(EMAIL).orElse(null));
    personal.put(Field.MOBILE_COUNTRY_CODE, countryCode);
    personal.put(
        Field.MOBILE_NUMBER,
        JuspayRules.nationalNumber(params.get(MOBILE).orElseThrow(), countryCode));
    return NewCustomer.global(params.get(REFERENCE).orElseThrow(), new PersonalData(personal));
  }

  /**
   * An update: each field sent is set, each absent one kept; a reference sent must be the stored
   * one.
   */
  static CustomerPatch patch(JuspayParams params) {
    String countryCode = params.get(COUNTRY_CODE).orElse(null);
    String mobile = params.get(MOBILE).orElse(null);
    return CustomerPatch.builder()
        .reference(params.get(REFERENCE).orElse(null))
        .setIfGiven(Field.FIRST_NAME, params.get(FIRST_NAME).orElse(null))
        .setIfGiven(Field.LAST_NAME, params.get(LAST_NAME).orElse(null))
        .setIfGiven(Field.EMAIL, params.get(EMAIL).orElse(null))
        .setIfGiven(Field.MOBILE_COUNTRY_CODE, countryCode)
        .setIfGiven(
            Field.MOBILE_NUMBER,
            mobile == null ? null : JuspayRules.nationalNumber(mobile, countryCode))
        .build();
  }

  /** The Juspay parameter names of the domain fields that broke a rule. */
  static List<String> wireFields(List<FieldError> errors) {
    return errors.stream().map(e -> wireName(e.field())).toList();
  }

  private static String wireName(String field) {
    return switch (field) {
      case "reference" -> REFERENCE;
      case "email" -> EMAIL;
      default -> field;
    };
  }
}
