package io.clientele.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientele.server.Json;
import io.clientele.storage.JdbcWebhookStore;
import io.clientele.storage.JdbcWebhookStore.Claimed;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's due deliveries, signed, and records what each attempt came to: a 2xx is
 * delivered; any other answer, or none within the timeouts, is retried after the backoff and given
 * up after its last attempt. Every node runs one; they share the work through the store's claims.
 * Redirects are not followed.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  static final int BATCH = 16;
  private static final ObjectMapper JSON = Json.mapper();

  private final JdbcWebhookStore store;
  private final Clock clock;
  private final WebhookTiming timing;
  private final ExecutorService senders;
  private final HttpClient http;
  private final ScheduledExecutorService timer;
  private final Set<Claimed> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private WebhookDispatcher(JdbcWebhookStore store, Clock clock, WebhookTiming timing) {
    this.store = store;
    this.clock = clock;
    this.timing = timing;
    this.senders = Executors.newCachedThreadPool(daemon("clientele-webhook-sender"));
    this.http =
        HttpClient.newBuilder()
            // HTTP/1.1 with no h2c upgrade headers, which some receivers' servers refuse
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timing.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(senders)
            .build();
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("clientele-webhooks"));
  }

  /** Starts looking for due deliveries every {@code timing.poll()}. */
  public static WebhookDispatcher start(JdbcWebhookStore store, Clock clock, WebhookTiming timing) {
    WebhookDispatcher dispatcher = new WebhookDispatcher(store, clock, timing);
    long poll = timing.poll().toMillis();
    dispatcher.timer.scheduleWithFixedDelay(dispatcher::round, poll, poll, TimeUnit.MILLISECONDS);
    return dispatcher;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Sends what is due, a batch at a time, until less than a batch is. */
  private void round() {
    try {
      List<Claimed> claimed;
      do {
        Instant now = now();
        claimed = store.claim(now, now.plus(timing.lease()), BATCH);
        inFlight.addAll(claimed);
        CompletableFuture.allOf(claimed.stream().map(this::send).toArray(CompletableFuture[]::new))
            .get();
      } while (claimed.size() == BATCH && !closed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | ExecutionException e) {
      if (!closed) {
        LOG.warn("webhook deliveries could not be sent or recorded: {}", e.toString());
      }
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private CompletableFuture<Void> send(Claimed claimed) {
    byte[] body = body(claimed);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(claimed.url()))
            .timeout(timing.readTimeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "Clientele-Webhooks/1")
            .header(
                Signature.HEADER,
                Signature.header(claimed.secret(), clock.instant().getEpochSecond(), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    // The request's timeout ends at the answer's headers; a receiver that then never ends its body
    // held the round, and with it every delivery of this node, for good. The whole attempt is cut
    // at the connect and read timeouts together, which the lease outlasts.
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .orTimeout(
            timing.connectTimeout().plus(timing.readTimeout()).toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (response, failure) -> {
              record(claimed, response, failure);
              return null;
            });
  }

  /** What the receiver gets: {@code {"id","type","created_at","data"}}. */
  static byte[] body(Claimed claimed) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", claimed.eventId());
    body.put("type", claimed.type());
    body.put("created_at", Json.seconds(claimed.createdAt()));
    body.set("data", data(claimed));
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("an event does not serialise as JSON", e);
    }
  }

  /**
   * The customer as the canonical API showed it at the event; for a deletion, or for an event whose
   * customer was erased before it was sent, only its id and version, and which of the two it is.
   */
  private static JsonNode data(Claimed claimed) {
    if (claimed.data() != null) {
      try {
        return JSON.readTree(claimed.data());
      } catch (IOException e) {
        throw new IllegalStateException("an event's data is not the JSON it was written as", e);
      }
    }
    ObjectNode facts = JSON.createObjectNode();
    facts.put("id", claimed.customerId());
    facts.put("version", claimed.version());
    facts.put(claimed.type().equals("customer.deleted") ? "deleted" : "redacted", true);
    return facts;
  }

  private void record(Claimed claimed, HttpResponse<?> response, Throwable failure) {
    if (closed) {
      return; // the lease is given back by close, or ends on its own
    }
    Instant now = now();
    if (response != null && response.statusCode() / 100 == 2) {
      store.delivered(claimed, response.statusCode(), now);
    } else {
      Integer status = response == null ? null : response.statusCode();
      String error = response == null ? describe(failure) : null;
      Optional<Instant> retryAt = timing.backoff().after(claimed.attempts()).map(now::plus);
      store.failed(claimed, status, error, retryAt, now);
      if (retryAt.isEmpty()) {
        LOG.warn(
            "webhook {} of merchant {}: event {} given up after {} attempts",
            claimed.webhookId(),
            claimed.merchantId(),
            claimed.eventId(),
            claimed.attempts());
      }
    }
    inFlight.remove(claimed);
  }

  /** A failure in words that name its kind only: never a secret, a body or an address. */
  static String describe(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof HttpConnectTimeoutException) {
      return "connect timed out";
    } else if (cause instanceof HttpTimeoutException
        || cause instanceof java.util.concurrent.TimeoutException) {
      return "no answer within the read timeout";
    } else if (cause instanceof ConnectException) {
      return "connection refused or unreachable";
    } else if (cause instanceof SSLException) {
      return "TLS handshake failed";
    } else if (cause instanceof IOException) {
      return "connection failed before an answer";
    }
    return "request could not be sent";
  }

  /**
   * Stops sending; a delivery whose attempt was cut is given back, due at once, so the next node or
   * start sends it without waiting for its lease to end.
   */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    senders.shutdownNow();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Instant now = now();
    for (Claimed claimed : inFlight) {
      try {
        store.release(claimed, now);
      } catch (RuntimeException e) {
        LOG.warn("webhook delivery {} keeps its lease: {}", claimed.eventId(), e.toString());
      }
    }
  }
}
