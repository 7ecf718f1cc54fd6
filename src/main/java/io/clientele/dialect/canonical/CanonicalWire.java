package io.clientele.dialect.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.customer.Customer;
import io.clientele.customer.CustomerPatch;
import io.clientele.customer.CustomerRules;
import io.clientele.customer.FieldError;
import io.clientele.customer.NewCustomer;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.customer.Phones;
import io.clientele.customer.SearchKeys;
import io.clientele.server.Json;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The canonical customer on the wire, both ways. A request body is a JSON object of the fields
 * below; {@code phone} is E.164 and stands for the stored country code and national number; {@code
 * metadata} is an object of strings (Stripe's limits: 50 keys of at most 40 characters, values of
 * at most 500). A patch is a JSON merge patch (RFC 7396): a field left out keeps its value, {@code
 * null} clears it, and {@code metadata} merges key by key.
 */
final class CanonicalWire {
  static final int MAX_METADATA_KEYS = PersonalData.MAX_METADATA_KEYS;
  static final int MAX_METADATA_KEY = PersonalData.MAX_METADATA_KEY;
  static final int MAX_METADATA_VALUE = PersonalData.MAX_METADATA_VALUE;

  /**
   * The personal fields by their wire names, {@code phone} aside, in the order bodies show them.
   */
  private static final Map<String, Field> TEXT_FIELDS = new LinkedHashMap<>();

  static {
    TEXT_FIELDS.put("first_name", Field.FIRST_NAME);
    TEXT_FIELDS.put("last_name", Field.LAST_NAME);
    TEXT_FIELDS.put("name", Field.NAME);
    TEXT_FIELDS.put("email", Field.EMAIL);
    TEXT_FIELDS.put("address", Field.ADDRESS);
    TEXT_FIELDS.put("city", Field.CITY);
    TEXT_FIELDS.put("state", Field.STATE);
    TEXT_FIELDS.put("country", Field.COUNTRY);
    TEXT_FIELDS.put("pincode", Field.PINCODE);
  }

  /** What a response shows and a request may not set. */
  private static final Set<String> READ_ONLY = Set.of("id", "version", "created_at", "updated_at");

  /** The wire name of a domain field, for errors the domain raises. */
  static String wireName(String domainField) {
    return switch (domainField) {
      case "mobile_country_code", "mobile_number" -> "phone";
      default -> domainField;
    };
  }

  private CanonicalWire() {}

  /** A create's body. */
  static NewCustomer newCustomer(JsonNode body) {
    object(body);
    refuseUnknown(body, true);
    JsonNode reference = body.get("reference");
    if (reference == null || reference.isNull()) {
      throw new CanonicalProblem(
          400, "parameter_missing", "reference", "Missing required param: reference");
    }
    String ref = text(reference, "reference");
    if (!CustomerRules.isReference(ref)) {
      throw CanonicalProblem.invalid(
          "reference",
          "reference must be 1 to "
              + CustomerRules.MAX_REFERENCE
              + " characters, with no control characters");
    }
    Map<Field, String> values = new EnumMap<>(Field.class);
    for (Map.Entry<String, Field> field : TEXT_FIELDS.entrySet()) {
      JsonNode value = body.get(field.getKey());
      if (value != null && !value.isNull()) {
        values.put(field.getValue(), personal(value, field.getKey(), field.getValue()));
      }
    }
    JsonNode phone = body.get("phone");
    if (phone != null && !phone.isNull()) {
      Phones.Split split = phone(phone);
      values.put(Field.MOBILE_COUNTRY_CODE, split.countryCode());
      values.put(Field.MOBILE_NUMBER, split.nationalNumber());
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode given = body.get("metadata");
    if (given != null && !given.isNull()) {
      metadataEntries(given)
          .forEach(
              (key, value) -> {
                if (value != null) {
                  metadata.put(key, value);
                }
              });
    }
    return NewCustomer.global(ref, new PersonalData(values, metadata));
  }

  /** A merge patch's body. */
  static CustomerPatch patch(JsonNode body) {
    object(body);
    refuseUnknown(body, false);
    CustomerPatch.Builder patch = CustomerPatch.builder();
    JsonNode reference = body.get("reference");
    if (reference != null) {
      patch.reference(reference.isNull() ? "" : text(reference, "reference"));
    }
    for (Map.Entry<String, Field> field : TEXT_FIELDS.entrySet()) {
      JsonNode value = body.get(field.getKey());
      if (value == null) {
        continue;
      }
      if (value.isNull()) {
        patch.clear(field.getValue());
      } else {
        patch.set(field.getValue(), personal(value, field.getKey(), field.getValue()));
      }
    }
    JsonNode phone = body.get("phone");
    if (phone != null) {
      if (phone.isNull()) {
        patch.clear(Field.MOBILE_COUNTRY_CODE).clear(Field.MOBILE_NUMBER);
      } else {
        Phones.Split split = phone(phone);
        patch
            .set(Field.MOBILE_COUNTRY_CODE, split.countryCode())
            .set(Field.MOBILE_NUMBER, split.nationalNumber());
      }
    }
    JsonNode metadata = body.get("metadata");
    if (metadata != null) {
      if (metadata.isNull()) {
        patch.clearMetadata();
      } else {
        metadataEntries(metadata).forEach(patch::metadata);
      }
      patch.require(CanonicalWire::withinMetadataLimit);
    }
    return patch.build();
  }

  /** The merchant's metadata after a merge must still fit Stripe's 50 keys. */
  private static void withinMetadataLimit(PersonalData after) {
    if (after.metadata().size() > MAX_METADATA_KEYS) {
      throw CanonicalProblem.invalid(
          "metadata",
          "metadata may have at most "
              + MAX_METADATA_KEYS
              + " keys; this update would leave "
              + after.metadata().size());
    }
  }

  private static void object(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new CanonicalProblem(
          400, "body_invalid", null, "The request body must be a JSON object");
    }
  }

  private static void refuseUnknown(JsonNode body, boolean creating) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (READ_ONLY.contains(name)) {
        throw new CanonicalProblem(
            400, "parameter_read_only", name, name + " is set by the server and cannot be sent");
      }
      if (!TEXT_FIELDS.containsKey(name)
          && !name.equals("reference")
          && !name.equals("phone")
          && !name.equals("metadata")) {
        throw CanonicalProblem.unknown(name);
      }
    }
  }

  private static String text(JsonNode value, String param) {
    if (!value.isTextual()) {
      throw CanonicalProblem.invalid(param, param + " must be a string or null");
    }
    return value.textValue();
  }

  private static String personal(JsonNode node, String param, Field field) {
    String value = text(node, param);
    if (value.isEmpty()) {
      throw CanonicalProblem.invalid(param, param + " must not be empty; send null to clear it");
    }
    if (value.length() > field.maxLength()) {
      throw CanonicalProblem.invalid(
          param, param + " must be at most " + field.maxLength() + " characters");
    }
    if (!CustomerRules.isStorable(value)) {
      throw CanonicalProblem.invalid(param, param + " must not contain control characters");
    }
    if (field == Field.EMAIL && !CustomerRules.isEmail(value)) {
      throw CanonicalProblem.invalid(param, "email must be an email address");
    }
    return value;
  }

  /**
   * E.164 as written, {@code +} and digits only, before libphonenumber splits it: its parser reads
   * letters as keypad digits and drops what trails a number, which stored {@code +65 9988 7766 tel}
   * as +6599887766835.
   */
  private static final Pattern E164 = Pattern.compile("\\+[0-9]{1,15}");

  private static Phones.Split phone(JsonNode node) {
    String phone = text(node, "phone");
    return (E164.matcher(phone).matches() ? Phones.split(phone) : Optional.<Phones.Split>empty())
        .orElseThrow(
            () ->
                CanonicalProblem.invalid(
                    "phone",
                    "phone must be an international number in E.164, such as +919876543210"));
  }

  /**
   * The metadata object's entries in order: a string sets a key, {@code null} removes it. At most
   * {@value #MAX_METADATA_KEYS} may set one; any number may remove one.
   */
  private static Map<String, String> metadataEntries(JsonNode metadata) {
    if (!metadata.isObject()) {
      throw CanonicalProblem.invalid("metadata", "metadata must be an object or null");
    }
    // Only the keys set count: every one of them is in the result, while a removal only shrinks it,
    // so a merge removing 30 keys and adding 25 at the limit is refused only by the result's count.
    if (metadata.valueStream().filter(value -> !value.isNull()).count() > MAX_METADATA_KEYS) {
      throw CanonicalProblem.invalid(
          "metadata", "metadata may have at most " + MAX_METADATA_KEYS + " keys");
    }
    Map<String, String> entries = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
      String key = entry.getKey();
      String param = "metadata[" + key + "]";
      if (key.isEmpty() || key.length() > MAX_METADATA_KEY || !CustomerRules.isStorable(key)) {
        throw CanonicalProblem.invalid(
            "metadata",
            "metadata keys must be 1 to "
                + MAX_METADATA_KEY
                + " characters, with no control characters");
      }
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        entries.put(key, null);
        continue;
      }
      if (!value.isTextual()) {
        throw CanonicalProblem.invalid(param, param + " must be a string or null");
      }
      String text = value.textValue();
      if (text.isEmpty()) {
        throw CanonicalProblem.invalid(param, param + " must not be empty; send null to remove it");
      }
      if (text.length() > MAX_METADATA_VALUE || !CustomerRules.isStorable(text)) {
        throw CanonicalProblem.invalid(
            param,
            param
                + " must be at most "
                + MAX_METADATA_VALUE
                + " characters, with no control characters");
      }
      entries.put(key, text);
    }
    return entries;
  }

  /** A customer as every canonical answer shows it. */
  static Map<String, Object> body(Customer c) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", c.id());
    body.put("reference", c.reference());
    PersonalData personal = c.personal();
    for (Map.Entry<String, Field> field : TEXT_FIELDS.entrySet()) {
      body.put(field.getKey(), personal.get(field.getValue()));
      if (field.getValue() == Field.EMAIL) {
        body.put("phone", SearchKeys.phone(personal));
      }
    }
    body.put("metadata", personal.metadata());
    body.put("version", c.version());
    body.put("created_at", Json.seconds(c.createdAt()));
    body.put("updated_at", Json.seconds(c.updatedAt()));
    return body;
  }

  /** What a deletion answers: the tombstone's id and version, nothing about the person. */
  static Map<String, Object> deleted(Customer c) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", c.id());
    body.put("deleted", true);
    body.put("version", c.version());
    return body;
  }

  /** A page of customers and the cursor after it ({@code null} on the last page). */
  static Map<String, Object> page(List<Customer> customers, String nextCursor) {
    List<Map<String, Object>> shown = new ArrayList<>(customers.size());
    customers.forEach(c -> shown.add(body(c)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("customers", shown);
    body.put("next_cursor", nextCursor);
    return body;
  }

  /** The rules the domain found broken, as the first one's parameter and a message naming all. */
  static CanonicalProblem problem(List<FieldError> errors) {
    FieldError first = errors.get(0);
    String param = wireName(first.field());
    if (first.code() == FieldError.Code.IMMUTABLE) {
      return new CanonicalProblem(
          400, "parameter_immutable", param, param + " cannot be changed once set");
    }
    List<String> names = errors.stream().map(e -> wireName(e.field())).distinct().toList();
    return first.code() == FieldError.Code.MISSING
        ? new CanonicalProblem(400, "parameter_missing", param, "Missing required param: " + param)
        : CanonicalProblem.invalid(param, "Invalid value for " + String.join(", ", names));
  }
}
