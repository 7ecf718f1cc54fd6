package io.clientele.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.merchant.MerchantException;
import io.clientele.merchant.Secrets;
import io.clientele.server.Json;
import io.clientele.storage.JdbcMerchantStore;
import io.clientele.storage.JdbcWebhookStore;
import io.clientele.storage.JdbcWebhookStore.After;
import io.clientele.storage.JdbcWebhookStore.Delivery;
import io.clientele.storage.JdbcWebhookStore.Webhook;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A merchant's webhook endpoints under {@code /admin}: register (the secret shown once), list,
 * remove, and each endpoint's deliveries, which may be sent again.
 */
public final class AdminWebhooks {
  static final int MAX_URL = 2048;
  static final int MAX_LIVE = 16;

  private final JdbcWebhookStore webhooks;
  private final JdbcMerchantStore merchants;
  private final Clock clock;

  public AdminWebhooks(JdbcWebhookStore webhooks, JdbcMerchantStore merchants, Clock clock) {
    this.webhooks = webhooks;
    this.merchants = merchants;
    this.clock = clock;
  }

  /** {@code POST …/webhooks {"url"}}: 201 {@code {"webhook_id","secret"}}, the secret this once. */
  public void add(Context ctx) {
    String merchantId = merchant(ctx);
    JsonNode body = AdminApi.objectBody(ctx, Set.of("url"));
    List<String> problems = new ArrayList<>();
    String url = AdminApi.text(body, "url", problems);
    if (url != null && !isEndpoint(url)) {
      problems.add(
          "url must be an absolute http or https URL of at most "
              + MAX_URL
              + " characters, with a host and without user info or fragment");
    }
    AdminApi.rejectIfAny(problems);
    if (webhooks.list(merchantId).size() >= MAX_LIVE) {
      throw invalid("a merchant may have at most " + MAX_LIVE + " webhooks; remove one first");
    }
    String secret = "whsec_" + Secrets.alphanumeric(32);
    Webhook added =
        webhooks.add(
            merchantId,
            "whk_" + Secrets.lowerHex(8),
            url,
            secret,
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("webhook_id", added.id());
    shown.put("secret", secret);
    Json.respond(ctx, 201, shown);
  }

  /**
   * Absolute http or https with a host; no user info, which would put a password in the table and
   * in every error, and no fragment, which is never sent.
   */
  static boolean isEndpoint(String url) {
    if (url.length() > MAX_URL) {
      return false;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && uri.getRawUserInfo() == null
          && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** {@code GET …/webhooks}: the live endpoints, oldest first, never a secret. */
  public void list(Context ctx) {
    String merchantId = merchant(ctx);
    Json.respond(
        ctx,
        200,
        Map.of("webhooks", webhooks.list(merchantId).stream().map(AdminWebhooks::view).toList()));
  }

  private static Map<String, Object> view(Webhook webhook) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("webhook_id", webhook.id());
    view.put("url", webhook.url());
    view.put("created_at", Json.seconds(webhook.createdAt()));
    return view;
  }

  /** {@code DELETE …/webhooks/{webhook_id}}: 204; its undelivered events are not sent. */
  public void remove(Context ctx) {
    String merchantId = merchant(ctx);
    String webhookId = ctx.pathParam("webhook_id");
    if (!webhooks.remove(merchantId, webhookId, clock.instant().truncatedTo(ChronoUnit.MICROS))) {
      throw webhookNotFound(merchantId, webhookId);
    }
    ctx.status(204);
  }

  /** {@code GET …/webhooks/{webhook_id}/deliveries?limit=&cursor=}: newest first. */
  public void deliveries(Context ctx) {
    AdminCustomers.refuseBrokenEscapes(ctx);
    int limit = AdminCustomers.limit(ctx.queryParam("limit"), AdminCustomers.MAX_LIMIT);
    Optional<After> after = cursor(ctx.queryParam("cursor"));
    String merchantId = merchant(ctx);
    String webhookId = liveWebhook(ctx, merchantId);
    List<Delivery> found = webhooks.deliveries(merchantId, webhookId, after, limit + 1);
    List<Delivery> shown = found.subList(0, Math.min(limit, found.size()));
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("deliveries", shown.stream().map(AdminWebhooks::view).toList());
    page.put("next_cursor", found.size() > limit ? cursor(shown.get(shown.size() - 1)) : null);
    Json.respond(ctx, 200, page);
  }

  /** {@code POST …/deliveries/{event_id}/replay}: 202, due again now with fresh attempts. */
  public void replay(Context ctx) {
    String merchantId = merchant(ctx);
    String webhookId = liveWebhook(ctx, merchantId);
    String eventId = ctx.pathParam("event_id");
    Delivery replayed =
        webhooks
            .replay(merchantId, webhookId, eventId, clock.instant().truncatedTo(ChronoUnit.MICROS))
            .orElseThrow(
                () ->
                    new AdminApi.AdminError(
                        404,
                        "event_not_found",
                        "Webhook "
                            + webhookId
                            + " of merchant "
                            + merchantId
                            + " has no event "
                            + eventId));
    Json.respond(ctx, 202, view(replayed));
  }

  private static Map<String, Object> view(Delivery d) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("event_id", d.eventId());
    view.put("type", d.type());
    view.put("customer_id", d.customerId());
    view.put("version", d.version());
    view.put("created_at", Json.seconds(d.createdAt()));
    view.put("state", d.state().toLowerCase(Locale.ROOT));
    view.put("attempts", d.attempts());
    view.put("last_status", d.lastStatus());
    view.put("last_error", d.lastError());
    view.put("next_attempt_at", d.state().equals("PENDING") ? seconds(d.nextAttemptAt()) : null);
    view.put("delivered_at", seconds(d.deliveredAt()));
    return view;
  }

  private static String seconds(Instant instant) {
    return instant == null ? null : Json.seconds(instant);
  }

  /** The page's last delivery, opaque: its exact time and its event id. */
  private static String cursor(Delivery last) {
    String text = last.createdAt() + " " + last.eventId();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<After> cursor(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
      int space = text.indexOf(' ');
      if (space > 0) {
        return Optional.of(
            new After(Instant.parse(text.substring(0, space)), text.substring(space + 1)));
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      // the same answer as any other cursor this API did not give
    }
    throw invalid("cursor must be a next_cursor this API returned");
  }

  private String merchant(Context ctx) {
    String merchantId = ctx.pathParam("merchant_id");
    merchants.find(merchantId).orElseThrow(() -> new MerchantException.NotFound(merchantId));
    return merchantId;
  }

  private String liveWebhook(Context ctx, String merchantId) {
    String webhookId = ctx.pathParam("webhook_id");
    if (webhooks.find(merchantId, webhookId).isEmpty()) {
      throw webhookNotFound(merchantId, webhookId);
    }
    return webhookId;
  }

  private static AdminApi.AdminError webhookNotFound(String merchantId, String webhookId) {
    return new AdminApi.AdminError(
        404, "webhook_not_found", "Merchant " + merchantId + " has no webhook " + webhookId);
  }

  private static AdminApi.AdminError invalid(String message) {
    return new AdminApi.AdminError(400, "invalid_request", message);
  }
}
