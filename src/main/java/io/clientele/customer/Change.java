package io.clientele.customer;

import io.clientele.customer.PersonalData.Field;
import io.clientele.merchant.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One write to one customer as the store made it: the customer before ({@code null} for a create)
 * and after, and who asked. The change record in the history is made from it.
 */
public record Change(Customer before, Customer after, Caller caller) {

  /** How a change names a metadata key among the fields: {@code metadata.<key>}. */
  public static final String METADATA_PREFIX = "metadata.";

  /** What a change did to the customer. */
  public enum Kind {
    CREATE,
    CHANGE,
    ERASE
  }

  /** One field that differs: its name, the old and new values, and whether it is personal. */
  public record FieldChange(String name, String oldValue, String newValue, boolean personal) {
    @Override
    public String toString() {
      return "FieldChange[" + name + "]";
    }
  }

  public Change {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(caller, "caller");
  }

  /** Whether the store wrote anything: a patch that keeps everything writes nothing. */
  public boolean wroteSomething() {
    return before != after;
  }

  public Kind kind() {
    if (before == null) {
      return Kind.CREATE;
    }
    return after.isActive() ? Kind.CHANGE : Kind.ERASE;
  }

  /**
   * The fields whose values differ, placement first, then the personal fields in their order, then
   * the metadata keys in their order; a create lists every field it set.
   */
  public List<FieldChange> fields() {
    List<FieldChange> fields = new ArrayList<>();
    String oldScope = before == null ? null : before.scope().name();
    add(fields, "scope", oldScope, after.scope().name(), false);
    add(fields, "project_id", before == null ? null : before.projectId(), after.projectId(), false);
    PersonalData old = before == null ? PersonalData.NONE : before.personal();
    for (Field field : Field.values()) {
      add(fields, field.key(), old.get(field), after.personal().get(field), true);
    }
    java.util.SortedSet<String> keys = new java.util.TreeSet<>(old.metadata().keySet());
    keys.addAll(after.personal().metadata().keySet());
    for (String key : keys) {
      add(
          fields,
          METADATA_PREFIX + key,
          old.metadata().get(key),
          after.personal().metadata().get(key),
          true);
    }
    return fields;
  }

  private static void add(
      List<FieldChange> fields, String name, String old, String next, boolean personal) {
    if (!Objects.equals(old, next)) {
      fields.add(new FieldChange(name, old, next, personal));
    }
  }

  @Override
  public String toString() {
    return "Change[" + kind() + ", " + after + "]";
  }
}
