package io.clientele.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A merchant's webhook receiver on 127.0.0.1: it checks each delivery's signature as a receiver
 * would (with its own HMAC, not Clientele's code), keeps what arrived, and answers the status it is
 * told to. It can be down (its port closed), come up on the same port, or hold requests unanswered.
 */
final class Receiver implements AutoCloseable {
  private static final Pattern SIGNATURE = Pattern.compile("t=([0-9]+),v1=([0-9a-f]{64})");

  /** One request that arrived, and whether its signature held for the secret, within 5 minutes. */
  record Arrival(String body, boolean signed) {}

  private final int port;
  private final List<Arrival> arrivals = new ArrayList<>();
  private final AtomicInteger status = new AtomicInteger(204);
  private volatile String secret;
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private volatile boolean trickle;
  private HttpServer server;
  private java.util.concurrent.ExecutorService threads;

  private Receiver(int port) {
    this.port = port;
  }

  /** A receiver that is down: its port is free, and nothing listens on it yet. */
  static Receiver down() {
    return new Receiver(io.clientele.testing.TestServer.freePort());
  }

  static Receiver up() {
    Receiver receiver = down();
    receiver.start();
    return receiver;
  }

  String url() {
    return "http://127.0.0.1:" + port + "/hooks";
  }

  void secret(String secret) {
    this.secret = secret;
  }

  void answer(int status) {
    this.status.set(status);
  }

  /**
   * Answers 200 at once but sends only the first byte of its body, and the rest never (until {@link
   * #letGo}): a receiver that would hold a sender waiting for the end of its answer.
   */
  void trickle() {
    trickle = true;
    hold = new CountDownLatch(1);
  }

  /** Requests wait unanswered until {@link #letGo}. */
  void holdRequests() {
    hold = new CountDownLatch(1);
  }

  void letGo() {
    hold.countDown();
  }

  synchronized void start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    threads = java.util.concurrent.Executors.newCachedThreadPool();
    server.setExecutor(threads);
    server.createContext(
        "/hooks",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          String header = exchange.getRequestHeaders().getFirst("Clientele-Signature");
          synchronized (this) {
            arrivals.add(
                new Arrival(new String(body, StandardCharsets.UTF_8), verify(header, body)));
            notifyAll();
          }
          if (trickle) {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write('{');
            exchange.getResponseBody().flush();
          }
          try {
            hold.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (!trickle) {
            exchange.sendResponseHeaders(status.get(), -1);
          }
          exchange.close();
        });
    server.start();
  }

  /** A receiver's check: HMAC-SHA256 of "t." and the raw body, and t within five minutes. */
  private boolean verify(String header, byte[] body) {
    Matcher parts = header == null ? null : SIGNATURE.matcher(header);
    if (parts == null || !parts.matches() || secret == null) {
      return false;
    }
    long t = Long.parseLong(parts.group(1));
    if (Math.abs(System.currentTimeMillis() / 1000 - t) > 300) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      byte[] expected = mac.doFinal(body);
      return MessageDigest.isEqual(expected, HexFormat.of().parseHex(parts.group(2)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@code count} requests arrived; answers every one that did. */
  synchronized List<Arrival> await(int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (arrivals.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected " + count + " deliveries, got " + arrivals);
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return List.copyOf(arrivals);
  }

  synchronized List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  synchronized void stop() {
    if (server != null) {
      server.stop(0);
      threads.shutdownNow();
      server = null;
    }
  }

  @Override
  public void close() {
    letGo();
    stop();
  }
}
