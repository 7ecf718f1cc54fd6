package io.clientele.customer;

import java.time.Instant;
import java.util.List;

/**
 * One line of a customer's change history as stored. After the customer's erasure every personal
 * value in it is gone: {@code redacted} is true and personal fields keep only their names.
 */
public record HistoryEntry(
    long version,
    Instant at,
    Change.Kind kind,
    String dialect,
    String credentialId,
    String requestId,
    List<Change.FieldChange> fields,
    boolean redacted) {

  public HistoryEntry {
    fields = List.copyOf(fields);
  }

  @Override
  public String toString() {
    return "HistoryEntry[version=" + version + ", kind=" + kind + "]";
  }
}
