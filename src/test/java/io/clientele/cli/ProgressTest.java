package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The progress bar and lines as they render, and how often they are drawn. */
class ProgressTest {
  static final long SECOND = 1_000_000_000L;

  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  final AtomicLong now = new AtomicLong(5 * SECOND);

  String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  Progress progress(Progress.Style style, long total, long done) {
    return new Progress(err, style, "imported", total, done, now::get);
  }

  @Test
  void drawsTheBarWithPercentRowsRateAndTimeLeft() {
    assertThat(Progress.bar(500, 2000, 250.0))
        .isEqualTo("[######------------------]  25%  500/2000 rows  250 rows/s  ETA 0:06");
  }

  @Test
  void drawsAFullBarWithNoTimeLeft() {
    assertThat(Progress.bar(2000, 2000, 1234.4))
        .isEqualTo("[########################] 100%  2000/2000 rows  1234 rows/s  ETA 0:00");
  }

  @Test
  void drawsAnEmptyBarBeforeAnyRateIsKnown() {
    assertThat(Progress.bar(0, 100_000, Double.NaN))
        .isEqualTo("[------------------------]   0%  0/100000 rows  - rows/s  ETA -:--");
  }

  @Test
  void drawsRowsAndRateAloneWithoutATotal() {
    assertThat(Progress.bar(4000, -1, 812.6)).isEqualTo("4000 rows  813 rows/s");
    assertThat(Progress.line("exported", 4000, -1, 812.6))
        .isEqualTo("exported 4000 rows, 813 rows/s");
  }

  @Test
  void writesALineForALog() {
    assertThat(Progress.line("imported", 10_000, 100_000, 2000.0))
        .isEqualTo("imported 10000 of 100000 rows (10%), 2000 rows/s, ETA 0:45");
  }

  @ParameterizedTest(name = "{0} left at {1}/s: {2}")
  @CsvSource({
    "1, 1000.0, 0:01",
    "59, 1.0, 0:59",
    "61, 1.0, 1:01",
    "3599, 1.0, 59:59",
    "3600, 1.0, 1:00:00",
    "90061, 1.0, 25:01:01",
    "0, 0.0, 0:00",
    "5, 0.0, -:--"
  })
  void tellsTheTimeLeftInMinutesOrHours(long left, double rate, String eta) {
    assertThat(Progress.eta(100 - left, 100, rate)).isEqualTo(eta);
  }

  @Test
  void choosesABarOnATerminalAndLinesElsewhereUnlessTold() {
    assertThat(Progress.Style.of("auto", true)).isEqualTo(Progress.Style.BAR);
    assertThat(Progress.Style.of("auto", false)).isEqualTo(Progress.Style.LINES);
    assertThat(Progress.Style.of("bar", false)).isEqualTo(Progress.Style.BAR);
    assertThat(Progress.Style.of("lines", true)).isEqualTo(Progress.Style.LINES);
    assertThat(Progress.Style.of("none", true)).isEqualTo(Progress.Style.NONE);
  }

  @Test
  void refusesAnUnknownProgressStyleAsAUsageError() {
    assertThatThrownBy(() -> Progress.Style.of("always", true))
        .isInstanceOfSatisfying(
            CommandFailure.class,
            failure -> {
              assertThat(failure.exitCode()).isEqualTo(2);
              assertThat(failure.lines())
                  .containsExactly("--progress must be auto, bar, lines or none; got 'always'");
            });
  }

  @Test
  void redrawsTheBarInPlaceAtMostTenTimesASecond() {
    Progress progress = progress(Progress.Style.BAR, 1000, 0);
    progress.advance(100);
    now.addAndGet(SECOND / 20);
    progress.advance(200);
    now.addAndGet(SECOND / 20);
    progress.advance(300);

    assertThat(printed())
        .isEqualTo(
            "\r[##----------------------]  10%  100/1000 rows  - rows/s  ETA -:--"
                + "\r[#######-----------------]  30%  300/1000 rows  3000 rows/s  ETA 0:01");
  }

  @Test
  void printsANoteAboveTheBarAndDrawsTheBarAgainBelowIt() {
    Progress progress = progress(Progress.Style.BAR, 10, 0);
    progress.advance(5);
    now.addAndGet(SECOND);

    progress.note("line 3: ref-3: email invalid_format: email must be one address");
    progress.finish();

    String bar = "[############------------]  50%  5/10 rows  - rows/s  ETA -:--";
    assertThat(printed())
        .isEqualTo(
            "\r"
                + bar
                + "\r"
                + " ".repeat(bar.length())
                + "\r"
                + "line 3: ref-3: email invalid_format: email must be one address\n"
                + "\r[############------------]  50%  5/10 rows  5 rows/s  ETA 0:01"
                + "\r[############------------]  50%  5/10 rows  5 rows/s  ETA 0:01\n");
  }

  @Test
  void padsAShorterBarOverTheLongerOneBeforeIt() {
    Progress progress = progress(Progress.Style.BAR, -1, 0);
    now.addAndGet(SECOND);
    progress.advance(10_000);
    now.addAndGet(9 * SECOND);
    progress.advance(10_010);

    assertThat(printed()).isEqualTo("\r10000 rows  10000 rows/s\r10010 rows  1001 rows/s ");
  }

  @Test
  void printsALineAtEachTenthOfTheWayButNotAtTheEnd() {
    Progress progress = progress(Progress.Style.LINES, 1000, 0);
    for (long done = 50; done <= 1000; done += 50) {
      now.addAndGet(SECOND / 10);
      progress.advance(done);
    }
    progress.finish();

    assertThat(printed())
        .isEqualTo(
            """
            imported 100 of 1000 rows (10%), 500 rows/s, ETA 0:02
            imported 200 of 1000 rows (20%), 500 rows/s, ETA 0:02
            imported 300 of 1000 rows (30%), 500 rows/s, ETA 0:02
            imported 400 of 1000 rows (40%), 500 rows/s, ETA 0:02
            imported 500 of 1000 rows (50%), 500 rows/s, ETA 0:01
            imported 600 of 1000 rows (60%), 500 rows/s, ETA 0:01
            imported 700 of 1000 rows (70%), 500 rows/s, ETA 0:01
            imported 800 of 1000 rows (80%), 500 rows/s, ETA 0:01
            imported 900 of 1000 rows (90%), 500 rows/s, ETA 0:01
            """);
  }

  @Test
  void printsALineEveryTenSecondsWhenTheTenthsComeSlowly() {
    Progress progress = progress(Progress.Style.LINES, 1_000_000, 0);
    for (long done = 1000; done <= 25_000; done += 1000) {
      now.addAndGet(SECOND);
      progress.advance(done);
    }

    assertThat(printed())
        .isEqualTo(
            """
            imported 10000 of 1000000 rows (1%), 1000 rows/s, ETA 16:30
            imported 20000 of 1000000 rows (2%), 1000 rows/s, ETA 16:20
            """);
  }

  @Test
  void countsTheRateOfThisRunAloneWhenResumed() {
    Progress progress = progress(Progress.Style.LINES, 1000, 400);
    now.addAndGet(SECOND);
    progress.advance(500);

    assertThat(printed()).isEqualTo("imported 500 of 1000 rows (50%), 100 rows/s, ETA 0:05\n");
  }

  @Test
  void printsNothingButNotesWhenToldNone() {
    Progress progress = progress(Progress.Style.NONE, 10, 0);
    progress.advance(5);
    progress.note("line 2: -: invalid_json: not a JSON object: the line holds an array");
    progress.finish();

    assertThat(printed())
        .isEqualTo("line 2: -: invalid_json: not a JSON object: the line holds an array\n");
  }
}
