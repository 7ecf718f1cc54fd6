package io.clientele.customer;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

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
   * the customer is no longer live.
   */
  boolean update(Customer updated);

  /**
   * Changes a live customer under a row lock held until the change is written, so concurrent
   * changes of one customer apply one after another and none is lost or refused; the version is
   * checked and bumped as {@link #update} does. A change to {@link Customer.Status#DELETED} also
   * deletes the customer's client auth tokens, in the same transaction.
   *
   * @param change the customer as it should be written, from the locked current one; it may throw a
   *     {@link CustomerException} to refuse, and nothing is written
   * @param claimEmail whether the result's email must be no other live customer's of the merchant
   *     (compared without regard to case; claims are serialised per merchant)
   * @return the customer as written; empty when the merchant has no live customer with this id
   * @throws CustomerException.EmailTaken if the email is claimed and another live customer has it
   */
  Optional<Customer> modify(
      String merchantId, String id, UnaryOperator<Customer> change, boolean claimEmail);

  /** Live customers, oldest first. */
  List<Customer> list(String merchantId, int limit, int offset);

  long count(String merchantId);
}
