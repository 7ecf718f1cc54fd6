package io.clientele.customer;

import io.clientele.customer.Customer.Scope;

/**
 * A partial update: a {@code null} field keeps its stored value; {@link #CLEAR} removes it
 * (dialects refuse empty values from clients, so only the mapping of one dialect's field onto
 * several of the domain's can clear).
 */
public record CustomerChanges(
    Scope scope,
    String projectId,
    String firstName,
    String lastName,
    String name,
    String email,
    String mobileCountryCode,
    String mobileNumber,
    String address,
    String city,
    String state,
    String country,
    String pincode) {

  /** The value that removes a field's stored value. */
  public static final String CLEAR = "";

  public static final CustomerChanges NONE =
      new CustomerChanges(
          null, null, null, null, null, null, null, null, null, null, null, null, null);

  @Override
  public String toString() {
    return "CustomerChanges[scope=" + scope + "]";
  }
}
