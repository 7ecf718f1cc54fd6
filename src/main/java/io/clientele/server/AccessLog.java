package io.clientele.server;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The one access-log line of each request, with what routes add to it: the merchant a credential
 * proved and extra {@code key=value} pairs. Never personal data, never a secret: the route is its
 * template, not the raw path, and nothing from a body or a credential header is quoted.
 */
public final class AccessLog {
  private static final String TAGS = "clientele.access-tags";
  private static final String MERCHANT = "clientele.merchant-id";

  private AccessLog() {}

  public static void tag(Context ctx, String key, String value) {
    Map<String, String> tags = ctx.attribute(TAGS);
    if (tags == null) {
      tags = new LinkedHashMap<>();
      ctx.attribute(TAGS, tags);
    }
    tags.put(key, value);
  }

  /**
   * Names the merchant the request acts for, once its credential or the admin token is proven: a
   * merchant id is an operator's business name for a shop, not a person's.
   */
  public static void merchant(Context ctx, String merchantId) {
    ctx.attribute(MERCHANT, merchantId);
  }

  /** The access-log line of a request that has been answered. */
  static Line of(Context ctx, String route, String dialect, double millis) {
    Map<String, String> tags = ctx.attribute(TAGS);
    return new Line(
        HttpMethods.named(ctx.method().name()),
        route,
        ctx.statusCode(),
        millis,
        RequestIds.of(ctx),
        dialect,
        ctx.attribute(MERCHANT),
        tags == null ? Map.of() : new LinkedHashMap<>(tags));
  }

  /**
   * One request as the access log says it: as text, {@code GET /customers/{customer_id} 200 1.2ms
   * request_id=… dialect=juspay merchant_id=m1}, and, for the JSON format, the same facts as named
   * fields of the event ({@code merchant_id} null when no merchant was proven).
   *
   * @param dialect the route family the path belongs to: a dialect's wire name, {@code admin}, or
   *     {@code none} for the server's own routes and unknown paths
   */
  record Line(
      String method,
      String route,
      int status,
      double millis,
      String requestId,
      String dialect,
      String merchantId,
      Map<String, String> tags) {

    String text() {
      StringBuilder line =
          new StringBuilder()
              .append(method)
              .append(' ')
              .append(route)
              .append(' ')
              .append(status)
              .append(' ')
              .append(String.format(Locale.ROOT, "%.1f", millis))
              .append("ms request_id=")
              .append(requestId)
              .append(" dialect=")
              .append(dialect);
      if (merchantId != null) {
        line.append(" merchant_id=").append(merchantId);
      }
      tags.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
      return line.toString();
    }

    void writeTo(Logger logger) {
      LoggingEventBuilder event =
          logger
              .atInfo()
              .addKeyValue("request_id", requestId)
              .addKeyValue("method", method)
              .addKeyValue("route", route)
              .addKeyValue("status", status)
              .addKeyValue("duration_ms", Math.round(millis * 10) / 10.0)
              .addKeyValue("dialect", dialect)
              .addKeyValue("merchant_id", merchantId);
      tags.forEach(event::addKeyValue);
      event.log(text());
    }
  }
}
