package io.clientele.dialect.juspay;

import static io.clientele.dialect.juspay.JuspayRules.COUNTRY_CODE;
import static io.clientele.dialect.juspay.JuspayRules.EMAIL;
import static io.clientele.dialect.juspay.JuspayRules.FIRST_NAME;
import static io.clientele.dialect.juspay.JuspayRules.LAST_NAME;
import static io.clientele.dialect.juspay.JuspayRules.MOBILE;
import static io.clientele.dialect.juspay.JuspayRules.REFERENCE;
import static io.clientele.dialect.juspay.JuspayRules.TOKEN_OPTION;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerChanges;
import io.clientele.customer.CustomerException;
import io.clientele.customer.CustomerService;
import io.clientele.customer.Lookup;
import io.clientele.customer.NewCustomer;
import io.clientele.merchant.AuthException;
import io.clientele.merchant.Authenticator;
import io.clientele.merchant.Caller;
import io.clientele.merchant.Secrets;
import io.clientele.server.AccessLog;
import io.clientele.server.FormBody;
import io.clientele.server.Json;
import io.clientele.server.RequestBody;
import io.clientele.server.RequestIds;
import io.clientele.storage.JdbcClientAuthTokenStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Juspay Express Checkout's customer API: create, update, get and list. */
public final class JuspayRoutes {
  static final int DEFAULT_COUNT = 10;
  static final int MAX_COUNT = 100;
  private static final String PATH_PREFIX = "/customers/";

  private final CustomerService customers;
  private final Authenticator authenticator;
  private final JuspayCredentials credentials;
  private final ClientAuthTokens tokens;

  public JuspayRoutes(
      CustomerService customers,
      Authenticator authenticator,
      JuspayCredentials credentials,
      JdbcClientAuthTokenStore tokenStore,
      Clock clock) {
    this.customers = customers;
    this.authenticator = authenticator;
    this.credentials = credentials;
    this.tokens = new ClientAuthTokens(tokenStore, clock);
  }

  /** {@code POST /customers}. */
  public void create(Context ctx) {
    guarded(
        ctx,
        () -> {
          Caller caller = authenticate(ctx);
          JuspayParams params =
              JuspayParams.ofBody(RequestBody.contentType(ctx), RequestBody.bytes(ctx));
          for (String mandatory : List.of(REFERENCE, MOBILE)) {
            if (!params.has(mandatory)) {
              throw new JuspayProblem.Missing(mandatory);
            }
          }
          rejectWrongValues(JuspayRules.wrongValues(params));
          String countryCode = params.get(COUNTRY_CODE).orElse(JuspayRules.DEFAULT_COUNTRY_CODE);
          Customer created =
              customers.create(
                  caller.merchantId(),
                  NewCustomer.builder()
                      .reference(params.get(REFERENCE).orElseThrow())
                      .scope(Customer.Scope.GLOBAL)
                      .firstName(params.get(FIRST_NAME).orElse(null))
                      .lastName(params.get(LAST_NAME).orElse(null))
                      .email(params.get(EMAIL).orElse(null))
                      .mobileCountryCode(countryCode)
                      .mobileNumber(
                          JuspayRules.nationalNumber(params.get(MOBILE).orElseThrow(), countryCode))
                      .build());
          respond(ctx, created, wantsToken(params));
        });
  }

  /** {@code POST /customers/{customer_id}}: a partial update; absent fields keep their values. */
  public void update(Context ctx) {
    guarded(
        ctx,
        () -> {
          Caller caller = authenticate(ctx);
          JuspayParams params =
              JuspayParams.ofBody(RequestBody.contentType(ctx), RequestBody.bytes(ctx));
          rejectWrongValues(JuspayRules.wrongValues(params));
          Lookup lookup = Lookup.idOrReference(caller.merchantId(), pathId(ctx));
          Customer current = customers.find(lookup);
          if (params.get(REFERENCE).filter(r -> !r.equals(current.reference())).isPresent()) {
            throw new JuspayProblem.WrongValues(List.of(REFERENCE));
          }
          CustomerChanges changes = changes(params);
          Customer updated =
              changes.equals(CustomerChanges.NONE)
                  ? current
                  : customers.update(lookup, current, changes);
          respond(ctx, updated, wantsToken(params));
        });
  }

  /** {@code GET /customers/{customer_id}}, by Clientele id first, then by reference. */
  public void get(Context ctx) {
    guarded(
        ctx,
        () -> {
          Caller caller = authenticate(ctx);
          JuspayParams query = JuspayParams.ofQuery(ctx.queryString());
          List<String> wrong = new ArrayList<>();
          JuspayRules.check(query, TOKEN_OPTION, JuspayRules::isBoolean, wrong);
          rejectWrongValues(wrong);
          respond(ctx, customers.find(caller.merchantId(), pathId(ctx)), wantsToken(query));
        });
  }

  /** {@code GET /customers?count=&offset=}: the merchant's live customers, oldest first. */
  public void list(Context ctx) {
    guarded(
        ctx,
        () -> {
          Caller caller = authenticate(ctx);
          JuspayParams query = JuspayParams.ofQuery(ctx.queryString());
          List<String> wrong = new ArrayList<>();
          JuspayRules.check(query, "count", v -> isCount(v), wrong);
          JuspayRules.check(query, "offset", v -> isOffset(v), wrong);
          rejectWrongValues(wrong);
          int count = query.get("count").map(Integer::parseInt).orElse(DEFAULT_COUNT);
          int offset = query.get("offset").map(Integer::parseInt).orElse(0);
          List<Map<String, Object>> page =
              customers.list(caller.merchantId(), count, offset).stream()
                  .map(c -> view(c, null))
                  .toList();
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("list", page);
          body.put("count", page.size());
          body.put("offset", offset);
          body.put("total", customers.count(caller.merchantId()));
          Json.respond(ctx, 200, body);
        });
  }

  /**
   * The caller the request's key proves. A refusal becomes the problem {@link #render} already
   * turns into Juspay's 401 and 403 bodies.
   */
  private Caller authenticate(Context ctx) {
    String routingId = ctx.header("x-routing-id");
    if (routingId != null) {
      AccessLog.tag(
          ctx, "routing", HexFormat.of().formatHex(Secrets.sha256(routingId)).substring(0, 12));
    }
    try {
      return authenticator.authenticate(JuspayAuth.presented(ctx, credentials), RequestIds.of(ctx));
    } catch (AuthException.OriginRefused refused) {
      throw new JuspayProblem.BadOrigin();
    } catch (AuthException.Unauthenticated refused) {
      throw new JuspayProblem.Unauthorized();
    }
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

  private static CustomerChanges changes(JuspayParams params) {
    String mobile = params.get(MOBILE).orElse(null);
    String countryCode = params.get(COUNTRY_CODE).orElse(null);
    return CustomerChanges.builder()
        .firstName(params.get(FIRST_NAME).orElse(null))
        .lastName(params.get(LAST_NAME).orElse(null))
        .email(params.get(EMAIL).orElse(null))
        .mobileCountryCode(countryCode)
        .mobileNumber(mobile == null ? null : JuspayRules.nationalNumber(mobile, countryCode))
        .build();
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
    ClientAuthTokens.Token token =
        withToken ? tokens.issue(customer.merchantId(), customer.id()) : null;
    Json.respond(ctx, 200, view(customer, token));
  }

  /** A customer as Juspay shows it: unset fields are left out, never {@code null}. */
  static Map<String, Object> view(Customer c, ClientAuthTokens.Token token) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", c.id());
    body.put("object", "customer");
    body.put("object_reference_id", c.reference());
    Json.putIfSet(body, "mobile_country_code", c.mobileCountryCode());
    Json.putIfSet(body, "mobile_number", c.mobileNumber());
    Json.putIfSet(body, "email_address", c.email());
    Json.putIfSet(body, "first_name", c.firstName());
    Json.putIfSet(body, "last_name", c.lastName());
    body.put("date_created", Json.seconds(c.createdAt()));
    body.put("last_updated", Json.seconds(c.updatedAt()));
    if (token != null) {
      Map<String, Object> juspay = new LinkedHashMap<>();
      juspay.put("client_auth_token", token.value());
      juspay.put("client_auth_token_expiry", Json.seconds(token.expiry()));
      body.put("juspay", juspay);
    }
    return body;
  }

  /** Runs a handler, rendering every refusal and domain failure in Juspay's shapes. */
  private static void guarded(Context ctx, Runnable handler) {
    try {
      handler.run();
    } catch (JuspayProblem problem) {
      render(ctx, problem);
    } catch (CustomerException.NotFound notFound) {
      JuspayErrors.customerNotFound(ctx);
    } catch (CustomerException.ReferenceTaken taken) {
      JuspayErrors.referenceTaken(ctx);
    }
  }

  private static void render(Context ctx, JuspayProblem problem) {
    if (problem instanceof JuspayProblem.Unauthorized) {
      JuspayErrors.unauthorized(ctx);
    } else if (problem instanceof JuspayProblem.BadOrigin) {
      JuspayErrors.badOrigin(ctx);
    } else if (problem instanceof JuspayProblem.UnreadableBody unreadable) {
      JuspayErrors.unreadableBody(ctx, unreadable.getMessage());
    } else if (problem instanceof JuspayProblem.Missing missing) {
      if (missing.field().equals(REFERENCE)) {
        JuspayErrors.missingReference(ctx);
      } else {
        JuspayErrors.missingMobileNumber(ctx);
      }
    } else if (problem instanceof JuspayProblem.WrongValues wrong) {
      JuspayErrors.wrongValues(ctx, wrong.fields());
    }
  }
}
