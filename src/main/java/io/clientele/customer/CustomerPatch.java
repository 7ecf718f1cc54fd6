package io.clientele.customer;

import io.clientele.customer.Customer.Scope;
import io.clientele.customer.PersonalData.Field;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;

/**
 * A change to one customer: for each field, keep it, set it or clear it, said explicitly. It also
 * carries the rules a dialect adds to the write (Airpay's unique email), so they reach the store as
 * data on the call.
 */
public final class CustomerPatch {

  /** What happens to one field. */
  public sealed interface Edit<T> permits Keep, Set, Clear, Fill {}

  /** The stored value stays as it is. */
  public record Keep<T>() implements Edit<T> {}

  /** The stored value becomes {@code value}, which is never {@code null}. */
  public record Set<T>(T value) implements Edit<T> {
    public Set {
      Objects.requireNonNull(value, "a set value is never null; clear the field instead");
    }

    @Override
    public String toString() {
      return "Set[…]";
    }
  }

  /** The stored value is removed. */
  public record Clear<T>() implements Edit<T> {}

  /**
   * The stored value stays, and {@code value} is set where there is none: a default that must be
   * decided on the customer as it is when locked, not as a request read it earlier.
   */
  public record Fill<T>(T value) implements Edit<T> {
    public Fill {
      Objects.requireNonNull(value, "a fill value is never null");
    }

    @Override
    public String toString() {
      return "Fill[…]";
    }
  }

  /**
   * A rule one dialect adds about the customer as a change leaves it, checked on the locked row
   * before anything is written; it refuses by throwing.
   */
  @FunctionalInterface
  public interface Requirement {
    void check(PersonalData after);
  }

  /** Values that must be no other live customer's of the merchant, beyond the reference. */
  public enum Unique {
    /** The email, compared without regard to case. */
    EMAIL
  }

  public static final CustomerPatch NONE = builder().build();

  private final Map<Field, Edit<String>> personal;
  private final Map<String, Edit<String>> metadata;
  private final boolean clearsMetadata;
  private final Edit<Scope> scope;
  private final Edit<String> projectId;
  private final String reference;
  private final java.util.Set<Unique> unique;
  private final java.util.List<Requirement> requirements;

  private CustomerPatch(Builder builder) {
    this.personal = Collections.unmodifiableMap(new EnumMap<>(builder.personal));
    this.metadata = Collections.unmodifiableMap(new java.util.TreeMap<>(builder.metadata));
    this.clearsMetadata = builder.clearsMetadata;
    this.scope = builder.scope;
    this.projectId = builder.projectId;
    this.reference = builder.reference;
    this.unique = Collections.unmodifiableSet(EnumSet.copyOf(builder.unique));
    this.requirements = java.util.List.copyOf(builder.requirements);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The edit of {@code field}: {@link Keep} unless the patch says otherwise. */
  public Edit<String> edit(Field field) {
    return personal.getOrDefault(field, new Keep<>());
  }

  public Edit<Scope> scope() {
    return scope;
  }

  public Edit<String> projectId() {
    return projectId;
  }

  /**
   * The reference the caller names the customer by in the body, which must be the stored one (a
   * reference never changes), or {@code null} when the body names none.
   */
  public String reference() {
    return reference;
  }

  public java.util.Set<Unique> unique() {
    return unique;
  }

  /** Rules the customer must meet once changed, whether or not the patch changes anything. */
  public java.util.List<Requirement> requirements() {
    return requirements;
  }

  /** {@code current} with the edits applied to its personal fields and metadata keys. */
  public PersonalData applyTo(PersonalData current) {
    Map<Field, String> next = new EnumMap<>(Field.class);
    next.putAll(current.values());
    personal.forEach((field, edit) -> next.put(field, applied(edit, current.get(field))));
    Map<String, String> nextMetadata =
        clearsMetadata ? new java.util.HashMap<>() : new java.util.HashMap<>(current.metadata());
    metadata.forEach(
        (key, edit) -> nextMetadata.put(key, applied(edit, current.metadata().get(key))));
    return new PersonalData(next, nextMetadata);
  }

  /** The edit of each metadata key the patch names; every other key is kept. */
  public Map<String, Edit<String>> metadata() {
    return metadata;
  }

  static <T> T applied(Edit<T> edit, T current) {
    if (edit instanceof Set<T> set) {
      return set.value();
    }
    if (edit instanceof Fill<T> fill) {
      return current != null ? current : fill.value();
    }
    return edit instanceof Clear ? null : current;
  }

  /** Names what the patch touches, never a value. */
  @Override
  public String toString() {
    return "CustomerPatch[personal="
        + personal.keySet()
        + ", metadata="
        + metadata.size()
        + (clearsMetadata ? " after clearing" : "")
        + ", unique="
        + unique
        + ", requirements="
        + requirements.size()
        + "]";
  }

  /** Every field starts as {@link Keep}. */
  public static final class Builder {
    private final Map<Field, Edit<String>> personal = new EnumMap<>(Field.class);
    private final Map<String, Edit<String>> metadata = new java.util.HashMap<>();
    private boolean clearsMetadata;
    private Edit<Scope> scope = new Keep<>();
    private Edit<String> projectId = new Keep<>();
    private String reference;
    private final java.util.Set<Unique> unique = EnumSet.noneOf(Unique.class);
    private final java.util.List<Requirement> requirements = new java.util.ArrayList<>();

    private Builder() {}

    public Builder set(Field field, String value) {
      personal.put(field, new Set<>(value));
      return this;
    }

    /** Sets {@code field} when the request gave a value; keeps it when {@code value} is null. */
    public Builder setIfGiven(Field field, String value) {
      if (value != null) {
        set(field, value);
      }
      return this;
    }

    public Builder clear(Field field) {
      personal.put(field, new Clear<>());
      return this;
    }

    /** Removes every metadata key the locked customer has, before the keys this patch sets. */
    public Builder clearMetadata() {
      clearsMetadata = true;
      return this;
    }

    /** Sets the metadata key {@code key} to {@code value}, or removes it when it is null. */
    public Builder metadata(String key, String value) {
      metadata.put(key, value == null ? new Clear<>() : new Set<>(value));
      return this;
    }

    /** Sets {@code field} to {@code value} only where the locked customer has no value. */
    public Builder fill(Field field, String value) {
      personal.put(field, new Fill<>(value));
      return this;
    }

    public Builder require(Requirement requirement) {
      requirements.add(requirement);
      return this;
    }

    public Builder scope(Scope value) {
      this.scope = new Set<>(value);
      return this;
    }

    public Builder projectId(String value) {
      this.projectId = new Set<>(value);
      return this;
    }

    /** The reference the request names, checked against the stored one when applied. */
    public Builder reference(String value) {
      this.reference = value;
      return this;
    }

    public Builder unique(Unique value) {
      unique.add(value);
      return this;
    }

    public CustomerPatch build() {
      return new CustomerPatch(this);
    }
  }
}
