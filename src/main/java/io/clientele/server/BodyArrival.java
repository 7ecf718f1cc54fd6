package io.clientele.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Holds a request back until its whole body has arrived, collecting the body as it comes without a
 * thread waiting for it, so the routes behind it read bodies already in memory. A client that
 * trickles or stalls its body therefore costs a connection, never a request thread; the body must
 * be complete within {@link #DEADLINE} of the request reaching this handler, or the route reads it
 * as broken off (its dialect's 400) and the connection closes.
 */
final class BodyArrival extends Handler.Wrapper {
  static final Duration DEADLINE = Duration.ofSeconds(10);
  private final long holdAtMost;
  private final long budget;
  private final AtomicLong held = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();

  /**
   * @param holdAtMost bytes held for one request before it goes on anyway; a body past it is
   *     refused by the route reading it
   * @param budget bytes held for all requests together; a body that would pass it is refused by its
   *     route as the server being busy, so clients that stall large bodies cannot exhaust memory
   */
  BodyArrival(long holdAtMost, long budget) {
    this.holdAtMost = holdAtMost;
    this.budget = budget;
  }

  /** Bytes of bodies held now, arriving or waiting for their route to finish. */
  double heldBytes() {
    return held.get();
  }

  /**
   * Charges {@code bytes} to the budget; answers false, charging nothing, when it would pass it.
   */
  private boolean charge(long bytes) {
    if (held.addAndGet(bytes) <= budget) {
      return true;
    }
    held.addAndGet(-bytes);
    return false;
  }

  /**
   * Requests between their headers and their answer's end, uploads still arriving included. Counted
   * by wrapping the callback alone: Jetty's GracefulHandler also wraps the request's stream, and
   * with it a kept-alive connection was seen answering a request with the status and body of the
   * one before (HostileTrafficTest), as if the next request could start before the servlet layer
   * had recycled the connection's state.
   */
  long inFlight() {
    return inFlight.get();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    inFlight.incrementAndGet();
    Callback counted =
        new Callback.Nested(callback) {
          @Override
          public void succeeded() {
            inFlight.decrementAndGet();
            super.succeeded();
          }

          @Override
          public void failed(Throwable failure) {
            inFlight.decrementAndGet();
            super.failed(failure);
          }
        };
    boolean handled;
    try {
      if (!sendsBody(request)) {
        handled = super.handle(request, response, counted);
      } else {
        new Arrival(request, response, counted).start();
        handled = true;
      }
    } catch (Throwable failure) {
      inFlight.decrementAndGet();
      throw failure;
    }
    if (!handled) {
      inFlight.decrementAndGet();
    }
    return handled;
  }

  /** Whether a body follows the headers; one declared too large is refused unread by the route. */
  private boolean sendsBody(Request request) {
    long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (declared > 0) {
      return declared <= holdAtMost;
    }
    return request
        .getHeaders()
        .contains(HttpHeader.TRANSFER_ENCODING, HttpHeaderValue.CHUNKED.asString());
  }

  /**
   * One request's body on its way in, copied out of the network buffers as it comes: a body sent a
   * byte at a time holds its bytes, not a buffer per byte.
   */
  private final class Arrival implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private Content.Chunk end;
    private boolean passedOn;
    private Scheduler.Task deadline;

    Arrival(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
    }

    void start() {
      deadline =
          request
              .getComponents()
              .getScheduler()
              .schedule(this::expire, DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      run();
    }

    /** Reads what has arrived; runs again, on demand, when more does. */
    @Override
    public void run() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        synchronized (this) {
          if (passedOn) {
            chunk.release();
            return;
          }
          if (!keep(chunk)) {
            continue;
          }
          passedOn = true;
        }
        deadline.cancel();
        passOn();
        return;
      }
    }

    /** Copies the chunk's bytes and releases it; answers whether the request can go on now. */
    private boolean keep(Content.Chunk chunk) {
      if (Content.Chunk.isFailure(chunk)) {
        end = chunk;
        return true;
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      boolean last = chunk.isLast();
      chunk.release();
      if (!charge(copy.length)) {
        end = Content.Chunk.from(new Busy(), true);
        return true;
      }
      body.writeBytes(copy);
      if (last) {
        end = Content.Chunk.EOF;
      }
      return last || body.size() > holdAtMost;
    }

    /** The body is late: the route reads what came, then a failure, and answers 400. */
    private void expire() {
      synchronized (this) {
        if (passedOn) {
          return;
        }
        passedOn = true;
        end =
            Content.Chunk.from(
                new TimeoutException("request body not complete within " + DEADLINE), true);
      }
      request.getContext().execute(this::passOn);
    }

    private void passOn() {
      Deque<Content.Chunk> arrived = new ArrayDeque<>();
      long charged;
      synchronized (this) {
        arrived.add(Content.Chunk.from(ByteBuffer.wrap(body.toByteArray()), false));
        if (end != null) {
          arrived.add(end);
        }
        charged = body.size();
      }
      Replay replay = new Replay(request, arrived, callback, () -> held.addAndGet(-charged));
      try {
        if (!BodyArrival.super.handle(replay, response, replay)) {
          Response.writeError(replay, response, replay, 404);
        }
      } catch (Throwable failure) {
        replay.failed(failure);
      }
    }
  }

  /** The request with its body served from memory first; a failure left unread is released. */
  private static final class Replay extends Request.Wrapper implements Callback {
    private final Deque<Content.Chunk> chunks;
    private final Callback callback;
    private final Runnable done;

    Replay(Request request, Deque<Content.Chunk> chunks, Callback callback, Runnable done) {
      super(request);
      this.chunks = chunks;
      this.callback = callback;
      this.done = done;
    }

    @Override
    public Content.Chunk read() {
      synchronized (chunks) {
        if (!chunks.isEmpty()) {
          return chunks.removeFirst();
        }
      }
      return super.read();
    }

    @Override
    public void succeeded() {
      release();
      callback.succeeded();
    }

    @Override
    public void failed(Throwable failure) {
      release();
      callback.failed(failure);
    }

    @Override
    public InvocationType getInvocationType() {
      return callback.getInvocationType();
    }

    private void release() {
      synchronized (chunks) {
        chunks.forEach(Content.Chunk::release);
        chunks.clear();
      }
      done.run();
    }
  }

  /**
   * The bodies being collected hold the whole budget: the route answers that the server is busy.
   */
  static final class Busy extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    Busy() {
      super("too many request bodies are arriving at once", null);
    }
  }
}
