package io.clientele.dialect.airpay;

import static io.clientele.dialect.airpay.AirpayRules.ENTITY_ID;

import io.clientele.customer.CustomerService;
import io.clientele.customer.Lookup;
import io.clientele.merchant.Authenticator;
import io.clientele.merchant.Caller;
import io.clientele.merchant.Credential;
import io.clientele.merchant.Presented;
import io.clientele.merchant.SecretSealer;
import io.clientele.server.AccessLog;
import io.clientele.server.FormBody;
import io.clientele.server.Json;
import io.clientele.server.RequestBody;
import io.clientele.server.RequestIds;
import io.clientele.storage.JdbcSeenChecksums;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Airpay prepaid cards' {@code update-customer}: a token, a checksum and a form of fields. */
final class AirpayRoutes {
  private final CustomerService customers;
  private final Authenticator authenticator;
  private final AirpayCredentials credentials;
  private final SecretSealer sealer;
  private final Optional<JdbcSeenChecksums> seen;

  /**
   * @param seen the checksums accepted within the replay window, or empty when replays are let
   *     through, as Airpay's scheme has them
   */
  AirpayRoutes(
      CustomerService customers,
      Authenticator authenticator,
      AirpayCredentials credentials,
      SecretSealer sealer,
      Optional<JdbcSeenChecksums> seen) {
    this.customers = customers;
    this.authenticator = authenticator;
    this.credentials = credentials;
    this.sealer = sealer;
    this.seen = seen;
  }

  /** {@code POST /airpay/ms/cards/api/update-customer}. */
  void updateCustomer(Context ctx) {
    Authenticator.Proof proof = authenticate(ctx);
    Caller caller = proof.caller();
    List<FormBody.Pair> pairs = readForm(ctx);
    String expected =
        Checksum.of(
            pairs.stream().map(FormBody.Pair::value).toList(), secretKey(proof.credential()));
    if (!Checksum.matches(ctx.header("checksum"), expected)) {
      throw AirpayRejection.unauthorized("checksum does not match the body and the secret key");
    }
    authenticator.admit(proof);
    refuseReplay(caller, expected);
    Map<String, String> params = byName(pairs);
    AirpayRules.check(params);
    Lookup lookup = Lookup.reference(caller.merchantId(), params.get(ENTITY_ID));
    customers.change(caller, lookup, AirpayMapping.patch(params));
    success(ctx);
  }

  /**
   * With a replay window, consumes the checksum once proven and charged, before the rules and the
   * write: whatever its answer, a request is not served twice, and a captured request that failed
   * cannot be split anew onto another customer. The checksum is the one computed here, so its case
   * as presented does not make a new one.
   */
  private void refuseReplay(Caller caller, String checksum) {
    if (seen.isPresent()
        && !seen.get().claim(caller.merchantId(), caller.credentialId(), checksum)) {
      throw AirpayRejection.unauthorized(
          "checksum was already accepted within the replay window; vary a parameter to resend");
    }
  }

  /** The secret key of {@code credential}, opened with the data key. */
  private String secretKey(Credential credential) {
    return sealer.open(credential.sealedSecret(), credential.id());
  }

  /** Airpay's one success body, {@code {"status":200,"message":"success","data":[]}}. */
  private static void success(Context ctx) {
    Json.respond(ctx, 200, new Success(200, "success", List.of()));
  }

  /** Airpay's success body. */
  record Success(int status, String message, List<Object> data) {}

  /** The token's credential and caller; the merchant's allow-list checked too. */
  private Authenticator.Proof authenticate(Context ctx) {
    String token = ctx.header("token");
    if (token == null || token.isEmpty()) {
      throw AirpayRejection.unauthorized("token header is missing");
    }
    Authenticator.Proof proof =
        authenticator.prove(
            Presented.secret(credentials, token, null, ctx.req().getRemoteAddr()),
            RequestIds.of(ctx));
    AccessLog.merchant(ctx, proof.caller().merchantId());
    return proof;
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
}
