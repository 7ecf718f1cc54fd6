package io.clientele.server;

import io.clientele.customer.CustomerException.IdempotencyRefused;
import io.clientele.customer.CustomerException.IdempotencyRefused.Reason;
import io.clientele.customer.IdempotencyKey;
import io.clientele.customer.IdempotencyKeyClaimed;
import io.clientele.merchant.Caller;
import io.clientele.storage.JdbcIdempotencyKeys;
import io.clientele.storage.JdbcIdempotencyKeys.Answer;
import io.clientele.storage.JdbcIdempotencyKeys.Answered;
import io.clientele.storage.JdbcIdempotencyKeys.Erased;
import io.clientele.storage.JdbcIdempotencyKeys.Pending;
import io.clientele.storage.JdbcIdempotencyKeys.Prior;
import io.clientele.storage.StorageException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes made under an {@code Idempotency-Key} header: the first request with a key writes and its
 * answer is recorded; every later request with the key and the same method, path, preconditions and
 * body gets that answer again, with {@code Idempotent-Replayed: true}, and writes nothing; one with
 * the key and another request is refused. A request with no key writes as usual.
 */
public final class Idempotency {
  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED = "Idempotent-Replayed";
  private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);

  /**
   * How long after its key was claimed a write's answer is taken for lost rather than late: the
   * node that wrote stopped between its commit and recording the answer.
   */
  static final Duration LOST_AFTER = Duration.ofMinutes(1);

  private static final long POLL_MILLIS = 20;

  /** How many times a write is tried when the write holding its key rolls back. */
  private static final int ATTEMPTS = 3;

  private final JdbcIdempotencyKeys keys;
  private final Clock clock;
  private final Duration patience;

  /**
   * @param requestTimeout how long a request may take: a request waits for the answer of the one
   *     that came first with its key for half of it, and then is asked to retry
   */
  public Idempotency(JdbcIdempotencyKeys keys, Clock clock, Duration requestTimeout) {
    this.keys = keys;
    this.clock = clock;
    this.patience = requestTimeout.dividedBy(2);
  }

  /**
   * What a write came to: the customer it wrote, and the answer to send.
   *
   * @param personal whether the body holds the customer's personal data, and so is sealed under the
   *     customer's key when recorded
   */
  public record Outcome(String customerId, Answer answer, boolean personal) {
    /** A 2xx with {@code body}, a customer's values, as JSON, and no headers of its own. */
    public static Outcome customer(String customerId, int status, Object body) {
      return new Outcome(customerId, json(status, Map.of(), body), true);
    }
  }

  /** A write, made under {@code key} when the request sent one, else under none (null). */
  @FunctionalInterface
  public interface Write {
    Outcome run(IdempotencyKey key);
  }

  /**
   * Answers the request with what {@code write} comes to, or with what the first request with its
   * idempotency key came to.
   *
   * @param dialect the route family, which scopes keys with the merchant
   * @throws IdempotencyRefused when the key is malformed, came with another request, or its first
   *     request's answer is not ready or no longer readable
   */
  public void handle(Context ctx, Caller caller, String dialect, Write write) {
    String header = ctx.header(HEADER);
    if (header == null) {
      send(ctx, write.run(null).answer(), false);
      return;
    }
    if (!IdempotencyKey.isWellFormed(header)) {
      throw new IdempotencyRefused(Reason.MALFORMED);
    }
    IdempotencyKey key = new IdempotencyKey(dialect, header, fingerprint(ctx));
    for (int attempt = 1; ; attempt++) {
      Optional<Answer> prior = priorAnswer(caller.merchantId(), key);
      if (prior.isPresent()) {
        send(ctx, prior.get(), true);
        return;
      }
      try {
        Outcome outcome = write.run(key);
        record(caller.merchantId(), key, outcome);
        send(ctx, outcome.answer(), false);
        return;
      } catch (IdempotencyKeyClaimed claimed) {
        if (attempt == ATTEMPTS) {
          throw new IdempotencyRefused(Reason.IN_PROGRESS);
        }
      }
    }
  }

  /**
   * The answer of the request that came first with {@code key}, waiting for it while that request
   * is being handled; empty when no request holds the key.
   */
  private Optional<Answer> priorAnswer(String merchantId, IdempotencyKey key) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      Optional<Prior> found = keys.find(merchantId, key);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      Prior prior = found.get();
      if (!key.sameRequestAs(prior.fingerprint())) {
        throw new IdempotencyRefused(Reason.OTHER_REQUEST);
      }
      if (prior instanceof Answered answered) {
        return Optional.of(answered.answer());
      }
      if (prior instanceof Erased) {
        throw new IdempotencyRefused(Reason.ANSWER_GONE);
      }
      Pending pending = (Pending) prior;
      if (pending.since().plus(LOST_AFTER).isBefore(clock.instant())) {
        throw new IdempotencyRefused(Reason.ANSWER_GONE);
      }
      if (System.nanoTime() > deadline) {
        throw new IdempotencyRefused(Reason.IN_PROGRESS);
      }
      pause();
    }
  }

  /**
   * Records the answer of a committed write; if that fails the answer is still sent (the write
   * stands), and a later request with the key is told the answer is gone once {@link #LOST_AFTER}
   * has passed.
   */
  private void record(String merchantId, IdempotencyKey key, Outcome outcome) {
    try {
      keys.record(merchantId, key, outcome.customerId(), outcome.answer(), outcome.personal());
    } catch (StorageException e) {
      LOG.warn(
          "recording the answer to a write under an idempotency key failed; a retry with the key"
              + " will be refused: {}",
          e.getMessage());
    }
  }

  private static void send(Context ctx, Answer answer, boolean replayed) {
    answer.headers().forEach(ctx::header);
    if (replayed) {
      ctx.header(REPLAYED, "true");
    }
    ctx.status(answer.status()).contentType(Json.CONTENT_TYPE).result(answer.body());
  }

  /**
   * A digest of what makes two requests the same: method, path and query, the body's type, the
   * preconditions and the body.
   */
  static byte[] fingerprint(Context ctx) {
    return fingerprint(
        RequestBody.bytes(ctx),
        ctx.method().name(),
        ctx.req().getRequestURI(),
        ctx.queryString(),
        ctx.header("Content-Type"),
        ctx.header("If-Match"),
        ConditionalHeaders.ifNoneMatch(ctx));
  }

  /**
   * A SHA-256 digest of {@code parts} (null for an absent one) then {@code body}, each prefixed by
   * its length (-1 for an absent part), so no two different requests share one.
   */
  public static byte[] fingerprint(byte[] body, String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        byte[] bytes = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
        digest.update(lengthOf(part == null ? -1 : bytes.length));
        digest.update(bytes);
      }
      digest.update(lengthOf(body.length));
      digest.update(body);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static byte[] lengthOf(int length) {
    return new byte[] {
      (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length
    };
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IdempotencyRefused(Reason.IN_PROGRESS);
    }
  }

  /** The answer of a write: a JSON body with {@code status} and the {@code headers} given. */
  public static Answer json(int status, Map<String, String> headers, Object body) {
    return new Answer(status, headers, Json.bytes(body));
  }
}
