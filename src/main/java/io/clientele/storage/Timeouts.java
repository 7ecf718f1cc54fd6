package io.clientele.storage;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import java.util.Locale;

/**
 * How a request's deadline is shared out among the database's waits, so that a database that stops
 * answering costs a request no more than its deadline. A request's database work gets {@link
 * #databaseBudget}; what may overrun it (the pool's least wait, 250 ms, and one check of an idle
 * connection, {@link #validation}) and the rendering of the answer fit in the rest.
 *
 * @param requestTimeout the deadline of a request, counted from when its handling starts
 */
record Timeouts(Duration requestTimeout) {
  private static final Duration LEAST_RESERVE = Duration.ofMillis(600);
  private static final Duration LEAST_VALIDATION = Duration.ofMillis(250);
  private static final Duration MOST_VALIDATION = Duration.ofSeconds(1);

  static Timeouts of(Duration requestTimeout) {
    return new Timeouts(requestTimeout);
  }

  /** The deadline less 30% of it, or less 600 ms when that is more: 3.5 s of 5 s. */
  Duration databaseBudget() {
    Duration reserve = requestTimeout.multipliedBy(3).dividedBy(10);
    return requestTimeout.minus(reserve.compareTo(LEAST_RESERVE) < 0 ? LEAST_RESERVE : reserve);
  }

  /**
   * How long the pool may spend checking that an idle connection still answers: a tenth of the
   * deadline, from 250 ms (HikariCP's least) to 1 s.
   */
  Duration validation() {
    Duration tenth = requestTimeout.dividedBy(10);
    if (tenth.compareTo(LEAST_VALIDATION) < 0) {
      return LEAST_VALIDATION;
    }
    return tenth.compareTo(MOST_VALIDATION) > 0 ? MOST_VALIDATION : tenth;
  }

  /**
   * PostgreSQL's bounds. The pool checks a connection with a query, not {@code isValid}: the
   * driver's {@code isValid} waits whole seconds whatever the pool's validation timeout. A new
   * connection, made in the pool's background, waits at most the budget (in whole seconds) to
   * connect and to log in, where the driver would wait for ever to log in to a frozen server. A
   * {@code connectTimeout} or {@code loginTimeout} in the URL wins.
   */
  void applyTo(HikariConfig hikari) {
    hikari.setConnectionTestQuery("SELECT 1");
    String seconds = Long.toString(Math.max(1, (databaseBudget().toMillis() + 999) / 1000));
    hikari.addDataSourceProperty("connectTimeout", seconds);
    hikari.addDataSourceProperty("loginTimeout", seconds);
  }

  /**
   * The embedded H2's bound, given in its URL: a statement waits for a row another transaction
   * holds at most the budget ({@code LOCK_TIMEOUT}), unless the URL sets it. Other URLs are
   * answered as they are.
   */
  String applyTo(String url) {
    if (!url.startsWith("jdbc:h2:") || url.toUpperCase(Locale.ROOT).contains(";LOCK_TIMEOUT=")) {
      return url;
    }
    return url + ";LOCK_TIMEOUT=" + databaseBudget().toMillis();
  }
}
