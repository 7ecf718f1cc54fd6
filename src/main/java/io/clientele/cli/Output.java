package io.clientele.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.server.Json;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * Where an admin command's answer goes: a table on stdout for people, or with {@code --json} the
 * admin API's JSON on stdout, one document on one line, and nothing else there.
 */
final class Output {
  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;

  Output(PrintStream out, PrintStream err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** The answer as JSON, or as the table {@code table} makes of it. */
  void print(JsonNode answer, Function<JsonNode, Table> table) {
    if (json) {
      out.println(write(answer));
    } else {
      table.apply(answer).print(out);
    }
  }

  /**
   * The closing summary of a long command: the JSON object on one line, or the sentence for people.
   */
  void summary(JsonNode json, String line) {
    out.println(this.json ? write(json) : line);
  }

  /** A line for people below a table; a JSON answer already says it, so it is left out there. */
  void hint(String line) {
    if (!json) {
      out.println(line);
    }
  }

  /**
   * A line people must see whichever the form: below the table, or on stderr beside the JSON so
   * stdout stays one document.
   */
  void notice(String line) {
    (json ? err : out).println(line);
  }

  private static String write(JsonNode answer) {
    try {
      return Json.mapper().writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an answer is not serialisable", e);
    }
  }
}
