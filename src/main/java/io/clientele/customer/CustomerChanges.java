package io.clientele.customer;

import io.clientele.customer.Customer.Scope;

/** A partial update: a {@code null} field keeps its stored value. */
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

  public static final CustomerChanges NONE =
      new CustomerChanges(
          null, null, null, null, null, null, null, null, null, null, null, null, null);

  @Override
  public String toString() {
    return "CustomerChanges[scope=" + scope + "]";
  }
}
