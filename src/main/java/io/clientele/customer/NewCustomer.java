package io.clientele.customer;

import io.clientele.customer.Customer.Scope;

/**
 * What a dialect asks to create; the service adds identity, status, timestamps and version.
 *
 * @param projectId the Flowwise project creating the customer, else {@code null}
 */
public record NewCustomer(String reference, String projectId, Scope scope, PersonalData personal) {

  /** A customer every project of the merchant sees. */
  public static NewCustomer global(String reference, PersonalData personal) {
    return new NewCustomer(reference, null, Scope.GLOBAL, personal);
  }

  @Override
  public String toString() {
    return "NewCustomer[projectId=" + projectId + ", scope=" + scope + "]";
  }
}
