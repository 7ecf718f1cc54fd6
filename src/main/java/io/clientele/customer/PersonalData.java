package io.clientele.customer;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a customer record says about the person: the values a vault must protect, kept
 * together so that storage, change history and (later) encryption handle them in one place. A field
 * without a value is absent, never an empty string.
 *
 * <p>A new personal field is one constant of {@link Field}, a column of the same name, and the
 * dialects that show it.
 */
public record PersonalData(Map<Field, String> values, Map<String, String> metadata) {

  /**
   * The personal fields, in the order change records list them, each with the most characters its
   * column holds: whatever any dialect accepts fits.
   */
  public enum Field {
    FIRST_NAME(255),
    LAST_NAME(255),
    NAME(511),
    EMAIL(300),
    MOBILE_COUNTRY_CODE(64),
    MOBILE_NUMBER(300),
    ADDRESS(1000),
    CITY(100),
    STATE(100),
    COUNTRY(100),
    PINCODE(16);

    private final int maxLength;
    private final String key;

    Field(int maxLength) {
      this.maxLength = maxLength;
      this.key = name().toLowerCase(Locale.ROOT);
    }

    /** The field's name in storage and in change records, {@code first_name}. */
    public String key() {
      return key;
    }

    /** The most characters (UTF-16 units, as the databases count) the field's column holds. */
    public int maxLength() {
      return maxLength;
    }
  }

  public static final PersonalData NONE = new PersonalData(Map.of());

  /**
   * Keeps only the fields and metadata keys with a value; the maps given are copied, the metadata
   * sorted by key. Metadata is the merchant's free-form key-value data about the customer (the
   * canonical API's {@code metadata}); it is kept with the person's values because nothing stops a
   * merchant from putting personal data in it.
   */
  public PersonalData {
    EnumMap<Field, String> kept = new EnumMap<>(Field.class);
    values.forEach(
        (field, value) -> {
          if (value != null) {
            kept.put(field, value);
          }
        });
    values = Collections.unmodifiableMap(kept);
    TreeMap<String, String> keptMetadata = new TreeMap<>();
    metadata.forEach(
        (key, value) -> {
          if (value != null) {
            keptMetadata.put(key, value);
          }
        });
    metadata = Collections.unmodifiableSortedMap(keptMetadata);
  }

  /** The most keys a customer's metadata may hold (Stripe's limit). */
  public static final int MAX_METADATA_KEYS = 50;

  /** The longest a metadata key may be. */
  public static final int MAX_METADATA_KEY = 40;

  /** The longest a metadata value may be. */
  public static final int MAX_METADATA_VALUE = 500;

  /** Whether {@code key} may name a metadata value: 1 to 40 characters, none a control one. */
  public static boolean isMetadataKey(String key) {
    return !key.isEmpty() && key.length() <= MAX_METADATA_KEY && CustomerRules.isStorable(key);
  }

  /** Whether {@code value} may be a metadata value: 1 to 500 characters, none a control one. */
  public static boolean isMetadataValue(String value) {
    return !value.isEmpty()
        && value.length() <= MAX_METADATA_VALUE
        && CustomerRules.isStorable(value);
  }

  /** The fields' values with no metadata. */
  public PersonalData(Map<Field, String> values) {
    this(values, Map.of());
  }

  /** The value of {@code field}, or {@code null} when it has none. */
  public String get(Field field) {
    return values.get(field);
  }

  public boolean isEmpty() {
    return values.isEmpty() && metadata.isEmpty();
  }

  public String firstName() {
    return get(Field.FIRST_NAME);
  }

  public String lastName() {
    return get(Field.LAST_NAME);
  }

  public String name() {
    return get(Field.NAME);
  }

  public String email() {
    return get(Field.EMAIL);
  }

  public String mobileCountryCode() {
    return get(Field.MOBILE_COUNTRY_CODE);
  }

  public String mobileNumber() {
    return get(Field.MOBILE_NUMBER);
  }

  public String address() {
    return get(Field.ADDRESS);
  }

  public String city() {
    return get(Field.CITY);
  }

  public String state() {
    return get(Field.STATE);
  }

  public String country() {
    return get(Field.COUNTRY);
  }

  public String pincode() {
    return get(Field.PINCODE);
  }

  /** Names the fields that have a value, never the values, so a log line or assertion is safe. */
  @Override
  public String toString() {
    return "PersonalData" + values.keySet() + (metadata.isEmpty() ? "" : metadata.keySet());
  }
}
