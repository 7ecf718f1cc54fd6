package io.clientele.customer;

import io.clientele.customer.Customer.Scope;

/** What a dialect asks to create; the service adds identity, status, timestamps and version. */
public record NewCustomer(
    String reference,
    String projectId,
    Scope scope,
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

  /**
   * A customer with only a reference, visible to the whole merchant; fill in with {@code with…}.
   */
  public static NewCustomer withReference(String reference) {
    return new NewCustomer(
        reference,
        null,
        Scope.GLOBAL,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Override
  public String toString() {
    return "NewCustomer[projectId=" + projectId + ", scope=" + scope + "]";
  }
}
