package io.clientele.cli;

import io.clientele.config.TerminalText;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How far an export or import has come, on stderr: on a terminal a bar redrawn in place at most ten
 * times a second; elsewhere, such as a log, a plain line at each tenth of the way and at least
 * every ten seconds; or nothing. Lines for people (a rejected row, a retry) go above the bar. An
 * import's senders note retries from their own threads, so each call draws whole.
 */
final class Progress {
  static final long REDRAW_NANOS = 100_000_000L;
  static final long LINE_NANOS = 10_000_000_000L;
  static final int BAR_WIDTH = 24;

  /** Where progress goes, chosen by {@code --progress}. */
  enum Style {
    BAR,
    LINES,
    NONE;

    static final String CHOICES = "auto, bar, lines or none";

    /** {@code auto} is a bar on a terminal and lines elsewhere. */
    static Style of(String option, boolean terminal) {
      return switch (option) {
        case "auto" -> terminal ? BAR : LINES;
        case "bar" -> BAR;
        case "lines" -> LINES;
        case "none" -> NONE;
        default ->
            throw new CommandFailure(
                Cli.CONFIG_ERROR,
                List.of("--progress must be " + CHOICES + "; got '" + option + "'"));
      };
    }
  }

  private final PrintStream err;
  private final Style style;
  private final String verb;
  private final long total;
  private final long startDone;
  private final LongSupplier nanos;
  private final long started;
  private long done;
  private long lastDrawn;
  private long lastLine;
  private int lastTenth;
  private int drawnWidth;

  /**
   * @param verb what is done to the rows, for the lines: {@code exported}, {@code imported}
   * @param total every row of the work, or a negative number when unknown
   * @param done the rows an earlier, interrupted run already did
   */
  Progress(PrintStream err, Style style, String verb, long total, long done, LongSupplier nanos) {
    this(err, style, verb, total, done, nanos, nanos.getAsLong());
  }

  /**
   * @param started when the run began, by {@code nanos}: rows done before the progress could be
   *     shown (an export's first page, which tells the total) count towards the rate
   */
  Progress(
      PrintStream err,
      Style style,
      String verb,
      long total,
      long done,
      LongSupplier nanos,
      long started) {
    this.err = err;
    this.style = style;
    this.verb = verb;
    this.total = total;
    this.startDone = done;
    this.done = done;
    this.nanos = nanos;
    this.started = started;
    this.lastDrawn = started - REDRAW_NANOS;
    this.lastLine = started;
    this.lastTenth = tenth(done, total);
  }

  static Progress none(PrintStream err) {
    return new Progress(err, Style.NONE, "", -1, 0, () -> 0L);
  }

  /** The rows done so far, this run's and any earlier run's. */
  synchronized void advance(long rowsDone) {
    done = rowsDone;
    long now = nanos.getAsLong();
    if (style == Style.BAR && now - lastDrawn >= REDRAW_NANOS) {
      draw(now);
    } else if (style == Style.LINES) {
      int tenth = tenth(done, total);
      if ((tenth > lastTenth && tenth < 10) || now - lastLine >= LINE_NANOS) {
        err.println(line(verb, done, total, rate(now)));
        lastLine = now;
        lastTenth = tenth;
      }
    }
  }

  /**
   * A line for people, above the bar, which is drawn again below it; one line whatever it quotes (a
   * rejected row's reference, a server's message).
   */
  synchronized void note(String line) {
    clear();
    err.println(TerminalText.oneLine(line));
    if (style == Style.BAR) {
      draw(nanos.getAsLong());
    }
  }

  /** Draws the bar a last time and leaves it, so the summary starts on a line of its own. */
  synchronized void finish() {
    if (style == Style.BAR) {
      draw(nanos.getAsLong());
      err.println();
      drawnWidth = 0;
    }
  }

  /** Rows per second of this run, or NaN before any time has passed. */
  double rate(long now) {
    double seconds = (now - started) / 1e9;
    return seconds > 0 ? (done - startDone) / seconds : Double.NaN;
  }

  private void draw(long now) {
    String text = bar(done, total, rate(now));
    err.print("\r" + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
    err.flush();
    drawnWidth = text.length();
    lastDrawn = now;
  }

  private void clear() {
    if (drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      drawnWidth = 0;
    }
  }

  /** Which tenth of the way {@code done} has reached, 0 to 10; 0 when the total is unknown. */
  static int tenth(long done, long total) {
    if (total < 0) {
      return 0;
    }
    return total == 0 ? 10 : (int) Math.min(10, done * 10 / total);
  }

  /**
   * {@code [######------] 50% 1000/2000 rows 812 rows/s ETA 0:01}: without a known total, just the
   * rows and the rate.
   */
  static String bar(long done, long total, double rate) {
    if (total < 0) {
      return done + " rows  " + rate(rate) + " rows/s";
    }
    int percent = percent(done, total);
    int filled = BAR_WIDTH * percent / 100;
    return "["
        + "#".repeat(filled)
        + "-".repeat(BAR_WIDTH - filled)
        + "] "
        + String.format(Locale.ROOT, "%3d%%", percent)
        + "  "
        + done
        + "/"
        + total
        + " rows  "
        + rate(rate)
        + " rows/s  ETA "
        + eta(done, total, rate);
  }

  /** {@code imported 1000 of 2000 rows (50%), 812 rows/s, ETA 0:01}, for a log. */
  static String line(String verb, long done, long total, double rate) {
    if (total < 0) {
      return verb + " " + done + " rows, " + rate(rate) + " rows/s";
    }
    return verb
        + " "
        + done
        + " of "
        + total
        + " rows ("
        + percent(done, total)
        + "%), "
        + rate(rate)
        + " rows/s, ETA "
        + eta(done, total, rate);
  }

  private static int percent(long done, long total) {
    return total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
  }

  private static String rate(double rate) {
    return Double.isNaN(rate) ? "-" : Long.toString(Math.round(rate));
  }

  /** The time left at this rate, {@code m:ss} or {@code h:mm:ss}; {@code -:--} without a rate. */
  static String eta(long done, long total, double rate) {
    long left = Math.max(0, total - done);
    if (left == 0) {
      return "0:00";
    }
    if (Double.isNaN(rate) || rate <= 0) {
      return "-:--";
    }
    long seconds = (long) Math.ceil(left / rate);
    long hours = seconds / 3600;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
