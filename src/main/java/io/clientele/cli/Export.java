package io.clientele.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code customers export}: every live customer of a merchant, page by page in id order, into
 * {@code FILE.part}, forced to disk with its state after each page; renamed to {@code FILE} once
 * the last page is in. Run again after an interruption, it cuts the part back to what its state
 * vouches for and goes on from the state's cursor.
 */
final class Export {
  /** What one export asks for: the merchant, where and how to write, whether to replace. */
  record Request(
      String merchant, Path file, CustomerFile.Format format, boolean force, Progress.Style style) {
    Path part() {
      return Path.of(file + ".part");
    }

    Path state() {
      return Path.of(file + ".export-state");
    }
  }

  private final Request request;
  private final Session session;
  private final PrintStream err;
  private Progress progress;
  private TransferState.Export state;

  Export(Request request, Session session, PrintStream err) {
    this.request = request;
    this.session = session;
    this.err = err;
    this.progress = Progress.none(err);
  }

  /**
   * The state of an interrupted export of the same merchant and format to this file, or null to
   * start afresh; an interrupted export of something else is refused, saying how to go on.
   */
  static TransferState.Export interrupted(Request request) throws IOException {
    TransferState.Export state =
        TransferState.read(request.state(), TransferState.Export.class).orElse(null);
    if (state == null) {
      return null;
    }
    if (!Files.exists(request.part())) {
      // The run renamed its part and stopped before removing the state: nothing to go on with.
      TransferState.delete(request.state());
      return null;
    }
    if (!request.merchant().equals(state.merchant())
        || !request.format().wireName().equals(state.format())) {
      throw new CommandFailure(
          Cli.CONFIG_ERROR,
          List.of(
              request.part()
                  + " is an interrupted export of merchant "
                  + state.merchant()
                  + " as "
                  + state.format()
                  + "; export "
                  + state.merchant()
                  + " with --format "
                  + state.format()
                  + " to finish it, or delete "
                  + request.part()
                  + " and "
                  + request.state()
                  + " to start over"));
    }
    if (Files.size(request.part()) < state.bytes()) {
      throw CommandFailure.of(
          request.part()
              + " is shorter than the "
              + state.bytes()
              + " bytes its state vouches for; delete it and "
              + request.state()
              + " to start over");
    }
    return state;
  }

  void run() throws IOException {
    state = interrupted(request);
    refuseToReplace();
    long started = System.nanoTime();
    long resumedAt = state == null ? -1 : state.rows();
    try (FileChannel out =
        TransferState.create(request.part(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      state = state == null ? begin(out) : resume(out, state);
      long startRows = state.rows();
      exportAll(out, started);
      progress.finish();
      finish();
      summarise(state.rows() - startRows, resumedAt, started, state.rows());
    } catch (CommandFailure failure) {
      throw stopped(failure);
    }
  }

  private void exportAll(FileChannel out, long started) throws IOException {
    String path = AdminClient.path("merchants", request.merchant(), "customers");
    Set<String> seen = new HashSet<>();
    boolean first = true;
    while (!state.done()) {
      JsonNode page =
          session.api().repeatable(path + query(state.cursor(), first), null, this::note);
      if (first) {
        progress = progressFrom(page, state.rows(), started);
        first = false;
      }
      state = write(out, page, state);
      if (state.cursor() != null && !seen.add(state.cursor())) {
        throw CommandFailure.of("the server answered the cursor " + state.cursor() + " twice");
      }
      progress.advance(state.rows());
    }
  }

  /**
   * A failure, and what is left: a part worth going on with, or none, since a part without a row
   * spares the next run nothing.
   */
  private CommandFailure stopped(CommandFailure failure) throws IOException {
    if (state == null || state.rows() == 0) {
      Files.deleteIfExists(request.part());
      TransferState.delete(request.state());
      return failure;
    }
    List<String> lines = new ArrayList<>(failure.lines());
    lines.add(
        request.part()
            + " holds the "
            + state.rows()
            + " customers exported so far; run the same command again to go on from there");
    return new CommandFailure(failure.exitCode(), lines);
  }

  private void refuseToReplace() {
    if (!request.force() && Files.exists(request.file())) {
      throw new CommandFailure(
          Cli.CONFIG_ERROR,
          List.of(request.file() + " exists; pass --force to replace it, or name another file"));
    }
  }

  private TransferState.Export begin(FileChannel out) throws IOException {
    out.truncate(0);
    byte[] header = CustomerFile.header(request.format());
    writeFully(out, header);
    out.force(true);
    TransferState.Export state =
        new TransferState.Export(
            request.merchant(), request.format().wireName(), null, false, header.length, 0);
    TransferState.write(request.state(), state);
    return state;
  }

  /** Cuts off whatever the interrupted run wrote after its last state. */
  private static TransferState.Export resume(FileChannel out, TransferState.Export state)
      throws IOException {
    out.truncate(state.bytes());
    out.position(state.bytes());
    out.force(true);
    return state;
  }

  private String query(String cursor, boolean first) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("limit", Integer.toString(CustomersCommand.SEARCH_PAGE_MAX));
    query.put("cursor", cursor);
    query.put("include", first && request.style() != Progress.Style.NONE ? "total" : null);
    return AdminClient.query(query);
  }

  private Progress progressFrom(JsonNode page, long done, long started) {
    long total = page.path("total").canConvertToLong() ? page.path("total").longValue() : -1;
    return new Progress(err, request.style(), "exported", total, done, System::nanoTime, started);
  }

  /** Appends a page's customers, forces them to disk, then records the new state. */
  private TransferState.Export write(FileChannel out, JsonNode page, TransferState.Export state)
      throws IOException {
    JsonNode customers = page.path("customers");
    JsonNode next = page.path("next_cursor");
    if (!customers.isArray() || !(next.isNull() || next.isTextual())) {
      throw CommandFailure.of(
          "the answer of the server holds no customers page; is it a Clientele server?");
    }
    ByteArrayOutputStream rows = new ByteArrayOutputStream();
    for (JsonNode customer : customers) {
      rows.write(CustomerFile.row(request.format(), customer));
    }
    writeFully(out, rows.toByteArray());
    out.force(true);
    TransferState.Export written =
        new TransferState.Export(
            state.merchant(),
            state.format(),
            next.textValue(),
            next.isNull(),
            state.bytes() + rows.size(),
            state.rows() + customers.size());
    TransferState.write(request.state(), written);
    return written;
  }

  private static void writeFully(FileChannel out, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }

  /** The part becomes the file in one rename; then the state, which vouched for it, goes. */
  private void finish() throws IOException {
    refuseToReplace();
    if (request.force()) {
      Files.move(
          request.part(),
          request.file(),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.move(request.part(), request.file(), StandardCopyOption.ATOMIC_MOVE);
    }
    TransferState.syncDirectory(request.file());
    TransferState.delete(request.state());
  }

  private void note(String line) {
    progress.note("clientele: " + line);
  }

  private void summarise(long rows, long resumedAt, long started, long total) {
    double seconds = (System.nanoTime() - started) / 1e9;
    long rate = Math.round(rows / Math.max(seconds, 1e-3));
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("merchant", request.merchant())
        .put("file", request.file().toString())
        .put("format", request.format().wireName())
        .put("customers", total);
    if (resumedAt < 0) {
      json.putNull("resumed_at_row");
    } else {
      json.put("resumed_at_row", resumedAt);
    }
    json.put("rows", rows)
        .put("seconds", Math.round(seconds * 1000) / 1000.0)
        .put("rows_per_second", rate);
    session
        .output()
        .summary(
            json,
            String.format(
                Locale.ROOT,
                "Exported %d customers of %s to %s (%s%s) in %.2f s, %d rows/s.",
                total,
                request.merchant(),
                request.file(),
                request.format().wireName(),
                resumedAt < 0 ? "" : ", resumed at row " + resumedAt,
                seconds,
                rate));
  }
}
