package io.clientele.customer;

import io.clientele.merchant.Caller;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Durable customers. Every method is scoped to one merchant: no call can read or write another
 * merchant's customers. Lookups see only live customers.
 */
public interface CustomerStore {

  Optional<Customer> findById(String merchantId, String id);

  Optional<Customer> findByReference(String merchantId, String reference);

  /**
   * The one way a customer is written. In one transaction: lock the live customer an update names
   * (so concurrent writes of one customer apply one after another and none is lost), compute the
   * next state, check the uniqueness asked for, write it with the next version, and append the
   * change record to the customer's history. An erasure also deletes the customer's client auth
   * tokens and every personal value in its history.
   *
   * @return the customer before and after; after is before itself when the update kept everything,
   *     and then nothing was written
   * @throws CustomerException.NotFound when an update names no live customer of the merchant
   * @throws CustomerException.ReferenceTaken when an insert's reference is a live customer's
   * @throws CustomerException.EmailTaken when an update asks for a unique email another live
   *     customer of the merchant has
   */
  Change write(Write write);

  /** Live customers, oldest first. */
  List<Customer> page(String merchantId, int limit, int offset);

  /** How many live customers the merchant has. */
  default long count(String merchantId) {
    return count(merchantId, CustomerQuery.EVERY);
  }

  /**
   * The merchant's live customers the query matches, in id order, with ids after {@code afterId}
   * ({@code ""} for the first page).
   */
  List<Customer> search(String merchantId, CustomerQuery query, String afterId, int limit);

  /** How many of the merchant's live customers the query matches. */
  long count(String merchantId, CustomerQuery query);

  /**
   * The merchant's live customers holding any of {@code references}, and its customers, live or
   * erased, with any of {@code ids}; each once.
   */
  List<Customer> findKnown(
      String merchantId, Collection<String> references, Collection<String> ids);

  /**
   * Stores new customers, each with its create record, in one transaction: all of them or none. The
   * batch twin of {@link #write} for an {@link Insert}, for imports.
   *
   * @throws CustomerException.ReferenceTaken when another write took one of the references or ids
   *     meanwhile; then nothing is written
   */
  List<Change> insertAll(List<Customer> customers, Caller caller);

  /**
   * A customer's change history, newest first, live or erased.
   *
   * @param beforeVersion only changes with a lower version; {@link Long#MAX_VALUE} for the newest
   * @return empty when the merchant has no customer, live or erased, with this id
   */
  Optional<List<HistoryEntry>> history(
      String merchantId, String customerId, int limit, long beforeVersion);

  /**
   * A write, made by {@code caller}. One carrying an {@link IdempotencyKey} claims the key in its
   * transaction, before anything else: of writes racing with one key, one writes and each other
   * throws {@link IdempotencyKeyClaimed} having written nothing.
   */
  sealed interface Write permits Insert, Update {
    Caller caller();

    /** The key this write is made under, or null for none. */
    IdempotencyKey idempotency();

    /** The merchant whose customer is written. */
    String merchantId();
  }

  /** A new customer, stored as given. */
  record Insert(Customer customer, Caller caller, IdempotencyKey idempotency) implements Write {
    public Insert(Customer customer, Caller caller) {
      this(customer, caller, null);
    }

    @Override
    public String merchantId() {
      return customer.merchantId();
    }
  }

  /**
   * A change of the live customer {@code lookup} names, computed from its current state and written
   * only if that state is still the stored one (read under the row's lock, or retried).
   *
   * @param next the customer as it should be written; it may throw a {@link CustomerException} to
   *     refuse, and nothing is written
   */
  record Update(
      Lookup lookup,
      UnaryOperator<Customer> next,
      Set<CustomerPatch.Unique> unique,
      Caller caller,
      IdempotencyKey idempotency)
      implements Write {
    public Update(
        Lookup lookup,
        UnaryOperator<Customer> next,
        Set<CustomerPatch.Unique> unique,
        Caller caller) {
      this(lookup, next, unique, caller, null);
    }

    @Override
    public String merchantId() {
      return lookup.merchantId();
    }
  }
}
