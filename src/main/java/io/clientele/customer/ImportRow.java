package io.clientele.customer;

import java.time.Instant;

/**
 * One customer to import: what a create asks for, plus the id and creation time it had where it
 * came from, when those are to be kept.
 *
 * @param id the Clientele id to keep, or {@code null} for a new one
 * @param createdAt the creation time to keep, or {@code null} for now
 */
public record ImportRow(String id, NewCustomer customer, Instant createdAt) {

  public ImportRow {
    java.util.Objects.requireNonNull(customer, "customer");
  }

  @Override
  public String toString() {
    return "ImportRow[" + customer + "]";
  }
}
