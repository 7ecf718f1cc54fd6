package io.clientele.customer;

import java.util.Optional;

/**
 * How a dialect names a customer: by Clientele id first and then by reference (Juspay), or by
 * reference alone (Flowwise, Airpay); optionally as seen from one project, which sees only global
 * customers and its own.
 *
 * @param projectId the project the caller acts for, or {@code null} to see every customer of the
 *     merchant
 */
public record Lookup(String merchantId, String key, boolean referenceOnly, String projectId) {

  public static Lookup idOrReference(String merchantId, String key) {
    return new Lookup(merchantId, key, false, null);
  }

  public static Lookup reference(String merchantId, String reference) {
    return new Lookup(merchantId, reference, true, null);
  }

  public Lookup visibleTo(String project) {
    return new Lookup(merchantId, key, referenceOnly, project);
  }

  /** The key as a Clientele id, when it is looked up as one and has an id's form. */
  public Optional<String> id() {
    return !referenceOnly && CustomerService.isWellFormedId(key)
        ? Optional.of(key)
        : Optional.empty();
  }

  /** Whether the key could name any stored customer at all; otherwise nothing is looked up. */
  boolean isSearchable() {
    return key.length() <= CustomerRules.MAX_REFERENCE && CustomerRules.isStorable(key);
  }

  public boolean sees(Customer customer) {
    return projectId == null || customer.visibleTo(projectId);
  }

  @Override
  public String toString() {
    return "Lookup[merchantId=" + merchantId + ", referenceOnly=" + referenceOnly + "]";
  }
}
