package io.clientele.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.clientele.customer.Customer;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.customer.SearchKeys;
import io.clientele.vault.CustomerKey;
import io.clientele.vault.MerchantKeys;
import io.clientele.vault.MerchantKeys.Index;
import io.clientele.vault.VaultException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one place a customer's personal values meet the {@code customers} columns, and the one place
 * they are encrypted. The reference and every {@link PersonalData} field are sealed together, as
 * one JSON object, under the customer's own key ({@code personal}); that key is stored wrapped
 * under the merchant's current data key ({@code customer_key}, its version in {@code key_version}).
 * What customers are looked up by is kept as blind indexes, keyed hashes under the merchant's index
 * key: {@code reference_key} (the reference), {@code email_key} (the email in lower case) and
 * {@code phone_key} (the phone as E.164), each made with every write of the values it comes from,
 * so none is ever stale. An erased customer's row keeps none of these.
 */
final class PersonalColumns {
  static final String REFERENCE_KEY = "reference_key";
  static final String EMAIL_KEY = "email_key";
  static final String PHONE_KEY = "phone_key";

  private static final JsonFactory JSON = new JsonFactory();
  private static final String REFERENCE = "reference";

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
        key.seal(json(c.reference(), c.personal()), rowPlace(c.merchantId(), c.id())),
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
    String wrapped = rows.getString("customer_key");
    if (wrapped == null) {
      return new Opened(null, PersonalData.NONE, null);
    }
    String id = rows.getString("id");
    CustomerKey key = keys.unwrap(id, wrapped);
    return parse(key.open(rows.getString("personal"), rowPlace(keys.merchantId(), id)), key);
  }

  /** What a row's sealed columns hold. */
  record Opened(String reference, PersonalData personal, CustomerKey key) {}

  /** The associated data of a row's {@code personal}: the merchant and the customer's id. */
  static String rowPlace(String merchantId, String id) {
    return "customers\0" + merchantId + "\0" + id;
  }

  private static String json(String reference, PersonalData personal) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField(REFERENCE, reference);
      for (Map.Entry<Field, String> value : personal.values().entrySet()) {
        json.writeStringField(value.getKey().key(), value.getValue());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string failed", e);
    }
    return out.toString();
  }

  private static Opened parse(String text, CustomerKey key) {
    String reference = null;
    Map<Field, String> values = new EnumMap<>(Field.class);
    try (JsonParser json = JSON.createParser(text)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new VaultException("a customer's sealed values are not a JSON object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        json.nextToken();
        String value = json.getText();
        if (name.equals(REFERENCE)) {
          reference = value;
        } else {
          values.put(Field.valueOf(name.toUpperCase(java.util.Locale.ROOT)), value);
        }
      }
    } catch (IOException e) {
      throw new VaultException("a customer's sealed values are not JSON", e);
    }
    return new Opened(reference, new PersonalData(values), key);
  }
}
