package io.clientele.dialect.juspay;

import static io.clientele.dialect.juspay.JuspayRules.MOBILE;
import static io.clientele.dialect.juspay.JuspayRules.REFERENCE;
import static io.clientele.dialect.juspay.JuspayRules.TOKEN_OPTION;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerService;
import io.clientele.customer.Lookup;
import io.clientele.customer.NewCustomer;
import io.clientele.merchant.Authenticator;
import io.clientele.merchant.Caller;
import io.clientele.merchant.Secrets;
import io.clientele.server.AccessLog;
import io.clientele.server.FormBody;
import io.clientele.server.Idempotency;
import io.clientele.server.Json;
import io.clientele.server.RequestBody;
import io.clientele.server.RequestIds;
import io.clientele.storage.JdbcClientAuthTokenStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Juspay Express Checkout's customer API: create, update, get and list. */
final class JuspayRoutes {
  static final int DEFAULT_COUNT = 10;
  static final int MAX_COUNT = 100;
  private static final String PATH_PREFIX = "/customers/";

  private final CustomerService customers;
  private final Authenticator authenticator;
  private final JuspayCredentials credentials;
  private final ClientAuthTokens tokens;
  private final Idempotency idempotency;

  JuspayRoutes(
      CustomerService customers,
      Authenticator authenticator,
      JuspayCredentials credentials,
      JdbcClientAuthTokenStore tokenStore,
      Idempotency idempotency,
      Clock clock) {
    this.customers = customers;
    this.authenticator = authenticator;
    this.credentials = credentials;
    this.tokens = new ClientAuthTokens(tokenStore, clock);
    this.idempotency = idempotency;
  }

  /**
   * {@code POST /customers}, under an {@code Idempotency-Key} when one is sent: a retry with it
   * gets the first answer again, its client auth token included.
   */
  void create(Context ctx) {
    Caller caller = authenticate(ctx);
    JuspayParams params = JuspayParams.ofBody(RequestBody.contentType(ctx), RequestBody.bytes(ctx));
    for (String mandatory : List.of(REFERENCE, MOBILE)) {
      if (!params.has(mandatory)) {
        throw new JuspayProblem.Missing(mandatory);
      }
    }
    rejectWrongValues(JuspayRules.wrongValues(params));
    NewCustomer request = JuspayWire.newCustomer(params);
    boolean withToken = wantsToken(params);
    idempotency.handle(
        ctx,
        caller,
        JuspayCredentials.WIRE_NAME,
        key -> {
          Customer created = customers.create(caller, request, key);
          return Idempotency.Outcome.customer(created.id(), 200, body(created, withToken));
        });
  }

  /** {@code POST /customers/{customer_id}}: a partial update; absent fields keep their values. */
  void update(Context ctx) {
    Caller caller = authenticate(ctx);
    JuspayParams params = JuspayParams.ofBody(RequestBody.contentType(ctx), RequestBody.bytes(ctx));
    rejectWrongValues(JuspayRules.wrongValues(params));
    Lookup lookup = Lookup.idOrReference(caller.merchantId(), pathId(ctx));
    Customer updated = customers.change(caller, lookup, JuspayWire.patch(params));
    respond(ctx, updated, wantsToken(params));
  }

  /** {@code GET /customers/{customer_id}}, by Clientele id first, then by reference. */
  void get(Context ctx) {
    Caller caller = authenticate(ctx);
    JuspayParams query = JuspayParams.ofQuery(ctx.queryString());
    List<String> wrong = new ArrayList<>();
    JuspayRules.check(query, TOKEN_OPTION, JuspayRules::isBoolean, wrong);
    rejectWrongValues(wrong);
    Customer found = customers.find(Lookup.idOrReference(caller.merchantId(), pathId(ctx)));
    respond(ctx, found, wantsToken(query));
  }

  /** {@code GET /customers?count=&offset=}: the merchant's live customers, oldest first. */
  void list(Context ctx) {
    Caller caller = authenticate(ctx);
    JuspayParams query = JuspayParams.ofQuery(ctx.queryString());
    List<String> wrong = new ArrayList<>();
    JuspayRules.check(query, "count", v -> isCount(v), wrong);
    JuspayRules.check(query, "offset", v -> isOffset(v), wrong);
    rejectWrongValues(wrong);
    int count = query.get("count").map(Integer::parseInt).orElse(DEFAULT_COUNT);
    int offset = query.get("offset").map(Integer::parseInt).orElse(0);
    CustomerService.Page page = customers.page(caller.merchantId(), count, offset);
    List<JuspayWire.CustomerBody> list =
        page.customers().stream().map(c -> JuspayWire.CustomerBody.of(c, null)).toList();
    Json.respond(ctx, 200, new JuspayWire.ListBody(list, list.size(), offset, page.total()));
  }

  private Caller authenticate(Context ctx) {
    String routingId = ctx.header("x-routing-id");
    if (routingId != null) {
      AccessLog.tag(
          ctx, "routing", HexFormat.of().formatHex(Secrets.sha256(routingId)).substring(0, 12));
    }
    Caller caller =
        authenticator.authenticate(JuspayAuth.presented(ctx, credentials), RequestIds.of(ctx));
    AccessLog.merchant(ctx, caller.merchantId());
    return caller;
  }

  private static boolean isCount(String value) {
    return value.length() <= 3
        && value.chars().allMatch(Character::isDigit)
        && Integer.parseInt(value) >= 1
        && Integer.parseInt(value) <= MAX_COUNT;
  }

  private static boolean isOffset(String value) {
    return value.length() <= 9 && value.chars().allMatch(Character::isDigit);
  }

  private static void rejectWrongValues(List<String> wrong) {
    if (!wrong.isEmpty()) {
      throw new JuspayProblem.WrongValues(wrong);
    }
  }

  private static boolean wantsToken(JuspayParams params) {
    return params.get(TOKEN_OPTION).filter("true"::equals).isPresent();
  }

  /**
   * The customer id exactly as it stands in the path, percent-decoded but with {@code +} kept: the
   * SDKs put ids such as {@code a+b@example.com} in the path unencoded.
   */
  static String pathId(Context ctx) {
    String raw = ctx.req().getRequestURI();
    String encoded = raw.substring(raw.indexOf(PATH_PREFIX) + PATH_PREFIX.length());
    return FormBody.decodePath(encoded);
  }

  private void respond(Context ctx, Customer customer, boolean withToken) {
    Json.respond(ctx, 200, body(customer, withToken));
  }

  private JuspayWire.CustomerBody body(Customer customer, boolean withToken) {
    ClientAuthTokens.Token token =
        withToken ? tokens.issue(customer.merchantId(), customer.id()) : null;
    return JuspayWire.CustomerBody.of(customer, token);
  }
}
