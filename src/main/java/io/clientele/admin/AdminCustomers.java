package io.clientele.admin;

import io.clientele.customer.Change;
import io.clientele.customer.Customer;
import io.clientele.customer.CustomerException;
import io.clientele.customer.CustomerQuery;
import io.clientele.customer.CustomerRules;
import io.clientele.customer.CustomerService;
import io.clientele.customer.HistoryEntry;
import io.clientele.customer.PersonalData;
import io.clientele.customer.SearchKeys;
import io.clientele.merchant.MerchantException;
import io.clientele.server.Json;
import io.clientele.storage.JdbcMerchantStore;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's view of a merchant's customers: search, one customer, and its change history, in
 * one dialect-neutral shape whichever dialect wrote them.
 */
public final class AdminCustomers {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  /** A search page may be larger than a history page: an export reads every customer by it. */
  static final int MAX_SEARCH_LIMIT = 1000;

  private static final Set<String> CRITERIA = Set.of("reference", "email", "phone");
  private static final Set<String> SEARCH_PARAMETERS =
      Set.of("reference", "email", "phone", "limit", "cursor", "include");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  /** A {@code %} that does not start an escape: the parser drops what holds one, unsaid. */
  private static final Pattern BROKEN_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

  private final CustomerService customers;
  private final JdbcMerchantStore merchants;

  public AdminCustomers(CustomerService customers, JdbcMerchantStore merchants) {
    this.customers = customers;
    this.merchants = merchants;
  }

  /**
   * {@code GET /admin/merchants/{merchant_id}/customers?reference=|email=|phone=&limit=&cursor=}:
   * the merchant's live customers with that reference, email (in any case) or phone (as E.164), or
   * all of them without a criterion, in id order; {@code include=total} adds how many match.
   */
  public void search(Context ctx) {
    String merchantId = ctx.pathParam("merchant_id");
    refuseBrokenEscapes(ctx);
    Map<String, List<String>> parameters = ctx.queryParamMap();
    refuseUnknownOrRepeated(parameters);
    CustomerQuery query = query(parameters);
    int limit = limit(ctx.queryParam("limit"), MAX_SEARCH_LIMIT);
    String after = searchCursor(ctx.queryParam("cursor"));
    boolean withTotal = total(ctx.queryParam("include"));
    merchants.find(merchantId).orElseThrow(() -> new MerchantException.NotFound(merchantId));
    List<Customer> found = customers.search(merchantId, query, after, limit + 1);
    List<Customer> shown = found.subList(0, Math.min(limit, found.size()));
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("customers", shown.stream().map(AdminCustomers::neutral).toList());
    page.put("next_cursor", found.size() > limit ? shown.get(shown.size() - 1).id() : null);
    if (withTotal) {
      page.put("total", customers.count(merchantId, query));
    }
    Json.respond(ctx, 200, page);
  }

  /**
   * A query string whose {@code %} starts no escape: the parser drops the parameter holding it, or
   * keeps its name without a value, so {@code %ZZ=1} listed every customer, {@code limit=%ZZ}
   * served the default and {@code email=%ZZ} answered 500.
   */
  static void refuseBrokenEscapes(Context ctx) {
    String query = ctx.queryString();
    if (query != null && BROKEN_ESCAPE.matcher(query).find()) {
      throw invalid("the query string holds a % not followed by two hexadecimal digits");
    }
  }

  private static void refuseUnknownOrRepeated(Map<String, List<String>> parameters) {
    List<String> problems = new ArrayList<>();
    parameters.forEach(
        (name, values) -> {
          if (!SEARCH_PARAMETERS.contains(name)) {
            problems.add("unknown query parameter " + name);
          } else if (values.size() > 1) {
            problems.add(name + " may be given once");
          }
        });
    if (!problems.isEmpty()) {
      throw invalid(String.join("; ", problems));
    }
  }

  /** The one criterion given, in its search-key form; every customer when none is. */
  private static CustomerQuery query(Map<String, List<String>> parameters) {
    List<String> given = CRITERIA.stream().filter(parameters::containsKey).sorted().toList();
    if (given.size() > 1) {
      throw invalid("give at most one of email, phone, reference; got " + String.join(", ", given));
    }
    if (given.isEmpty()) {
      return CustomerQuery.EVERY;
    }
    String name = given.get(0);
    String value = parameters.get(name).get(0);
    if (value.isEmpty()) {
      throw invalid(name + " must not be empty");
    }
    if (!CustomerRules.isStorable(value)) {
      // No stored value holds one, and PostgreSQL refuses a NUL in any text it is sent (500).
      throw invalid(name + " must not hold control characters");
    }
    return switch (name) {
      case "reference" -> CustomerQuery.reference(value);
      case "email" -> CustomerQuery.email(value);
      default ->
          CustomerQuery.phone(
              SearchKeys.typedPhone(value)
                  .orElseThrow(
                      () ->
                          invalid(
                              "phone must be an international number, country code first,"
                                  + " with or without its +, such as +919876543210")));
    };
  }

  /** A search cursor is the id of the last customer of the page before; empty for the first. */
  private static String searchCursor(String value) {
    if (value == null) {
      return "";
    }
    if (!CustomerService.isWellFormedId(value)) {
      throw invalid("cursor must be a next_cursor this API returned");
    }
    return value;
  }

  private static boolean total(String include) {
    if (include == null) {
      return false;
    }
    if (!include.equals("total")) {
      throw invalid("include may only be total");
    }
    return true;
  }

  private static AdminApi.AdminError invalid(String message) {
    return new AdminApi.AdminError(400, "invalid_request", message);
  }

  /**
   * {@code GET /admin/merchants/{merchant_id}/customers/{customer_id}}: the live customer in the
   * dialect-neutral shape, whichever dialect wrote it and whatever its project.
   */
  public void show(Context ctx) {
    String merchantId = ctx.pathParam("merchant_id");
    String customerId = ctx.pathParam("customer_id");
    merchants.find(merchantId).orElseThrow(() -> new MerchantException.NotFound(merchantId));
    Customer customer;
    try {
      customer = customers.findById(merchantId, customerId);
    } catch (CustomerException.NotFound notFound) {
      throw new AdminApi.AdminError(
          404, "customer_not_found", "Merchant " + merchantId + " has no customer " + customerId);
    }
    Json.respond(ctx, 200, neutral(customer));
  }

  /**
   * The neutral shape: placement, then every personal field by its key ({@code null} when unset)
   * and the canonical API's metadata ({@code {}} when none), then the record's own facts; times to
   * the second, like the admin API's other times.
   */
  static Map<String, Object> neutral(Customer c) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("customer_id", c.id());
    view.put("reference", c.reference());
    view.put("project_id", c.projectId());
    view.put("scope", c.scope().name());
    for (PersonalData.Field field : PersonalData.Field.values()) {
      view.put(field.key(), c.personal().get(field));
    }
    view.put("metadata", c.personal().metadata());
    view.put("created_at", Json.seconds(c.createdAt()));
    view.put("updated_at", Json.seconds(c.updatedAt()));
    view.put("version", c.version());
    return view;
  }

  /**
   * {@code GET /admin/merchants/{merchant_id}/customers/{customer_id}/history?limit=&cursor=}:
   * newest first; {@code next_cursor} continues below the last change shown, {@code null} at the
   * first.
   */
  public void history(Context ctx) {
    String merchantId = ctx.pathParam("merchant_id");
    String customerId = ctx.pathParam("customer_id");
    refuseBrokenEscapes(ctx);
    int limit = limit(ctx.queryParam("limit"), MAX_LIMIT);
    long before = cursor(ctx.queryParam("cursor"));
    merchants.find(merchantId).orElseThrow(() -> new MerchantException.NotFound(merchantId));
    List<HistoryEntry> entries;
    try {
      entries = customers.history(merchantId, customerId, limit + 1, before);
    } catch (CustomerException.NotFound notFound) {
      throw new AdminApi.AdminError(
          404, "customer_not_found", "Merchant " + merchantId + " has no customer " + customerId);
    }
    List<HistoryEntry> shown = entries.subList(0, Math.min(limit, entries.size()));
    String next =
        entries.size() > limit ? Long.toString(shown.get(shown.size() - 1).version()) : null;
    Json.respond(ctx, 200, new HistoryView(shown.stream().map(ChangeView::of).toList(), next));
  }

  static int limit(String value, int max) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    if (!DIGITS.matcher(value).matches()
        || Long.parseLong(value) < 1
        || Long.parseLong(value) > max) {
      throw invalid("limit must be a whole number from 1 to " + max);
    }
    return Integer.parseInt(value);
  }

  private static long cursor(String value) {
    if (value == null) {
      return Long.MAX_VALUE;
    }
    if (!DIGITS.matcher(value).matches()) {
      throw new AdminApi.AdminError(
          400, "invalid_request", "cursor must be a next_cursor this API returned");
    }
    return Long.parseLong(value);
  }

  record HistoryView(List<ChangeView> changes, String next_cursor) {}

  /** One change; after an erasure personal values are {@code null} and {@code redacted} true. */
  record ChangeView(
      long version,
      String kind,
      String at,
      String dialect,
      String credential_id,
      String request_id,
      boolean redacted,
      List<FieldView> fields) {
    static ChangeView of(HistoryEntry e) {
      return new ChangeView(
          e.version(),
          e.kind().name().toLowerCase(Locale.ROOT),
          e.at().toString(),
          e.dialect(),
          e.credentialId(),
          e.requestId(),
          e.redacted(),
          e.fields().stream().map(FieldView::of).toList());
    }
  }

  record FieldView(
      String name, String old, @com.fasterxml.jackson.annotation.JsonProperty("new") String value) {
    static FieldView of(Change.FieldChange f) {
      return new FieldView(f.name(), f.oldValue(), f.newValue());
    }
  }
}
