package io.clientele.storage;

import io.clientele.customer.Customer;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.customer.SearchKeys;
import io.clientele.vault.CustomerKey;
import io.clientele.vault.MerchantKeys;
import io.clientele.vault.MerchantKeys.Index;
import io.clientele.vault.VaultException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one place a customer's personal values meet the {@code customers} columns, and the one place
 * they are encrypted. The reference and every {@link PersonalData} field are sealed together (see
 * {@link #encode}) under the customer's own key ({@code personal}); that key is stored wrapped
 * under the merchant's current data key ({@code customer_key}, its version in {@code key_version}).
 * What customers are looked up by is kept as blind indexes, keyed hashes under the merchant's index
 * key: {@code reference_key} (the reference), {@code email_key} (the email in lower case) and
 * {@code phone_key} (the phone as E.164), each made with every write of the values it comes from,
 * so none is ever stale. All of these columns are binary. An erased customer's row keeps none of
 * these.
 */
final class PersonalColumns {
  static final String REFERENCE_KEY = "reference_key";
  static final String EMAIL_KEY = "email_key";
  static final String PHONE_KEY = "phone_key";

  /** The columns of a new row, in the order {@link #values} gives them. */
  static final String NAMES =
      "reference_key, personal, email_key, phone_key, customer_key, key_version";

  /** {@code ?, ?, …}, one per column of {@link #NAMES}. */
  static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?";

  /**
   * What a change of a live customer writes, in the order {@link #changedValues} gives them: the
   * reference never changes, and the customer's key stays as it is stored (a key rotation may be
   * re-wrapping it meanwhile).
   */
  static final String ASSIGNMENTS = "personal = ?, email_key = ?, phone_key = ?";

  /** What an erasure writes: nothing personal and no key left. */
  static final String ERASED =
      "reference_key = null, personal = null, email_key = null, phone_key = null,"
          + " customer_key = null, key_version = null";

  private PersonalColumns() {}

  /** A customer as read, with the key their values are sealed under ({@code null} if erased). */
  record Stored(Customer customer, CustomerKey key) {}

  /** The columns of {@link #NAMES} for a new row of {@code c}, whose own key is {@code key}. */
  static List<Object> values(Customer c, MerchantKeys keys, CustomerKey key) {
    if (!c.isActive()) {
      return Arrays.asList(null, null, null, null, null, null);
    }
    List<Object> values = new ArrayList<>(6);
    values.add(keys.blind(Index.REFERENCE, c.reference()));
    values.addAll(changedValues(c, keys, key));
    values.add(keys.wrap(c.id(), key));
    values.add(keys.currentVersion());
    return values;
  }

  /** The columns of {@link #ASSIGNMENTS} for a live {@code c}. */
  static List<Object> changedValues(Customer c, MerchantKeys keys, CustomerKey key) {
    return Arrays.asList(
        key.sealBytes(encode(c.reference(), c.personal()), rowPlace(c.merchantId(), c.id())),
        keys.blind(Index.EMAIL, SearchKeys.email(c.personal().email())),
        keys.blind(Index.PHONE, SearchKeys.phone(c.personal())));
  }

  /**
   * The reference, personal data and key of the row at {@code rows}, opened with its merchant's
   * keys; an erased customer has none of them.
   *
   * @throws MerchantKeys.UnknownVersion when its key names a version {@code keys} do not hold
   */
  static Opened read(ResultSet rows, MerchantKeys keys) throws SQLException {
    byte[] wrapped = rows.getBytes("customer_key");
    if (wrapped == null) {
      return new Opened(null, PersonalData.NONE, null);
    }
    String id = rows.getString("id");
    CustomerKey key = keys.unwrap(id, wrapped);
    return decode(key.openBytes(rows.getBytes("personal"), rowPlace(keys.merchantId(), id)), key);
  }

  /** What a row's sealed columns hold. */
  record Opened(String reference, PersonalData personal, CustomerKey key) {}

  /** The associated data of a row's {@code personal}: the merchant and the customer's id. */
  static String rowPlace(String merchantId, String id) {
    return "customers\0" + merchantId + "\0" + id;
  }

  /** The tag of the reference in a sealed row; a field's is its ordinal plus one. */
  private static final int REFERENCE_TAG = 0;

  /**
   * The tag of one metadata entry: its key, then its value, each with its length. A field's tag is
   * never this large.
   */
  private static final int METADATA_TAG = 0x40;

  private static final int FORMAT = 1;
  private static final Field[] FIELDS = Field.values();

  /**
   * The reference, the fields with a value and the metadata, as the bytes a row seals: a format
   * byte ({@value #FORMAT}), then for each value its tag, its length in UTF-8 bytes as an unsigned
   * varint, and those bytes (a metadata entry: {@value #METADATA_TAG}, its key, then its value).
   * Smaller and cheaper to make and read than JSON, which took 2-4 % of a request's CPU
   * (bench/results/vault.md).
   */
  static byte[] encode(String reference, PersonalData personal) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
    out.write(FORMAT);
    put(out, REFERENCE_TAG, reference);
    for (Map.Entry<Field, String> value : personal.values().entrySet()) {
      put(out, value.getKey().ordinal() + 1, value.getValue());
    }
    for (Map.Entry<String, String> entry : personal.metadata().entrySet()) {
      put(out, METADATA_TAG, entry.getKey());
      putText(out, entry.getValue());
    }
    return out.toByteArray();
  }

  private static void put(java.io.ByteArrayOutputStream out, int tag, String value) {
    out.write(tag);
    putText(out, value);
  }

  private static void putText(java.io.ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (int length = bytes.length; ; length >>>= 7) {
      if (length < 0x80) {
        out.write(length);
        break;
      }
      out.write((length & 0x7f) | 0x80);
    }
    out.write(bytes, 0, bytes.length);
  }

  /**
   * @throws VaultException when the bytes are not what {@link #encode} makes
   */
  static Opened decode(byte[] bytes, CustomerKey key) {
    if (bytes.length == 0 || bytes[0] != FORMAT) {
      throw new VaultException("a customer's sealed values are not in a format this version reads");
    }
    String reference = null;
    Map<Field, String> values = new EnumMap<>(Field.class);
    Map<String, String> metadata = new java.util.HashMap<>();
    int[] at = {1};
    while (at[0] < bytes.length) {
      int tag = bytes[at[0]++] & 0xff;
      if (tag > FIELDS.length && tag != METADATA_TAG) {
        throw new VaultException("a customer's sealed values are malformed");
      }
      String value = text(bytes, at);
      if (tag == REFERENCE_TAG) {
        reference = value;
      } else if (tag == METADATA_TAG) {
        metadata.put(value, text(bytes, at));
      } else {
        values.put(FIELDS[tag - 1], value);
      }
    }
    return new Opened(reference, new PersonalData(values, metadata), key);
  }

  /** The length-prefixed text at {@code at[0]}, which moves past it. */
  private static String text(byte[] bytes, int[] at) {
    int length = 0;
    for (int shift = 0; ; shift += 7) {
      if (at[0] >= bytes.length || shift > 28) {
        throw new VaultException("a customer's sealed values end inside a length");
      }
      int b = bytes[at[0]++] & 0xff;
      length |= (b & 0x7f) << shift;
      if (b < 0x80) {
        break;
      }
    }
    if (length < 0 || length > bytes.length - at[0]) {
      throw new VaultException("a customer's sealed values are malformed");
    }
    String value = new String(bytes, at[0], length, StandardCharsets.UTF_8);
    at[0] += length;
    return value;
  }
}
