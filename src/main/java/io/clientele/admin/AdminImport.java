package io.clientele.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.customer.Customer;
import io.clientele.customer.CustomerRules;
import io.clientele.customer.CustomerService;
import io.clientele.customer.FieldError;
import io.clientele.customer.ImportResult;
import io.clientele.customer.ImportRow;
import io.clientele.customer.NeutralRules;
import io.clientele.customer.NewCustomer;
import io.clientele.customer.PersonalData;
import io.clientele.merchant.Caller;
import io.clientele.merchant.MerchantException;
import io.clientele.server.Json;
import io.clientele.server.RequestBody;
import io.clientele.server.RequestIds;
import io.clientele.storage.JdbcMerchantStore;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /admin/merchants/{merchant_id}/customers/import}: up to {@value #MAX_ROWS} customers
 * in the neutral shape an export writes, checked against the dialect-neutral rules alone. Each row
 * is created, found unchanged, or rejected with its reasons; the created ones are written together.
 */
public final class AdminImport {
  static final int MAX_ROWS = 1000;

  /** Written by an export, shown by the API, and not the importer's to set. */
  private static final Set<String> IGNORED = Set.of("updated_at", "version");

  private static final Set<String> PERSONAL_KEYS =
      java.util.Arrays.stream(PersonalData.Field.values())
          .map(PersonalData.Field::key)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private static final Set<String> PLACEMENT =
      Set.of("customer_id", "reference", "project_id", "scope", "created_at");

  private final CustomerService customers;
  private final JdbcMerchantStore merchants;

  public AdminImport(CustomerService customers, JdbcMerchantStore merchants) {
    this.customers = customers;
    this.merchants = merchants;
  }

  public void importBatch(Context ctx) {
    String merchantId = ctx.pathParam("merchant_id");
    List<Parsed> parsed = new ArrayList<>();
    rows(ctx).forEach(row -> parsed.add(Parsed.of(row)));
    merchants.find(merchantId).orElseThrow(() -> new MerchantException.NotFound(merchantId));
    List<ImportRow> clean = parsed.stream().filter(Parsed::clean).map(Parsed::row).toList();
    Caller caller = new Caller(merchantId, null, "admin", null, RequestIds.of(ctx));
    ImportResult result = customers.importAll(caller, clean);
    Iterator<ImportResult.Outcome> outcomes = result.outcomes().iterator();
    List<RejectedView> rejected = new ArrayList<>();
    for (int i = 0; i < parsed.size(); i++) {
      Parsed row = parsed.get(i);
      List<FieldError> broken =
          row.clean() ? brokenBy(outcomes.next()) : NeutralRules.check(row.row());
      if (!row.clean() || !broken.isEmpty()) {
        List<ErrorView> errors = new ArrayList<>(row.wireErrors());
        broken.forEach(e -> errors.add(ErrorView.of(e)));
        rejected.add(new RejectedView(i, row.reference(), errors));
      }
    }
    Json.respond(
        ctx,
        200,
        new ImportView(
            result.count(ImportResult.Created.class),
            result.count(ImportResult.Unchanged.class),
            rejected));
  }

  private static List<FieldError> brokenBy(ImportResult.Outcome outcome) {
    return outcome instanceof ImportResult.Rejected rejected ? rejected.errors() : List.of();
  }

  private static JsonNode rows(Context ctx) {
    JsonNode body = Json.parse(RequestBody.bytes(ctx)).orElse(null);
    if (body == null || !body.isObject() || body.size() != 1 || !body.path("customers").isArray()) {
      throw invalid("Request body must be a JSON object {\"customers\":[…]}");
    }
    JsonNode rows = body.get("customers");
    if (rows.isEmpty() || rows.size() > MAX_ROWS) {
      throw invalid("customers must hold 1 to " + MAX_ROWS + " rows");
    }
    for (JsonNode row : rows) {
      if (!row.isObject()) {
        throw invalid("every row of customers must be a JSON object");
      }
    }
    return rows;
  }

  private static AdminApi.AdminError invalid(String message) {
    return new AdminApi.AdminError(400, "invalid_request", message);
  }

  /**
   * One row as read off the wire: the customer it asks for, as far as it could be read, and what
   * the wire shape itself got wrong (unknown fields, values of the wrong type or form).
   */
  private record Parsed(ImportRow row, String reference, List<ErrorView> wireErrors) {
    boolean clean() {
      return wireErrors.isEmpty();
    }

    static Parsed of(JsonNode node) {
      List<ErrorView> errors = new ArrayList<>();
      node.fieldNames()
          .forEachRemaining(
              name -> {
                if (!PLACEMENT.contains(name)
                    && !IGNORED.contains(name)
                    && !isPersonal(name)
                    && !name.equals("metadata")) {
                  errors.add(new ErrorView(name, "unknown_field", "unknown field " + name));
                }
              });
      String id = text(node, "customer_id", errors);
      String reference = text(node, "reference", errors);
      String projectId = text(node, "project_id", errors);
      Customer.Scope scope = scope(text(node, "scope", errors), errors);
      Instant createdAt = instant(text(node, "created_at", errors), errors);
      Map<PersonalData.Field, String> personal = new EnumMap<>(PersonalData.Field.class);
      for (PersonalData.Field field : PersonalData.Field.values()) {
        personal.put(field, text(node, field.key(), errors));
      }
      ImportRow row =
          new ImportRow(
              id,
              new NewCustomer(
                  reference,
                  projectId,
                  scope,
                  new PersonalData(personal, metadata(node.get("metadata"), errors))),
              createdAt);
      return new Parsed(row, reference, List.copyOf(errors));
    }

    /**
     * The row's metadata: an object of strings within the canonical API's limits, or null or absent
     * for none. A row breaking a limit is rejected whole, naming the rule.
     */
    private static Map<String, String> metadata(JsonNode value, List<ErrorView> errors) {
      Map<String, String> metadata = new java.util.LinkedHashMap<>();
      if (value == null || value.isNull()) {
        return metadata;
      }
      if (!value.isObject()) {
        errors.add(
            new ErrorView("metadata", "invalid_format", "metadata must be an object or null"));
        return metadata;
      }
      if (value.size() > PersonalData.MAX_METADATA_KEYS) {
        errors.add(
            new ErrorView(
                "metadata",
                "too_long",
                "metadata may have at most " + PersonalData.MAX_METADATA_KEYS + " keys"));
        return metadata;
      }
      for (Map.Entry<String, JsonNode> entry : value.properties()) {
        String key = entry.getKey();
        JsonNode text = entry.getValue();
        if (!PersonalData.isMetadataKey(key)) {
          errors.add(
              new ErrorView(
                  "metadata",
                  "invalid_format",
                  "metadata keys must be 1 to "
                      + PersonalData.MAX_METADATA_KEY
                      + " characters, with no control characters"));
        } else if (!text.isTextual() || !PersonalData.isMetadataValue(text.textValue())) {
          errors.add(
              new ErrorView(
                  "metadata",
                  "invalid_format",
                  "metadata values must be strings of 1 to "
                      + PersonalData.MAX_METADATA_VALUE
                      + " characters, with no control characters"));
        } else {
          metadata.put(key, text.textValue());
          continue;
        }
        return Map.of();
      }
      return metadata;
    }

    private static boolean isPersonal(String name) {
      return PERSONAL_KEYS.contains(name);
    }

    /** A string or null; anything else is a wire error, read as absent. */
    private static String text(JsonNode node, String name, List<ErrorView> errors) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isTextual()) {
        errors.add(new ErrorView(name, "invalid_format", name + " must be a string or null"));
        return null;
      }
      return value.textValue();
    }

    private static Customer.Scope scope(String value, List<ErrorView> errors) {
      if (value == null) {
        return Customer.Scope.GLOBAL;
      }
      for (Customer.Scope scope : Customer.Scope.values()) {
        if (scope.name().equals(value)) {
          return scope;
        }
      }
      errors.add(new ErrorView("scope", "invalid_format", "scope must be GLOBAL or PROJECT"));
      return Customer.Scope.GLOBAL;
    }

    private static Instant instant(String value, List<ErrorView> errors) {
      if (value == null) {
        return null;
      }
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        errors.add(ErrorView.of(new FieldError("created_at", FieldError.Code.INVALID_FORMAT)));
        return null;
      }
    }
  }

  record ImportView(long created, long unchanged, List<RejectedView> rejected) {}

  record RejectedView(int index, String reference, List<ErrorView> errors) {}

  record ErrorView(String field, String code, String message) {

    /** A broken rule in the admin API's words: a stable code and a sentence naming the rule. */
    static ErrorView of(FieldError error) {
      String field = error.field();
      return switch (error.code()) {
        case MISSING -> new ErrorView(field, "missing", field + " is required");
        case EMPTY -> new ErrorView(field, "empty", field + " must not be empty or blank");
        case TOO_LONG ->
            new ErrorView(
                field, "too_long", field + " must be at most " + maxLength(field) + " characters");
        case TOO_SHORT -> new ErrorView(field, "too_short", field + " is too short");
        case INVALID_CHARACTERS ->
            new ErrorView(field, "invalid_characters", charactersRule(field));
        case INVALID_FORMAT -> new ErrorView(field, "invalid_format", formatRule(field));
        case IMMUTABLE -> new ErrorView(field, "immutable", field + " cannot be changed");
        case TAKEN ->
            new ErrorView(
                field,
                field + "_taken",
                field.equals("reference")
                    ? "a live customer of the merchant has this reference with other values"
                    : "the merchant has, or had, another customer with this customer_id");
        case DUPLICATE ->
            new ErrorView(
                field,
                "duplicate_in_request",
                "an earlier row of this request has the same " + field);
      };
    }

    private static int maxLength(String field) {
      for (PersonalData.Field personal : PersonalData.Field.values()) {
        if (personal.key().equals(field)) {
          return personal.maxLength();
        }
      }
      return field.equals("project_id") ? NeutralRules.MAX_PROJECT_ID : CustomerRules.MAX_REFERENCE;
    }

    private static String charactersRule(String field) {
      return field.startsWith("mobile_")
          ? field + " must be digits only"
          : field + " must not hold control characters or unpaired surrogates";
    }

    private static String formatRule(String field) {
      return switch (field) {
        case "email" -> "email must be one address: text, @, text, without spaces";
        case "customer_id" -> "customer_id must be cst_ and 16 lowercase letters or digits";
        case "project_id" ->
            "project_id must be letters, digits, '_', '-' or '.', starting with a letter or digit";
        case "created_at" ->
            "created_at must be an ISO-8601 time from 0001-01-01T00:00:00Z to now,"
                + " such as 2026-01-02T03:04:05Z";
        default -> field + " is not in its form";
      };
    }
  }
}
