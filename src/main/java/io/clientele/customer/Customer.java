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

  /**
   * A deleted customer is a tombstone: its personal data and its reference are gone from storage
   * (the erasure's own answer still shows the reference), its id and the facts remain.
   */
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
   * when the patch changes no value, so that nothing is written and no empty change is recorded.
   *
   * @throws CustomerException.Invalid when the patch names another reference than this one
   * @throws RuntimeException whatever a requirement of the patch throws to refuse the result
   */
  public Customer apply(CustomerPatch patch, Instant now) {
    if (patch.reference() != null && !patch.reference().equals(reference)) {
      throw new CustomerException.Invalid(
          List.of(new FieldError("reference", FieldError.Code.IMMUTABLE)));
    }
    String nextProject = CustomerPatch.applied(patch.projectId(), projectId);
    Scope nextScope = CustomerPatch.applied(patch.scope(), scope);
    PersonalData nextPersonal = patch.applyTo(personal);
    patch.requirements().forEach(requirement -> requirement.check(nextPersonal));
    if (java.util.Objects.equals(nextProject, projectId)
        && nextScope == scope
        && nextPersonal.equals(personal)) {
      return this;
    }
    return new Customer(
        id,
        merchantId,
        reference,
        nextProject,
        nextScope,
        nextPersonal,
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
