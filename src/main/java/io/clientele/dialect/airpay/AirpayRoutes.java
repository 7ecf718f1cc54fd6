package io.clientele.dialect.airpay;

import static io.clientele.dialect.airpay.AirpayRules.ADDRESS;
import static io.clientele.dialect.airpay.AirpayRules.CITY;
import static io.clientele.dialect.airpay.AirpayRules.COUNTRY;
import static io.clientele.dialect.airpay.AirpayRules.EMAIL;
import static io.clientele.dialect.airpay.AirpayRules.ENTITY_ID;
import static io.clientele.dialect.airpay.AirpayRules.MOBILE;
import static io.clientele.dialect.airpay.AirpayRules.PINCODE;
import static io.clientele.dialect.airpay.AirpayRules.STATE;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerChanges;
import io.clientele.customer.CustomerException;
import io.clientele.customer.CustomerService;
import io.clientele.customer.Lookup;
import io.clientele.merchant.AuthException;
import io.clientele.merchant.Authenticator;
import io.clientele.merchant.Caller;
import io.clientele.merchant.Presented;
import io.clientele.server.FormBody;
import io.clientele.server.RequestBody;
import io.clientele.server.RequestIds;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Airpay prepaid cards' {@code update-customer}: a token, a checksum and a form of fields. */
public final class AirpayRoutes {
  static final String DEFAULT_COUNTRY_CODE = "91";

  private final CustomerService customers;
  private final Authenticator authenticator;
  private final AirpayCredentials credentials;

  public AirpayRoutes(
      CustomerService customers, Authenticator authenticator, AirpayCredentials credentials) {
    this.customers = customers;
    this.authenticator = authenticator;
    this.credentials = credentials;
  }

  /** {@code POST /airpay/ms/cards/api/update-customer}. */
  public void updateCustomer(Context ctx) {
    try {
      Authenticator.Proof proof = authenticate(ctx);
      Caller caller = proof.caller();
      List<FormBody.Pair> pairs = readForm(ctx);
      String expected =
          Checksum.of(
              pairs.stream().map(FormBody.Pair::value).toList(),
              credentials.secretKey(proof.credential()));
      if (!Checksum.matches(ctx.header("checksum"), expected)) {
        throw AirpayRejection.unauthorized("checksum does not match the body and the secret key");
      }
      Map<String, String> params = byName(pairs);
      AirpayRules.check(params);
      Lookup lookup = Lookup.reference(caller.merchantId(), params.get(ENTITY_ID));
      Customer current = customers.find(lookup);
      AirpayRules.checkPincode(
          firstOf(params.get(PINCODE), current.pincode()),
          firstOf(params.get(COUNTRY), current.country()));
      CustomerChanges changes = changes(params, current);
      if (params.containsKey(EMAIL)) {
        customers.updateWithUniqueEmail(lookup, current, changes);
      } else {
        customers.update(lookup, current, changes);
      }
      AirpayErrors.success(ctx);
    } catch (AirpayRejection rejection) {
      AirpayErrors.fail(ctx, rejection.status(), rejection.getMessage());
    } catch (CustomerException.NotFound notFound) {
      AirpayErrors.fail(ctx, 404, "no customer with this entity_id");
    } catch (CustomerException.EmailTaken taken) {
      AirpayErrors.fail(ctx, 400, "email is used by another customer");
    }
  }

  /**
   * The caller the {@code token} header proves, with its credential, whose sealed secret key signs
   * the body. A refusal becomes a rejection naming its reason for the {@code x-clientele-reason}
   * header.
   */
  private Authenticator.Proof authenticate(Context ctx) {
    String token = ctx.header("token");
    if (token == null || token.isEmpty()) {
      throw AirpayRejection.unauthorized("token header is missing");
    }
    try {
      return authenticator.prove(
          Presented.secret(credentials, token, null, ctx.req().getRemoteAddr()),
          RequestIds.of(ctx));
    } catch (AuthException.OriginRefused refused) {
      throw new AirpayRejection(403, "caller address is not on the merchant's allow-list");
    } catch (AuthException.Unauthenticated refused) {
      throw AirpayRejection.unauthorized("token is not valid");
    }
  }

  private static List<FormBody.Pair> readForm(Context ctx) {
    String type = RequestBody.mediaType(RequestBody.contentType(ctx));
    if (!type.isEmpty() && !type.equals("application/x-www-form-urlencoded")) {
      throw AirpayRejection.badRequest("Content-Type must be application/x-www-form-urlencoded");
    }
    String text =
        FormBody.utf8(RequestBody.bytes(ctx))
            .orElseThrow(() -> AirpayRejection.badRequest("body is not valid UTF-8"));
    List<FormBody.Pair> pairs;
    try {
      pairs = FormBody.parse(text);
    } catch (FormBody.Malformed e) {
      throw AirpayRejection.badRequest(e.getMessage());
    }
    if (pairs.stream().anyMatch(p -> p.value() == null)) {
      throw AirpayRejection.badRequest("a value is not valid UTF-8");
    }
    return pairs;
  }

  private static Map<String, String> byName(List<FormBody.Pair> pairs) {
    Map<String, String> params = new LinkedHashMap<>();
    for (FormBody.Pair pair : pairs) {
      if (params.put(pair.name(), pair.value()) != null) {
        throw AirpayRejection.badRequest(pair.name() + " is given more than once");
      }
    }
    return params;
  }

  /**
   * The update: every field sent, stored where the other dialects read it. A mobile number of a
   * customer without a country code gets India's, Airpay's home.
   */
  private static CustomerChanges changes(Map<String, String> params, Customer current) {
    String mobile = params.get(MOBILE);
    String countryCode =
        mobile != null && current.mobileCountryCode() == null ? DEFAULT_COUNTRY_CODE : null;
    return CustomerChanges.builder()
        .email(params.get(EMAIL))
        .mobileCountryCode(countryCode)
        .mobileNumber(mobile)
        .address(params.get(ADDRESS))
        .city(params.get(CITY))
        .state(params.get(STATE))
        .country(params.get(COUNTRY))
        .pincode(params.get(PINCODE))
        .build();
  }

  private static String firstOf(String sent, String stored) {
    return sent != null ? sent : stored;
  }
}
