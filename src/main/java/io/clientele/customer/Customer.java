package io.clientele.customer;

import java.time.Instant;
import java.util.List;

/**
 * A merchant's paying customer: one record whichever gateway dialect created it. {@code reference}
 * is the merchant's own key for the customer (Juspay's {@code object_reference_id}, Flowwise's
 * {@code customer_id}, Airpay's {@code entity_id}); everything about the person is in {@code
 * personal}.
 *
 * @param projectId the Flowwise project that created the customer, else {@code null}
 */
public record Customer(
    String id,
    String merchantId,
    String reference,
    String projectId,
    Scope scope,
    PersonalData personal,
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

  /**
   * This customer with {@code patch} applied, a fresh version and update time; this very customer
   * when the patch keeps everything, so that nothing is written.
   *
   * @throws CustomerException.Invalid when the patch names another reference than this one
   */
  public Customer apply(CustomerPatch patch, Instant now) {
    if (patch.reference() != null && !patch.reference().equals(reference)) {
      throw new CustomerException.Invalid(
          List.of(new FieldError("reference", FieldError.Code.IMMUTABLE)));
    }
    if (patch.keepsEverything()) {
      return this;
    }
    return new Customer(
        id,
        merchantId,
        reference,
        CustomerPatch.applied(patch.projectId(), projectId),
        CustomerPatch.applied(patch.scope(), scope),
        patch.applyTo(personal),
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
        PersonalData.NONE,
        Status.DELETED,
        createdAt,
        now,
        version + 1);
  }

  /** Never prints personal data, so a customer in a log line or an assertion message is safe. */
  @Override
  public String toString() {
    return "Customer[id=" + id + ", merchantId=" + merchantId + ", version=" + version + "]";
  }
}
