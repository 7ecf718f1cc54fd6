package io.clientele.dialect.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.customer.Customer;
import io.clientele.customer.CustomerException;
import io.clientele.customer.CustomerPatch;
import io.clientele.customer.CustomerQuery;
import io.clientele.customer.CustomerRules;
import io.clientele.customer.CustomerService;
import io.clientele.customer.Lookup;
import io.clientele.customer.NewCustomer;
import io.clientele.customer.SearchKeys;
import io.clientele.merchant.AuthException;
import io.clientele.merchant.Authenticator;
import io.clientele.merchant.Caller;
import io.clientele.merchant.Presented;
import io.clientele.server.AccessLog;
import io.clientele.server.ApiServer;
import io.clientele.server.ConditionalHeaders;
import io.clientele.server.Idempotency;
import io.clientele.server.Json;
import io.clientele.server.RequestBody;
import io.clientele.server.RequestIds;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /v1/customers}: create, get, merge-patch, delete (erasure), list and search. */
final class CanonicalRoutes {
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_LIMIT = 100;
  private static final String PATH_PREFIX = "/v1/customers/";
  private static final Set<String> LIST_PARAMETERS = Set.of("limit", "cursor", "email", "phone");
  private static final Set<String> CREATE_TYPES = Set.of("application/json");
  private static final Set<String> PATCH_TYPES =
      Set.of("application/merge-patch+json", "application/json");
  private static final Pattern STRONG_TAG = Pattern.compile("\"([0-9]{1,18})\"");

  private final CustomerService customers;
  private final Authenticator authenticator;
  private final CanonicalCredentials credentials;
  private final Idempotency idempotency;

  CanonicalRoutes(
      CustomerService customers,
      Authenticator authenticator,
      CanonicalCredentials credentials,
      Idempotency idempotency) {
    this.customers = customers;
    this.authenticator = authenticator;
    this.credentials = credentials;
    this.idempotency = idempotency;
  }

  /** {@code POST /v1/customers}: 201 with the customer, its {@code ETag} and {@code Location}. */
  void create(Context ctx) {
    Caller caller = authenticate(ctx);
    NewCustomer request = CanonicalWire.newCustomer(body(ctx, CREATE_TYPES));
    idempotency.handle(
        ctx,
        caller,
        CanonicalCredentials.WIRE_NAME,
        key -> {
          Customer created = customers.create(caller, request, key);
          return answer(201, created, Map.of("Location", PATH_PREFIX + created.id()));
        });
  }

  /**
   * {@code GET /v1/customers/{id or reference}}; 412 when {@code If-Match} names another version
   * (RFC 9110 evaluates it first, for every method), 304 with no body when {@code If-None-Match}
   * names its version.
   */
  void get(Context ctx) {
    Caller caller = authenticate(ctx);
    Lookup lookup = lookup(ctx, caller);
    OptionalLong ifVersion = ifMatch(ctx);
    Customer found = customers.find(lookup);
    if (ifVersion.isPresent() && ifVersion.getAsLong() != found.version()) {
      throw new CustomerException.VersionMismatch(ifVersion.getAsLong(), found.version());
    }
    String noneMatch = ConditionalHeaders.ifNoneMatch(ctx);
    if (noneMatch != null && matchesAny(noneMatch, found.version())) {
      ctx.header("ETag", etag(found.version()));
      ctx.status(304);
      return;
    }
    respond(ctx, 200, found);
  }

  /** {@code PATCH /v1/customers/{id or reference}}: a JSON merge patch, under {@code If-Match}. */
  void update(Context ctx) {
    Caller caller = authenticate(ctx);
    Lookup lookup = lookup(ctx, caller);
    OptionalLong ifVersion = ifMatch(ctx);
    ifNoneMatchOnWrite(ctx, lookup);
    CustomerPatch patch = CanonicalWire.patch(body(ctx, PATCH_TYPES));
    idempotency.handle(
        ctx,
        caller,
        CanonicalCredentials.WIRE_NAME,
        key -> answer(200, customers.change(caller, lookup, patch, ifVersion, key), Map.of()));
  }

  /**
   * {@code DELETE /v1/customers/{id or reference}}: erases the customer, under {@code If-Match}.
   */
  void delete(Context ctx) {
    Caller caller = authenticate(ctx);
    Lookup lookup = lookup(ctx, caller);
    OptionalLong ifVersion = ifMatch(ctx);
    ifNoneMatchOnWrite(ctx, lookup);
    idempotency.handle(
        ctx,
        caller,
        CanonicalCredentials.WIRE_NAME,
        key -> {
          Customer erased = customers.erase(caller, lookup, ifVersion, key);
          return new Idempotency.Outcome(
              erased.id(),
              Idempotency.json(
                  200, Map.of("ETag", etag(erased.version())), CanonicalWire.deleted(erased)),
              false);
        });
  }

  /**
   * {@code GET /v1/customers?limit=&cursor=&email=|phone=}: the merchant's live customers in id
   * order, or those with that email (in any case) or phone (E.164, with or without its +).
   */
  void list(Context ctx) {
    Caller caller = authenticate(ctx);
    String query = ctx.queryString();
    if (query != null && ApiServer.hasBrokenEscape(query)) {
      throw new CanonicalProblem(
          400, "query_invalid", null, "The query string holds a % not followed by two hex digits");
    }
    Map<String, List<String>> parameters = new LinkedHashMap<>(ctx.queryParamMap());
    // An empty component ("limit=5&", "&&") names no parameter; "=x" still names the empty one.
    parameters.computeIfPresent(
        "", (name, values) -> values.stream().allMatch(String::isEmpty) ? null : values);
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      if (!LIST_PARAMETERS.contains(parameter.getKey())) {
        throw CanonicalProblem.unknown(parameter.getKey());
      }
      if (parameter.getValue().size() > 1) {
        throw CanonicalProblem.invalid(
            parameter.getKey(), parameter.getKey() + " may be given once");
      }
    }
    int limit = limit(ctx.queryParam("limit"));
    String cursor = ctx.queryParam("cursor");
    if (cursor != null && !CustomerService.isWellFormedId(cursor)) {
      throw CanonicalProblem.invalid("cursor", "cursor must be a next_cursor this API gave");
    }
    List<Customer> found =
        customers.search(
            caller.merchantId(), query(parameters), cursor == null ? "" : cursor, limit + 1);
    boolean more = found.size() > limit;
    List<Customer> shown = more ? found.subList(0, limit) : found;
    Json.respond(
        ctx, 200, CanonicalWire.page(shown, more ? shown.get(shown.size() - 1).id() : null));
  }

  private static CustomerQuery query(Map<String, List<String>> parameters) {
    boolean email = parameters.containsKey("email");
    boolean phone = parameters.containsKey("phone");
    if (email && phone) {
      throw CanonicalProblem.invalid("phone", "give email or phone, not both");
    }
    if (!email && !phone) {
      return CustomerQuery.EVERY;
    }
    String name = email ? "email" : "phone";
    String value = parameters.get(name).get(0);
    if (value.isEmpty() || !CustomerRules.isStorable(value)) {
      throw CanonicalProblem.invalid(
          name, name + " must be a non-empty value with no control characters");
    }
    if (email) {
      return CustomerQuery.email(value);
    }
    return CustomerQuery.phone(
        SearchKeys.typedPhone(value)
            .orElseThrow(
                () ->
                    CanonicalProblem.invalid(
                        "phone", "phone must be an international number, such as +919876543210")));
  }

  private static int limit(String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    if (!value.matches("[0-9]{1,3}")
        || Integer.parseInt(value) < 1
        || Integer.parseInt(value) > MAX_LIMIT) {
      throw CanonicalProblem.invalid(
          "limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
    }
    return Integer.parseInt(value);
  }

  /** The customer with {@code ETag} naming its version. */
  private static void respond(Context ctx, int status, Customer customer) {
    ctx.header("ETag", etag(customer.version()));
    Json.respond(ctx, status, CanonicalWire.body(customer));
  }

  /** A write's answer: the customer, with {@code ETag} naming its version and {@code more}. */
  private static Idempotency.Outcome answer(
      int status, Customer customer, Map<String, String> more) {
    Map<String, String> headers = new LinkedHashMap<>(more);
    headers.put("ETag", etag(customer.version()));
    return new Idempotency.Outcome(
        customer.id(), Idempotency.json(status, headers, CanonicalWire.body(customer)), true);
  }

  static String etag(long version) {
    return "\"" + version + "\"";
  }

  /**
   * The version {@code If-Match} requires, if any: {@code *} requires none beyond the customer's
   * existence; a weak tag never matches (If-Match compares strongly), so the write answers 412.
   */
  static OptionalLong ifMatch(Context ctx) {
    String header = ctx.header("If-Match");
    if (header == null || header.strip().equals("*")) {
      return OptionalLong.empty();
    }
    String tag = header.strip();
    if (tag.startsWith("W/\"") && tag.endsWith("\"") && !tag.contains(",")) {
      return OptionalLong.of(-1);
    }
    Matcher strong = STRONG_TAG.matcher(tag);
    if (!strong.matches()) {
      throw new CanonicalProblem(
          400,
          "if_match_invalid",
          null,
          "If-Match must be * or one entity tag this API gave, such as \"3\"");
    }
    String digits = strong.group(1);
    // Entity tags compare character for character: "01" is not the "1" this API gave.
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      return OptionalLong.of(-1);
    }
    return OptionalLong.of(Long.parseLong(digits));
  }

  /**
   * A write's {@code If-None-Match}: {@code *} lets it through only when there is no customer (RFC
   * 9110), and a customer found is never written, so it answers 412; a list of tags means nothing
   * to a write and is refused. Ignoring the header wrote over a customer a client asked to leave.
   */
  private void ifNoneMatchOnWrite(Context ctx, Lookup lookup) {
    String header = ConditionalHeaders.ifNoneMatch(ctx);
    if (header == null) {
      return;
    }
    if (!header.strip().equals("*")) {
      throw new CanonicalProblem(
          400,
          "if_none_match_invalid",
          null,
          "If-None-Match on a PATCH or DELETE takes only *; send If-Match to write one version");
    }
    Customer current = customers.find(lookup);
    ctx.header("ETag", etag(current.version()));
    throw new CanonicalProblem(
        412,
        "precondition_failed",
        null,
        "The customer exists and If-None-Match is *, so nothing was changed");
  }

  /**
   * Whether an {@code If-None-Match} list names {@code version} (weakly: W/ is ignored) or is *.
   */
  static boolean matchesAny(String header, long version) {
    for (String tag : header.split(",")) {
      String t = tag.strip();
      if (t.equals("*") || t.equals(etag(version)) || t.equals("W/" + etag(version))) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode body(Context ctx, Set<String> types) {
    String contentType = RequestBody.contentType(ctx);
    String media = contentType == null ? null : RequestBody.mediaType(contentType);
    if (media == null || !types.contains(media)) {
      throw new CanonicalProblem(
          415,
          "unsupported_media_type",
          null,
          "Send the body as " + String.join(" or ", types.stream().sorted().toList()));
    }
    byte[] bytes = RequestBody.bytes(ctx);
    return Json.parse(bytes)
        .orElseThrow(
            () ->
                new CanonicalProblem(
                    400, "body_invalid", null, "The request body is not well-formed JSON"));
  }

  /** The path's customer: by id when it is one, else by reference; every customer is visible. */
  private static Lookup lookup(Context ctx, Caller caller) {
    String raw = ctx.req().getRequestURI();
    String encoded = raw.substring(raw.indexOf(PATH_PREFIX) + PATH_PREFIX.length());
    String key = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (!CustomerRules.isReference(key) && !CustomerService.isWellFormedId(key)) {
      throw new CanonicalProblem(
          404, "resource_missing", "customer", "No such customer: the path names none");
    }
    return Lookup.idOrReference(caller.merchantId(), key);
  }

  private Caller authenticate(Context ctx) {
    Caller caller =
        authenticator.authenticate(
            Presented.secret(
                credentials, bearer(ctx.header("Authorization")), null, ctx.req().getRemoteAddr()),
            RequestIds.of(ctx));
    AccessLog.merchant(ctx, caller.merchantId());
    return caller;
  }

  /**
   * @throws AuthException.Unauthenticated when {@code Authorization} is not a bearer token
   */
  static String bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new AuthException.Unauthenticated();
    }
    String token = authorization.substring(7).strip();
    if (token.isEmpty()) {
      throw new AuthException.Unauthenticated();
    }
    return token;
  }
}
