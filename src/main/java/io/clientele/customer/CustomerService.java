package io.clientele.customer;

import io.clientele.merchant.Caller;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The customer operations every dialect maps onto. Dialects check their own wire rules first; this
 * class owns identity, time, versioning and visibility, and writes through the store's one write
 * path, which records every change.
 */
public final class CustomerService {
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  /** The bytes below the largest multiple of the alphabet's size: taken modulo it, each is fair. */
  private static final int UNBIASED_BYTES = 256 - 256 % ID_ALPHABET.length();

  private static final int ID_LENGTH = 16;

  private final CustomerStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public CustomerService(CustomerStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * @throws CustomerException.ReferenceTaken if a live customer of the merchant has the reference
   */
  public Customer create(Caller caller, NewCustomer request) {
    return create(caller, request, null);
  }

  /**
   * {@link #create(Caller, NewCustomer)} under an idempotency key, or none when {@code idempotency}
   * is null.
   *
   * @throws IdempotencyKeyClaimed when another write holds the key; nothing was written
   */
  public Customer create(Caller caller, NewCustomer request, IdempotencyKey idempotency) {
    Instant now = now();
    Customer customer =
        new Customer(
            newId(),
            caller.merchantId(),
            request.reference(),
            request.projectId(),
            request.scope(),
            request.personal(),
            Customer.Status.ACTIVE,
            now,
            now,
            1);
    return store.write(new CustomerStore.Insert(customer, caller, idempotency)).after();
  }

  /**
   * @throws CustomerException.NotFound when no live customer answers, or the caller's project may
   *     not see it
   */
  public Customer find(Lookup lookup) {
    return lookup(lookup).orElseThrow(() -> new CustomerException.NotFound(lookup.key()));
  }

  /**
   * The merchant's live customer with the Clientele id {@code customerId}, whatever its project:
   * the operator's view.
   *
   * @throws CustomerException.NotFound when the merchant has no live customer with that id
   */
  public Customer findById(String merchantId, String customerId) {
    if (!isWellFormedId(customerId)) {
      throw new CustomerException.NotFound(customerId);
    }
    return store
        .findById(merchantId, customerId)
        .orElseThrow(() -> new CustomerException.NotFound(customerId));
  }

  /**
   * Applies {@code patch} to the customer as it is when locked; concurrent changes of one customer
   * apply one after another. A patch that keeps everything writes nothing.
   *
   * @throws CustomerException.NotFound when no live customer answers, or the caller's project may
   *     not see it
   * @throws CustomerException.Invalid when the patch names another reference than the stored one
   * @throws CustomerException.EmailTaken when the patch asks for a unique email that is taken
   */
  public Customer change(Caller caller, Lookup lookup, CustomerPatch patch) {
    return change(caller, lookup, patch, OptionalLong.empty());
  }

  /**
   * {@link #change(Caller, Lookup, CustomerPatch)}, made only if the locked customer is at version
   * {@code ifVersion} when one is given.
   *
   * @throws CustomerException.VersionMismatch when it is at another
   */
  public Customer change(
      Caller caller, Lookup lookup, CustomerPatch patch, OptionalLong ifVersion) {
    return change(caller, lookup, patch, ifVersion, null);
  }

  /**
   * {@link #change(Caller, Lookup, CustomerPatch, OptionalLong)} under an idempotency key, or none
   * when {@code idempotency} is null.
   *
   * @throws IdempotencyKeyClaimed when another write holds the key; nothing was written
   */
  public Customer change(
      Caller caller,
      Lookup lookup,
      CustomerPatch patch,
      OptionalLong ifVersion,
      IdempotencyKey idempotency) {
    return write(
        caller,
        lookup,
        current -> atVersion(current, ifVersion).apply(patch, now()),
        patch.unique(),
        idempotency);
  }

  /** Irreversibly removes the customer's personal data, leaving a tombstone. */
  public Customer erase(Caller caller, Lookup lookup) {
    return erase(caller, lookup, OptionalLong.empty());
  }

  /**
   * {@link #erase(Caller, Lookup)}, made only if the locked customer is at version {@code
   * ifVersion} when one is given.
   *
   * @throws CustomerException.VersionMismatch when it is at another
   */
  public Customer erase(Caller caller, Lookup lookup, OptionalLong ifVersion) {
    return erase(caller, lookup, ifVersion, null);
  }

  /**
   * {@link #erase(Caller, Lookup, OptionalLong)} under an idempotency key, or none when {@code
   * idempotency} is null.
   *
   * @throws IdempotencyKeyClaimed when another write holds the key; nothing was written
   */
  public Customer erase(
      Caller caller, Lookup lookup, OptionalLong ifVersion, IdempotencyKey idempotency) {
    return write(
        caller,
        lookup,
        current -> atVersion(current, ifVersion).erased(now()),
        Set.of(),
        idempotency);
  }

  private static Customer atVersion(Customer current, OptionalLong version) {
    if (version.isPresent() && version.getAsLong() != current.version()) {
      throw new CustomerException.VersionMismatch(version.getAsLong(), current.version());
    }
    return current;
  }

  /** A page of the merchant's live customers, oldest first, with how many there are. */
  public Page page(String merchantId, int limit, int offset) {
    return new Page(store.page(merchantId, limit, offset), store.count(merchantId));
  }

  /**
   * The merchant's live customers {@code query} matches, in id order, after {@code afterId} ({@code
   * ""} for the first page): the operator's search, whatever dialect stored them.
   */
  public List<Customer> search(String merchantId, CustomerQuery query, String afterId, int limit) {
    return store.search(merchantId, query, afterId, limit);
  }

  /** How many of the merchant's live customers {@code query} matches. */
  public long count(String merchantId, CustomerQuery query) {
    return store.count(merchantId, query);
  }

  /**
   * Imports customers checked against the {@link NeutralRules} alone. A row is created; unchanged,
   * when a live customer holds its reference with exactly its values (so a batch sent twice writes
   * once); or rejected with its reasons. Every created row is written in one transaction.
   *
   * <p>The first try assumes none of the rows is stored yet, as in a new import, and looks nothing
   * up: the unique keys refuse the batch whole if one is (a replayed batch, a taken reference or
   * id), and every later try classifies the rows against the stored customers they name.
   */
  public ImportResult importAll(Caller caller, List<ImportRow> rows) {
    Instant now = now();
    List<List<FieldError>> broken = rows.stream().map(row -> rulesBroken(row, now)).toList();
    int lostCreating = Integer.MAX_VALUE;
    for (int stalled = 0, attempt = 1; ; attempt++) {
      Importing batch = new Importing(caller.merchantId(), rows, broken, now);
      batch.classify(
          attempt == 1
              ? List.of()
              : store.findKnown(caller.merchantId(), batch.references(), batch.ids()),
          this::newId);
      int creating = batch.toCreate().size();
      stalled = creating < lostCreating ? 0 : stalled + 1;
      if (stalled == IMPORT_ATTEMPTS) {
        throw new IllegalStateException(
            "import lost " + IMPORT_ATTEMPTS + " races in a row without fewer rows to create");
      }
      try {
        if (creating > 0) {
          store.insertAll(batch.toCreate(), caller);
        }
        return batch.result();
      } catch (CustomerException.ReferenceTaken raced) {
        lostCreating = creating;
      }
    }
  }

  /**
   * How many times in a row an import batch may lose a race without progress before giving up. A
   * concurrent write taking one of its references or ids makes the batch roll back and look again;
   * that write is committed, so the next look finds that row no longer to create, and the batch is
   * tried again for as long as each look leaves fewer rows to create. A fixed number of tries gave
   * up (500) on a batch whose references the dialects kept creating meanwhile.
   */
  static final int IMPORT_ATTEMPTS = 3;

  /**
   * The earliest creation time an import keeps. PostgreSQL holds times from 4713 BC, and its driver
   * silently sent an earlier one as {@code -infinity}; year 1 bounds both engines alike.
   */
  static final Instant EARLIEST_CREATED_AT = Instant.parse("0001-01-01T00:00:00Z");

  private static List<FieldError> rulesBroken(ImportRow row, Instant now) {
    List<FieldError> errors = new java.util.ArrayList<>(NeutralRules.check(row));
    if (row.createdAt() != null
        && (row.createdAt().isAfter(now) || row.createdAt().isBefore(EARLIEST_CREATED_AT))) {
      errors.add(new FieldError("created_at", FieldError.Code.INVALID_FORMAT));
    }
    return errors;
  }

  /** Some live customers of a merchant and the number of them all. */
  public record Page(List<Customer> customers, long total) {
    public Page {
      customers = List.copyOf(customers);
    }
  }

  /**
   * The changes of a customer, live or erased, newest first, below {@code beforeVersion}.
   *
   * @throws CustomerException.NotFound when the merchant never had a customer with this id
   */
  public List<HistoryEntry> history(
      String merchantId, String customerId, int limit, long beforeVersion) {
    if (!isWellFormedId(customerId)) {
      throw new CustomerException.NotFound(customerId);
    }
    return store
        .history(merchantId, customerId, limit, beforeVersion)
        .orElseThrow(() -> new CustomerException.NotFound(customerId));
  }

  /**
   * Writes from the customer's current state; visibility is checked on the state written over, so a
   * customer that moved out of the caller's project or was erased meanwhile is not found.
   */
  private Customer write(
      Caller caller,
      Lookup lookup,
      UnaryOperator<Customer> change,
      Set<CustomerPatch.Unique> unique,
      IdempotencyKey idempotency) {
    if (!lookup.merchantId().equals(caller.merchantId())) {
      throw new IllegalArgumentException("a caller writes only its own merchant's customers");
    }
    if (!lookup.isSearchable()) {
      throw new CustomerException.NotFound(lookup.key());
    }
    UnaryOperator<Customer> guarded =
        current -> {
          if (!lookup.sees(current)) {
            throw new CustomerException.NotFound(lookup.key());
          }
          return change.apply(current);
        };
    return store
        .write(new CustomerStore.Update(lookup, guarded, unique, caller, idempotency))
        .after();
  }

  private Optional<Customer> lookup(Lookup lookup) {
    if (!lookup.isSearchable()) {
      return Optional.empty();
    }
    Optional<Customer> found = lookup.id().flatMap(id -> store.findById(lookup.merchantId(), id));
    if (found.isEmpty()) {
      found = store.findByReference(lookup.merchantId(), lookup.key());
    }
    return found.filter(lookup::sees);
  }

  public static boolean isWellFormedId(String key) {
    if (key.length() != 4 + ID_LENGTH || !key.startsWith("cst_")) {
      return false;
    }
    return key.substring(4).chars().allMatch(c -> ID_ALPHABET.indexOf(c) >= 0);
  }

  /**
   * {@code cst_} and 16 characters drawn uniformly from the alphabet, from one read of the random
   * source (two when more than 8 of the 24 bytes read fall outside a whole multiple of 36): a read
   * per character cost an import 7 % of its CPU.
   */
  String newId() {
    StringBuilder id = new StringBuilder(4 + ID_LENGTH).append("cst_");
    byte[] bytes = new byte[ID_LENGTH + 8];
    while (id.length() < 4 + ID_LENGTH) {
      random.nextBytes(bytes);
      for (int i = 0; i < bytes.length && id.length() < 4 + ID_LENGTH; i++) {
        int value = bytes[i] & 0xff;
        if (value < UNBIASED_BYTES) {
          id.append(ID_ALPHABET.charAt(value % ID_ALPHABET.length()));
        }
      }
    }
    return id.toString();
  }

  /** Microseconds: the finest both H2 and PostgreSQL keep, so a stored time reads back equal. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
