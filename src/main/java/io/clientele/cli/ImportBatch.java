package io.clientele.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one import request, at most a given number and {@link Import#MAX_BATCH_BYTES} of
 * JSON, written straight into the request's body; rows rejected while reading ride along, so the
 * batch's end is where the next one starts whatever its rows were.
 */
final class ImportBatch {
  private static final byte[] OPEN = "{\"customers\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

  private final int maxRows;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final List<Long> sentLines = new ArrayList<>();
  private final List<Import.Rejection> rejectedHere = new ArrayList<>();
  private int rows;
  private long end;
  private long nextLine;

  ImportBatch(int maxRows) {
    this.maxRows = maxRows;
    body.writeBytes(OPEN);
  }

  /** Whether the row may join: the batch has room for one more row and for its JSON. */
  boolean fits(ImportRows.Row row) {
    return rows < maxRows
        && (row.rejected()
            || body.size() + 1 + row.json().length + CLOSE.length <= Import.MAX_BATCH_BYTES);
  }

  void add(ImportRows.Row row) {
    rows++;
    end = row.end();
    nextLine = row.nextLine();
    if (row.rejected()) {
      rejectedHere.add(new Import.Rejection(row.line(), row.reference(), row.problems()));
      return;
    }
    if (!sentLines.isEmpty()) {
      body.write(',');
    }
    body.writeBytes(row.json());
    sentLines.add(row.line());
  }

  boolean isEmpty() {
    return rows == 0;
  }

  /** Every row of the batch, sent or not. */
  int rows() {
    return rows;
  }

  /** The rows that go to the server. */
  int sent() {
    return sentLines.size();
  }

  /** The offset after the batch's last row, and the physical line number there. */
  long end() {
    return end;
  }

  long nextLine() {
    return nextLine;
  }

  List<Import.Rejection> rejectedHere() {
    return rejectedHere;
  }

  /** The request's body: {@code {"customers":[…]}}. */
  byte[] body() {
    ByteArrayOutputStream whole = new ByteArrayOutputStream(body.size() + CLOSE.length);
    whole.writeBytes(body.toByteArray());
    whole.writeBytes(CLOSE);
    return whole.toByteArray();
  }

  /** A row of the server's {@code rejected} list, placed on its line by its index. */
  Import.Rejection rejection(JsonNode rejected) {
    int index = rejected.path("index").asInt(-1);
    if (!rejected.path("index").canConvertToInt() || index < 0 || index >= sentLines.size()) {
      throw CommandFailure.of(
          "the server rejected a row at index "
              + rejected.path("index")
              + " of a batch of "
              + sentLines.size());
    }
    List<ImportRows.Problem> problems = new ArrayList<>();
    for (JsonNode error : rejected.path("errors")) {
      problems.add(
          new ImportRows.Problem(
              error.path("field").textValue(),
              error.path("code").asText(),
              error.path("message").asText()));
    }
    return new Import.Rejection(
        sentLines.get(index), rejected.path("reference").textValue(), problems);
  }
}
