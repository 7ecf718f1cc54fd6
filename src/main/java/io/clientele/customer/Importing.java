package io.clientele.customer;

import io.clientele.customer.ImportResult.Created;
import io.clientele.customer.ImportResult.Outcome;
import io.clientele.customer.ImportResult.Rejected;
import io.clientele.customer.ImportResult.Unchanged;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One attempt at one import batch: decides each row's fate from the customers already stored, and
 * builds the customers to create.
 */
final class Importing {
  private final String merchantId;
  private final List<ImportRow> rows;
  private final List<List<FieldError>> broken;
  private final Instant now;
  private final List<Outcome> outcomes = new ArrayList<>();
  private final List<Customer> toCreate = new ArrayList<>();

  /**
   * @param broken for each row, the rules it breaks on its own
   */
  Importing(String merchantId, List<ImportRow> rows, List<List<FieldError>> broken, Instant now) {
    this.merchantId = merchantId;
    this.rows = rows;
    this.broken = broken;
    this.now = now;
  }

  /** The references of the rows that break no rule. */
  Set<String> references() {
    Set<String> references = new LinkedHashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      if (broken.get(i).isEmpty()) {
        references.add(rows.get(i).customer().reference());
      }
    }
    return references;
  }

  /** The ids the rows that break no rule ask to keep. */
  Set<String> ids() {
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      if (broken.get(i).isEmpty() && rows.get(i).id() != null) {
        ids.add(rows.get(i).id());
      }
    }
    return ids;
  }

  /**
   * Decides every row from {@code known}, what {@link CustomerStore#findKnown} answered for {@link
   * #references()} and {@link #ids()}; a reference or id an earlier row holds is a duplicate.
   */
  void classify(List<Customer> known, Supplier<String> newIds) {
    Map<String, Customer> liveByReference = new HashMap<>();
    Map<String, Customer> byId = new HashMap<>();
    for (Customer customer : known) {
      byId.put(customer.id(), customer);
      if (customer.isActive()) {
        liveByReference.put(customer.reference(), customer);
      }
    }
    Set<String> seenReferences = new HashSet<>();
    Set<String> seenIds = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      ImportRow row = rows.get(i);
      List<FieldError> errors = new ArrayList<>(broken.get(i));
      if (errors.isEmpty()) {
        if (!seenReferences.add(row.customer().reference())) {
          errors.add(new FieldError("reference", FieldError.Code.DUPLICATE));
        }
        if (row.id() != null && !seenIds.add(row.id())) {
          errors.add(new FieldError("customer_id", FieldError.Code.DUPLICATE));
        }
      }
      outcomes.add(
          errors.isEmpty() ? decide(row, liveByReference, byId, newIds) : rejected(errors));
    }
  }

  private Outcome decide(
      ImportRow row,
      Map<String, Customer> liveByReference,
      Map<String, Customer> byId,
      Supplier<String> newIds) {
    Customer holder = liveByReference.get(row.customer().reference());
    if (holder != null) {
      return holdsExactly(holder, row)
          ? new Unchanged(holder.id())
          : rejected(List.of(new FieldError("reference", FieldError.Code.TAKEN)));
    }
    if (row.id() != null && byId.containsKey(row.id())) {
      return rejected(List.of(new FieldError("customer_id", FieldError.Code.TAKEN)));
    }
    Customer created = create(row, row.id() == null ? newIds.get() : row.id());
    toCreate.add(created);
    return new Created(created.id());
  }

  /** Whether the live customer is this row already: its id when kept, placement and person. */
  private static boolean holdsExactly(Customer holder, ImportRow row) {
    NewCustomer wanted = row.customer();
    return (row.id() == null || row.id().equals(holder.id()))
        && holder.scope() == wanted.scope()
        && Objects.equals(holder.projectId(), wanted.projectId())
        && holder.personal().equals(wanted.personal());
  }

  private Customer create(ImportRow row, String id) {
    NewCustomer wanted = row.customer();
    Instant createdAt =
        row.createdAt() == null ? now : row.createdAt().truncatedTo(ChronoUnit.MICROS);
    return new Customer(
        id,
        merchantId,
        wanted.reference(),
        wanted.projectId(),
        wanted.scope(),
        wanted.personal(),
        Customer.Status.ACTIVE,
        createdAt,
        now,
        1);
  }

  private static Rejected rejected(List<FieldError> errors) {
    return new Rejected(errors);
  }

  List<Customer> toCreate() {
    return toCreate;
  }

  ImportResult result() {
    return new ImportResult(outcomes);
  }
}
