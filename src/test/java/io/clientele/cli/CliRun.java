package io.clientele.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One in-process run of the command line: its exit status, stdout and stderr. */
record CliRun(int code, String out, String err) {

  /** Runs with exactly the given environment, so the machine's own variables play no part. */
  static CliRun run(Map<String, String> environment, String... args) {
    return run(environment, AdminClient.Retry.DEFAULT, args);
  }

  /** Runs with a retry policy of the test's, so a failing server is tried again without waiting. */
  static CliRun run(Map<String, String> environment, AdminClient.Retry retry, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Cli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            environment,
            retry);
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The arguments, then {@code more}: how a test adds the server and token to a command. */
  static String[] with(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /**
   * Rows as the tables print them, stated independently of {@link Table}: columns left-aligned as
   * wide as their widest cell, two spaces apart, no space at a line's end.
   */
  static String aligned(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    rows.forEach(row -> Arrays.setAll(widths, i -> Math.max(widths[i], row.get(i).length())));
    StringBuilder text = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }

  static CliRun success(String out) {
    return new CliRun(0, out, "");
  }

  static CliRun failure(String err) {
    return new CliRun(1, "", err);
  }
}
