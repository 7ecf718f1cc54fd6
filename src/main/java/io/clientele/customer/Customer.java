package io.clientele.customer;

import java.time.Instant;

/**
 * A merchant's paying customer: one record whichever gateway dialect created it. Unset fields are
 * {@code null}. {@code reference} is the merchant's own key for the customer (Juspay's {@code
 * object_reference_id}, Flowwise's {@code customer_id}, Airpay's {@code entity_id}).
 */
public record Customer(
    String id,
    String merchantId,
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
    String pincode,
    Status status,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  /** Who may see a customer: every project of the merchant, or only the one that created it. */
  public enum Scope {
    GLOBAL,
    PROJECT
  }

  /** A deleted customer is a tombstone: its personal data is gone, its id and reference remain. */
  public enum Status {
    ACTIVE,
    DELETED
  }

  public boolean isActive() {
    return status == Status.ACTIVE;
  }

  /** Whether a caller acting for {@code project} may see this customer. */
  public boolean visibleTo(String project) {
    return scope == Scope.GLOBAL || (projectId != null && projectId.equals(project));
  }

  /** This customer with {@code changes} applied, a fresh version and update time. */
  public Customer with(CustomerChanges changes, Instant now) {
    return new Customer(
        id,
        merchantId,
        reference,
        pick(changes.projectId(), projectId),
        pick(changes.scope(), scope),
        pick(changes.firstName(), firstName),
        pick(changes.lastName(), lastName),
        pick(changes.name(), name),
        pick(changes.email(), email),
        pick(changes.mobileCountryCode(), mobileCountryCode),
        pick(changes.mobileNumber(), mobileNumber),
        pick(changes.address(), address),
        pick(changes.city(), city),
        pick(changes.state(), state),
        pick(changes.country(), country),
        pick(changes.pincode(), pincode),
        status,
        createdAt,
        now,
        version + 1);
  }

  /** The tombstone left by an erasure: personal data removed, identity and timestamps kept. */
  public Customer erased(Instant now) {
    return new Customer(
        id,
        merchantId,
        reference,
        projectId,
        scope,
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
        null,
        Status.DELETED,
        createdAt,
        now,
        version + 1);
  }

  private static <T> T pick(T change, T current) {
    if (CustomerChanges.CLEAR.equals(change)) {
      return null;
    }
    return change != null ? change : current;
  }

  /** Never prints personal data, so a customer in a log line or an assertion message is safe. */
  @Override
  public String toString() {
    return "Customer[id=" + id + ", merchantId=" + merchantId + ", version=" + version + "]";
  }
}
