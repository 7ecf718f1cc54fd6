package io.clientele.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.customer.CustomerRules;
import io.clientele.merchant.Credential;
import io.clientele.merchant.CredentialIssuer;
import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.CredentialKinds;
import io.clientele.merchant.IpRange;
import io.clientele.merchant.Merchant;
import io.clientele.merchant.MerchantException;
import io.clientele.merchant.RateLimit;
import io.clientele.server.AccessLog;
import io.clientele.server.Json;
import io.clientele.server.RequestBody;
import io.clientele.storage.JdbcMerchantStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's API under {@code /admin}: merchants, their credentials (issue, list, revoke,
 * rotate) and IP allow-lists.
 */
public final class AdminApi {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final int MAX_NAME = 255;
  private static final int MAX_ALLOWED_IPS = 256;
  static final String ID_RULE =
      "must be 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit";

  /** The longest a rotated credential keeps working beside its successor: a week. */
  static final int MAX_OVERLAP_SECONDS = 604_800;

  private final JdbcMerchantStore merchants;
  private final CredentialIssuer issuer;
  private final CredentialKinds kinds;
  private final AdminToken token;
  private final Clock clock;

  public AdminApi(
      JdbcMerchantStore merchants,
      CredentialIssuer issuer,
      CredentialKinds kinds,
      AdminToken token,
      Clock clock) {
    this.merchants = merchants;
    this.issuer = issuer;
    this.kinds = kinds;
    this.token = token;
    this.clock = clock;
  }

  /**
   * Runs before every {@code /admin} route: anything without the admin token stops here; a request
   * with it names the merchant of its path, if well formed, on its access-log line.
   */
  public void authorise(Context ctx) {
    if (!token.authorises(ctx)) {
      throw new AdminError(401, "unauthorized", "Missing or invalid admin token");
    }
    String merchantId = ctx.pathParamMap().get("merchant_id");
    if (merchantId != null && ID.matcher(merchantId).matches()) {
      AccessLog.merchant(ctx, merchantId);
    }
  }

  public void createMerchant(Context ctx) {
    JsonNode body = objectBody(ctx, Set.of("merchant_id", "name", "allowed_ips"));
    List<String> problems = new ArrayList<>();
    String id = text(body, "merchant_id", problems);
    if (id != null && !ID.matcher(id).matches()) {
      problems.add("merchant_id " + ID_RULE);
    }
    String name = text(body, "name", problems);
    if (name != null && !CustomerRules.isText(name)) {
      problems.add(
          "name must be 1 to " + MAX_NAME + " characters, not blank, without control characters");
    }
    List<IpRange> ranges =
        body.has("allowed_ips") ? ranges(body.get("allowed_ips"), problems) : List.of();
    rejectIfAny(problems);
    Merchant merchant =
        new Merchant(id, name, ranges, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    merchants.create(merchant);
    Json.respond(ctx, 201, MerchantView.of(merchants.find(id).orElseThrow()));
  }

  public void getMerchant(Context ctx) {
    String id = ctx.pathParam("merchant_id");
    Merchant merchant = merchants.find(id).orElseThrow(() -> new MerchantException.NotFound(id));
    Json.respond(ctx, 200, MerchantView.of(merchant));
  }

  public void listMerchants(Context ctx) {
    Json.respond(
        ctx, 200, Map.of("merchants", merchants.list().stream().map(MerchantView::of).toList()));
  }

  public void createCredential(Context ctx) {
    String merchantId = ctx.pathParam("merchant_id");
    JsonNode body = objectBody(ctx, Set.of("dialect", "project_id"));
    List<String> problems = new ArrayList<>();
    String dialectName = text(body, "dialect", problems);
    CredentialKind kind = dialectName == null ? null : kinds.find(dialectName).orElse(null);
    if (dialectName != null && kind == null) {
      problems.add("dialect must be one of " + String.join(", ", kinds.wireNames()));
    }
    String projectId = null;
    if (kind != null && kind.actsForProject()) {
      projectId = text(body, "project_id", problems);
      if (projectId != null && !ID.matcher(projectId).matches()) {
        problems.add("project_id " + ID_RULE);
      }
    } else if (kind != null && body.has("project_id")) {
      problems.add(
          "project_id is only for the " + String.join(", ", kinds.projectWireNames()) + " dialect");
    }
    rejectIfAny(problems);
    CredentialIssuer.Issued issued = issuer.issue(merchantId, kind, projectId);
    merchants.addCredential(issued.credential());
    Json.respond(ctx, 201, issued.shown());
  }

  /** The merchant's credentials, oldest first, with no secret and no hash. */
  public void listCredentials(Context ctx) {
    List<CredentialView> credentials =
        merchants.credentials(ctx.pathParam("merchant_id")).stream()
            .map(CredentialView::of)
            .toList();
    Json.respond(ctx, 200, new CredentialList(credentials));
  }

  /** Refuses the credential from now on, on every node; revoking twice keeps the first time. */
  public void revokeCredential(Context ctx) {
    merchants.revoke(
        ctx.pathParam("merchant_id"),
        ctx.pathParam("credential_id"),
        clock.instant().truncatedTo(ChronoUnit.MICROS));
    ctx.status(204);
  }

  /**
   * Issues a successor of the same dialect and project, shown once as at creation, and refuses the
   * old credential once {@code overlap_seconds} have passed, so clients can switch without a gap.
   */
  public void rotateCredential(Context ctx) {
    String merchantId = ctx.pathParam("merchant_id");
    String credentialId = ctx.pathParam("credential_id");
    Duration overlap = overlap(ctx);
    Credential old = merchants.credential(merchantId, credentialId);
    if (old.revokedAt() != null) {
      throw new MerchantException.CredentialRevoked(merchantId, credentialId);
    }
    CredentialIssuer.Issued issued =
        issuer.issue(merchantId, kinds.require(old.dialect()), old.projectId());
    Instant retiredAt = issued.credential().createdAt().plus(overlap);
    merchants.rotate(merchantId, credentialId, issued.credential(), retiredAt);
    Json.respond(ctx, 201, issued.shown());
  }

  /** The optional body's {@code overlap_seconds}; no body, or no field, is no overlap. */
  private static Duration overlap(Context ctx) {
    if (RequestBody.bytes(ctx).length == 0) {
      return Duration.ZERO;
    }
    JsonNode value = objectBody(ctx, Set.of("overlap_seconds")).get("overlap_seconds");
    if (value == null) {
      return Duration.ZERO;
    }
    if (!value.isIntegralNumber()
        || !value.canConvertToInt()
        || value.intValue() < 0
        || value.intValue() > MAX_OVERLAP_SECONDS) {
      throw new AdminError(
          400,
          "invalid_request",
          "overlap_seconds must be an integer from 0 to " + MAX_OVERLAP_SECONDS);
    }
    return Duration.ofSeconds(value.intValue());
  }

  public void replaceAllowedIps(Context ctx) {
    String merchantId = ctx.pathParam("merchant_id");
    JsonNode body = objectBody(ctx, Set.of("allowed_ips"));
    List<String> problems = new ArrayList<>();
    List<IpRange> ranges = List.of();
    if (!body.has("allowed_ips")) {
      problems.add("allowed_ips is required");
    } else {
      ranges = ranges(body.get("allowed_ips"), problems);
    }
    rejectIfAny(problems);
    Json.respond(ctx, 200, MerchantView.of(merchants.replaceAllowedIps(merchantId, ranges)));
  }

  /**
   * Sets the rate limit each of the merchant's credentials gets on its own, or with a {@code null}
   * body removes it; answers the merchant. {@code burst} defaults to one second's requests.
   */
  public void replaceRateLimit(Context ctx) {
    String merchantId = ctx.pathParam("merchant_id");
    JsonNode body = Json.parse(RequestBody.bytes(ctx)).orElse(null);
    Optional<RateLimit> limit =
        body != null && body.isNull() ? Optional.empty() : Optional.of(rateLimit(body));
    Json.respond(ctx, 200, MerchantView.of(merchants.replaceRateLimit(merchantId, limit)));
  }

  private static RateLimit rateLimit(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new AdminError(
          400, "invalid_request", "Request body must be a JSON object, or null for no rate limit");
    }
    checkFields(body, Set.of("requests_per_second", "burst"));
    List<String> problems = new ArrayList<>();
    JsonNode perSecond = body.get("requests_per_second");
    if (perSecond == null || perSecond.isNull()) {
      problems.add("requests_per_second is required");
    } else if (!isIntegerIn(perSecond, RateLimit.MAX_REQUESTS_PER_SECOND)) {
      problems.add(
          "requests_per_second must be an integer from 1 to " + RateLimit.MAX_REQUESTS_PER_SECOND);
    }
    JsonNode burst = body.get("burst");
    boolean burstGiven = burst != null && !burst.isNull();
    if (burstGiven && !isIntegerIn(burst, RateLimit.MAX_BURST)) {
      problems.add("burst must be an integer from 1 to " + RateLimit.MAX_BURST);
    }
    rejectIfAny(problems);
    int rate = perSecond.intValue();
    return new RateLimit(rate, burstGiven ? burst.intValue() : rate);
  }

  /** Whether {@code value} is a JSON integer (no fraction, not a string) from 1 to {@code max}. */
  private static boolean isIntegerIn(JsonNode value, int max) {
    return value.isIntegralNumber()
        && value.canConvertToInt()
        && value.intValue() >= 1
        && value.intValue() <= max;
  }

  static JsonNode objectBody(Context ctx, Set<String> allowed) {
    JsonNode body = Json.parse(RequestBody.bytes(ctx)).orElse(null);
    if (body == null || !body.isObject()) {
      throw new AdminError(400, "invalid_request", "Request body must be a JSON object");
    }
    checkFields(body, allowed);
    return body;
  }

  /** Refuses a body naming any field but {@code allowed}, listing every unknown one. */
  private static void checkFields(JsonNode body, Set<String> allowed) {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        unknown.add("unknown field " + name);
      }
    }
    rejectIfAny(unknown);
  }

  static String text(JsonNode body, String field, List<String> problems) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      problems.add(field + " is required");
      return null;
    }
    if (!value.isTextual()) {
      problems.add(field + " must be a string");
      return null;
    }
    return value.textValue();
  }

  private static List<IpRange> ranges(JsonNode value, List<String> problems) {
    if (!value.isArray()) {
      problems.add("allowed_ips must be an array of IP addresses or CIDR blocks");
      return List.of();
    }
    if (value.size() > MAX_ALLOWED_IPS) {
      problems.add("allowed_ips may hold at most " + MAX_ALLOWED_IPS + " entries");
      return List.of();
    }
    List<IpRange> ranges = new ArrayList<>();
    for (JsonNode item : value) {
      IpRange range = item.isTextual() ? IpRange.parse(item.textValue()).orElse(null) : null;
      if (range == null) {
        problems.add("allowed_ips entry " + item + " is not an IP address or CIDR block");
      } else {
        ranges.add(range);
      }
    }
    return ranges;
  }

  static void rejectIfAny(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new AdminError(400, "invalid_request", String.join("; ", problems));
    }
  }

  /** The admin API's view of a merchant; {@code rate_limit} is {@code null} when none is set. */
  record MerchantView(
      String merchant_id,
      String name,
      List<String> allowed_ips,
      String created_at,
      RateLimitView rate_limit) {
    static MerchantView of(Merchant m) {
      return new MerchantView(
          m.id(),
          m.name(),
          m.allowedIps().stream().map(IpRange::toString).toList(),
          m.createdAt().truncatedTo(ChronoUnit.SECONDS).toString(),
          m.rateLimit().map(RateLimitView::of).orElse(null));
    }
  }

  /** A merchant's rate limit as the admin API takes and shows it. */
  record RateLimitView(int requests_per_second, int burst) {
    static RateLimitView of(RateLimit limit) {
      return new RateLimitView(limit.requestsPerSecond(), limit.burst());
    }
  }

  record CredentialList(List<CredentialView> credentials) {}

  /**
   * The admin API's view of a credential: what it is and when it was used or revoked, never a
   * secret or a hash. Unset times are JSON {@code null}; a future {@code revoked_at} is the end of
   * a rotation's overlap.
   */
  record CredentialView(
      String credential_id,
      String dialect,
      @JsonInclude(JsonInclude.Include.NON_NULL) String project_id,
      String created_at,
      String last_used_at,
      String revoked_at) {
    static CredentialView of(Credential c) {
      return new CredentialView(
          c.id(),
          c.dialect(),
          c.projectId(),
          seconds(c.createdAt()),
          seconds(c.lastUsedAt()),
          seconds(c.revokedAt()));
    }

    private static String seconds(Instant instant) {
      return instant == null ? null : Json.seconds(instant);
    }
  }

  /** A refusal of the admin API itself, already in its wire terms. */
  public static final class AdminError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    AdminError(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }
}
