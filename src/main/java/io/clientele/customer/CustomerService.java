package io.clientele.customer;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The customer operations every dialect maps onto. Dialects validate their own wire rules first;
 * this class owns identity, time and versioning; the store's row lock keeps concurrent partial
 * updates from losing each other's fields.
 */
public final class CustomerService {
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int ID_LENGTH = 16;

  private final CustomerStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public CustomerService(CustomerStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public Customer create(String merchantId, NewCustomer request) {
    Instant now = now();
    Customer customer =
        new Customer(
            newId(),
            merchantId,
            request.reference(),
            request.projectId(),
            request.scope(),
            request.firstName(),
            request.lastName(),
            request.name(),
            request.email(),
            request.mobileCountryCode(),
            request.mobileNumber(),
            request.address(),
            request.city(),
            request.state(),
            request.country(),
            request.pincode(),
            Customer.Status.ACTIVE,
            now,
            now,
            1);
    store.insert(customer);
    return customer;
  }

  /** Finds a live customer by Clientele id first, then by the merchant's reference. */
  public Customer find(String merchantId, String idOrReference) {
    return find(Lookup.idOrReference(merchantId, idOrReference));
  }

  /**
   * @throws CustomerException.NotFound when no live customer answers, or the caller's project may
   *     not see it
   */
  public Customer find(Lookup lookup) {
    return lookup(lookup).orElseThrow(() -> new CustomerException.NotFound(lookup.key()));
  }

  /** Applies {@code changes}; concurrent updates of one customer apply one after another. */
  public Customer update(Lookup lookup, CustomerChanges changes) {
    return update(lookup, find(lookup), changes);
  }

  /**
   * Applies {@code changes} to a customer the caller has just found through {@code lookup}, sparing
   * a second read; the changes apply to the row as it is when locked.
   */
  public Customer update(Lookup lookup, Customer found, CustomerChanges changes) {
    return write(lookup, found, current -> current.with(changes, now()), false);
  }

  /**
   * Like {@link #update(Lookup, Customer, CustomerChanges)}, where the dialect requires the
   * resulting email to be the merchant's only live customer with it.
   *
   * @throws CustomerException.EmailTaken if another live customer has it
   */
  public Customer updateWithUniqueEmail(Lookup lookup, Customer found, CustomerChanges changes) {
    return write(lookup, found, current -> current.with(changes, now()), true);
  }

  /** Irreversibly removes the customer's personal data, leaving a tombstone. */
  public Customer erase(Lookup lookup) {
    return write(lookup, find(lookup), current -> current.erased(now()), false);
  }

  public List<Customer> list(String merchantId, int limit, int offset) {
    return store.list(merchantId, limit, offset);
  }

  public long count(String merchantId) {
    return store.count(merchantId);
  }

  /**
   * Changes the found customer under its row lock; visibility is checked again on the locked row,
   * so a customer that moved out of the caller's project or was erased meanwhile is not found.
   */
  private Customer write(
      Lookup lookup, Customer found, UnaryOperator<Customer> change, boolean claimEmail) {
    UnaryOperator<Customer> guarded =
        current -> {
          if (!lookup.sees(current)) {
            throw new CustomerException.NotFound(lookup.key());
          }
          return change.apply(current);
        };
    return store
        .modify(lookup.merchantId(), found.id(), guarded, claimEmail)
        .orElseThrow(() -> new CustomerException.NotFound(lookup.key()));
  }

  private Optional<Customer> lookup(Lookup lookup) {
    String key = lookup.key();
    if (key.length() > CustomerRules.MAX_REFERENCE || !CustomerRules.isStorable(key)) {
      return Optional.empty();
    }
    Optional<Customer> found =
        !lookup.referenceOnly() && isWellFormedId(lookup.key())
            ? store.findById(lookup.merchantId(), lookup.key())
            : Optional.empty();
    if (found.isEmpty()) {
      found = store.findByReference(lookup.merchantId(), lookup.key());
    }
    return found.filter(lookup::sees);
  }

  static boolean isWellFormedId(String key) {
    if (key.length() != 4 + ID_LENGTH || !key.startsWith("cst_")) {
      return false;
    }
    return key.substring(4).chars().allMatch(c -> ID_ALPHABET.indexOf(c) >= 0);
  }

  private String newId() {
    StringBuilder id = new StringBuilder("cst_");
    for (int i = 0; i < ID_LENGTH; i++) {
      id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }

  /** Microseconds: the finest both H2 and PostgreSQL keep, so a stored time reads back equal. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
