package io.clientele.customer;

/**
 * One broken rule: the domain's name of the field ({@code reference}, or a personal field's {@link
 * PersonalData.Field#key() key}) and a stable code naming the rule.
 */
public record FieldError(String field, Code code) {

  /** The rules a field value can break. */
  public enum Code {
    MISSING,
    EMPTY,
    TOO_LONG,
    TOO_SHORT,
    INVALID_CHARACTERS,
    INVALID_FORMAT,
    IMMUTABLE,
    /** Another customer of the merchant holds this value already. */
    TAKEN,
    /** An earlier row of the same request holds this value. */
    DUPLICATE
  }
}
