package io.clientele.customer;

import java.util.List;

/** What became of each row of an import, in the order of the rows. */
public record ImportResult(List<Outcome> outcomes) {

  public ImportResult {
    outcomes = List.copyOf(outcomes);
  }

  /** What became of one row. */
  public sealed interface Outcome permits Created, Unchanged, Rejected {}

  /** Stored as a new customer. */
  public record Created(String customerId) implements Outcome {}

  /** A live customer held exactly these values already; nothing was written. */
  public record Unchanged(String customerId) implements Outcome {}

  /** Not stored, for these reasons, in the order of the rules. */
  public record Rejected(List<FieldError> errors) implements Outcome {
    public Rejected {
      errors = List.copyOf(errors);
    }
  }

  public long count(Class<? extends Outcome> kind) {
    return outcomes.stream().filter(kind::isInstance).count();
  }
}
