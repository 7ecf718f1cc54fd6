package io.clientele.webhook;

import java.time.Duration;

/**
 * How often the dispatcher looks for due deliveries, how long it holds one it claimed, how long it
 * waits for a receiver, and its backoff. The lease must outlast the connect and read timeouts, so
 * an attempt still running is never claimed by another node.
 */
public record WebhookTiming(
    Duration poll, Duration lease, Duration connectTimeout, Duration readTimeout, Backoff backoff) {
  public static final WebhookTiming DEFAULT =
      new WebhookTiming(
          Duration.ofSeconds(1),
          Duration.ofSeconds(60),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Backoff.DEFAULT);

  public WebhookTiming {
    if (lease.compareTo(connectTimeout.plus(readTimeout)) <= 0) {
      throw new IllegalArgumentException(
          "the lease " + lease + " must outlast the connect and read timeouts");
    }
  }
}
