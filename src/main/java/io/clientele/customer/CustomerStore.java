package io.clientele.customer;

import java.util.List;
import java.util.Optional;

/**
 * Durable customers. Every method is scoped to one merchant: no call can read or write another
 * merchant's customers. Lookups see only live customers.
 */
public interface CustomerStore {

  /**
   * Stores a new customer.
   *
   * @throws CustomerException.ReferenceTaken if a live customer of the merchant has its reference
   */
  void insert(Customer customer);

  Optional<Customer> findById(String merchantId, String id);

  Optional<Customer> findByReference(String merchantId, String reference);

  /**
   * Replaces the stored customer with {@code updated} if its stored version is still {@code
   * updated.version() - 1}; answers false, changing nothing, when another writer got there first or
   * the customer is no longer live. Erasing is an update to {@link Customer#erased}.
   */
  boolean update(Customer updated);

  /**
   * Like {@link #update}, but only if no other live customer of the merchant has the updated
   * customer's email (compared without regard to case); claims are serialised per merchant.
   *
   * @throws CustomerException.EmailTaken if another live customer has it
   */
  boolean updateWithUniqueEmail(Customer updated);

  /** Live customers, oldest first. */
  List<Customer> list(String merchantId, int limit, int offset);

  long count(String merchantId);
}
