package io.clientele.storage;

import java.time.Duration;
import java.util.Optional;

/**
 * The deadline of the request each thread is serving, by which its database work must be done. The
 * wait for a connection and every read from PostgreSQL are given only the time it leaves, so a
 * database that stops answering costs a request its deadline and no more. Work that serves no
 * request (start-up, migrations, housekeeping) has no deadline and waits as the pool is set.
 */
public final class RequestDeadlines {
  private final Duration budget;
  private final ThreadLocal<Long> until = new ThreadLocal<>();

  /**
   * @param budget the time a request's database work may take, counted from {@link #begin}
   */
  RequestDeadlines(Duration budget) {
    this.budget = budget;
  }

  /** Starts the deadline of the request this thread now serves, replacing any earlier one. */
  public void begin() {
    until.set(System.nanoTime() + budget.toNanos());
  }

  /** Ends it: the thread serves no request. */
  public void end() {
    until.remove();
  }

  /** The time the request on this thread has left (zero or less once passed), if it has one. */
  Optional<Duration> left() {
    Long deadline = until.get();
    return deadline == null
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(deadline - System.nanoTime()));
  }

  Duration budget() {
    return budget;
  }
}
