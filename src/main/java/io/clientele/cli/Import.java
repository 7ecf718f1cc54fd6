package io.clientele.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code customers import}: a file's rows in batches, each sent until the server answers it and
 * then recorded in a state file, so a run cut off anywhere resumes after the last acknowledged
 * batch. A batch whose answer was lost is sent again, and the server finds its rows unchanged.
 */
final class Import {
  /** Leaves a quarter of the server's 1 MiB body limit to spare. */
  static final int MAX_BATCH_BYTES = 768 * 1024;

  static final int MAX_BATCH_ROWS = 1000;

  /** What one import asks for: which merchant, which file, how, and where to keep track. */
  record Request(
      String merchant,
      Path file,
      CustomerFile.Format format,
      int batchRows,
      int inFlight,
      Path rejects,
      Path state,
      Progress.Style style) {}

  /** A row that will not be stored, and why: the server's reasons, or the reader's. */
  record Rejection(long line, String reference, List<ImportRows.Problem> problems) {}

  private final Request request;
  private final Session session;
  private final PrintStream err;
  private Progress progress;
  private RejectsFile rejects;

  Import(Request request, Session session, PrintStream err) {
    this.request = request;
    this.session = session;
    this.err = err;
    this.progress = Progress.none(err);
  }

  /** Imports the rest of the file; answers the exit status, 1 when any row was rejected. */
  int run() throws IOException {
    long size = Files.size(request.file());
    String modified = Files.getLastModifiedTime(request.file()).toString();
    TransferState.Import state = interrupted(size, modified);
    long resumedAt = state == null ? -1 : state.line();
    ImportRows.Header header =
        request.format() == CustomerFile.Format.CSV ? ImportRows.csvHeader(request.file()) : null;
    long started = System.nanoTime();
    long total =
        header != null || request.style() != Progress.Style.NONE
            ? ImportRows.count(request.format(), request.file(), header)
            : -1;
    if (state == null) {
      state = fresh(size, modified, header);
      TransferState.write(request.state(), state);
    }
    progress =
        new Progress(err, request.style(), "imported", total, state.rows(), System::nanoTime);
    long startRows = state.rows();
    try (RejectsFile opened = RejectsFile.open(request.rejects(), state);
        ImportRows rows =
            ImportRows.open(
                request.format(), request.file(), state.offset(), state.line(), header)) {
      rejects = opened;
      state = importAll(rows, state);
    }
    progress.finish();
    TransferState.delete(request.state());
    summarise(state, state.rows() - startRows, resumedAt, started);
    return state.rejected() == 0 ? 0 : Cli.RUNTIME_ERROR;
  }

  /**
   * The state before the first row, written before any request so that a state file that cannot be
   * written stops the import before the server has seen a row.
   */
  private TransferState.Import fresh(long size, String modified, ImportRows.Header header) {
    return new TransferState.Import(
        request.merchant(),
        request.format().wireName(),
        size,
        modified,
        header == null ? 0 : header.end(),
        header == null ? 1 : header.nextLine(),
        0,
        0,
        0,
        0,
        name(request.rejects()),
        0);
  }

  /**
   * Reads the batches and keeps up to the request's number of them at the server at once, settling
   * each in file order: the next batch is read and parsed while the one before is inserted, and the
   * state only ever moves past batches answered in full before it.
   */
  private TransferState.Import importAll(ImportRows rows, TransferState.Import state)
      throws IOException {
    int inFlight = request.inFlight();
    ExecutorService senders = Executors.newFixedThreadPool(inFlight, Import::senderThread);
    Deque<Sent> sent = new ArrayDeque<>();
    try {
      ImportBatch batch = new ImportBatch(request.batchRows());
      for (ImportRows.Row row = rows.next(); row != null; row = rows.next()) {
        if (!batch.fits(row)) {
          sent.add(send(batch, senders));
          if (sent.size() == inFlight) {
            state = settle(sent.poll(), state);
          }
          batch = new ImportBatch(request.batchRows());
        }
        batch.add(row);
      }
      if (!batch.isEmpty()) {
        sent.add(send(batch, senders));
      }
      while (!sent.isEmpty()) {
        state = settle(sent.poll(), state);
      }
      return state;
    } finally {
      senders.shutdownNow();
    }
  }

  /**
   * The most batches at the server at once. Two measured 1.2 times one's rate (100,000 customers,
   * PostgreSQL, median of three runs each): reading and the server's parsing overlap the database's
   * inserting, which takes a merchant's batches one at a time whatever this is.
   */
  static final int MAX_IN_FLIGHT = 4;

  private static Thread senderThread(Runnable task) {
    Thread thread = new Thread(task, "clientele-import-sender");
    thread.setDaemon(true);
    return thread;
  }

  /** A batch on its way, and its answer to come ({@code null} when no row of it was sent). */
  private record Sent(ImportBatch batch, Future<JsonNode> answer) {}

  private Sent send(ImportBatch batch, ExecutorService senders) {
    if (batch.sent() == 0) {
      return new Sent(batch, CompletableFuture.completedFuture(null));
    }
    String path = AdminClient.path("merchants", request.merchant(), "customers", "import");
    return new Sent(
        batch, senders.submit(() -> session.api().repeatable(path, batch.body(), this::note)));
  }

  /** The batch's answer, once it has come; a failure says from where the run can resume. */
  private JsonNode answer(Sent sent, TransferState.Import state) throws IOException {
    try {
      return sent.answer().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CommandFailure.of("interrupted while importing" + resumeHint(state));
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof CommandFailure failure)) {
        throw new IllegalStateException("an import batch failed unexpectedly", e.getCause());
      }
      if (state.rows() == 0) {
        TransferState.delete(request.state());
      }
      List<String> lines = new ArrayList<>(failure.lines());
      lines.add(
          state.rows() == 0
              ? "the server acknowledged no batch of "
                  + request.file()
                  + " yet; run the same command again to start"
              : "stopped at line "
                  + state.line()
                  + " of "
                  + request.file()
                  + ": every row before it is imported; run the same command again to resume"
                  + " there");
      throw new CommandFailure(failure.exitCode(), lines);
    }
  }

  /**
   * The state of an interrupted import of this file into this merchant, or null to start from the
   * top; one of another merchant or format, or of a file that has changed since, is refused. A
   * state from before the first acknowledged batch protects nothing and is started over.
   */
  private TransferState.Import interrupted(long size, String modified) {
    TransferState.Import state =
        TransferState.read(request.state(), TransferState.Import.class).orElse(null);
    if (state == null || state.rows() == 0) {
      return null;
    }
    String startOver = "; to import it from the top, delete " + request.state();
    if (!request.merchant().equals(state.merchant())
        || !request.format().wireName().equals(state.format())) {
      throw refused(
          request.state()
              + " records an interrupted import of "
              + request.file()
              + " into merchant "
              + state.merchant()
              + " as "
              + state.format()
              + "; resume it with that merchant and --format "
              + state.format()
              + startOver);
    }
    if (state.size() != size || !modified.equals(state.modified())) {
      throw refused(
          request.file()
              + " has changed since the interrupted import recorded in "
              + request.state()
              + " (it was "
              + state.size()
              + " bytes, modified "
              + state.modified()
              + "; it is "
              + size
              + " bytes, modified "
              + modified
              + ")"
              + startOver);
    }
    return state;
  }

  private static CommandFailure refused(String problem) {
    return new CommandFailure(Cli.CONFIG_ERROR, List.of(problem));
  }

  /**
   * Waits for a batch's answer, reports its rejected rows, and records the state after it: rejects
   * file first, then state, each forced to disk.
   */
  private TransferState.Import settle(Sent sent, TransferState.Import state) throws IOException {
    ImportBatch batch = sent.batch();
    List<Rejection> rejected = new ArrayList<>(batch.rejectedHere());
    long created = 0;
    long unchanged = 0;
    if (batch.sent() > 0) {
      JsonNode answer = answer(sent, state);
      if (!answer.path("created").canConvertToLong()
          || !answer.path("unchanged").canConvertToLong()
          || !answer.path("rejected").isArray()) {
        throw CommandFailure.of(
            "the answer of the server is not an import result; is it a Clientele server?");
      }
      created = answer.path("created").longValue();
      unchanged = answer.path("unchanged").longValue();
      for (JsonNode row : answer.path("rejected")) {
        rejected.add(batch.rejection(row));
      }
      if (created + unchanged + answer.path("rejected").size() != batch.sent()) {
        throw CommandFailure.of(
            "the server answered for "
                + (created + unchanged + answer.path("rejected").size())
                + " of the "
                + batch.sent()
                + " rows sent; stopped"
                + resumeHint(state));
      }
    }
    rejected.sort(Comparator.comparingLong(Rejection::line));
    for (Rejection rejection : rejected) {
      report(rejection);
    }
    rejects.force();
    TransferState.Import next =
        new TransferState.Import(
            state.merchant(),
            state.format(),
            state.size(),
            state.modified(),
            batch.end(),
            batch.nextLine(),
            state.rows() + batch.rows(),
            state.created() + created,
            state.unchanged() + unchanged,
            state.rejected() + rejected.size(),
            name(request.rejects()),
            rejects.bytes());
    TransferState.write(request.state(), next);
    progress.advance(next.rows());
    return next;
  }

  private String resumeHint(TransferState.Import state) {
    return "; run the same command again to resume at line " + state.line();
  }

  /** Each of the row's problems as one line on stderr, and the row as one line of the file. */
  private void report(Rejection rejection) throws IOException {
    String reference =
        rejection.reference() == null || rejection.reference().isEmpty()
            ? "-"
            : rejection.reference();
    for (ImportRows.Problem problem : rejection.problems()) {
      progress.note(
          "line "
              + rejection.line()
              + ": "
              + reference
              + ": "
              + (problem.field() == null ? "" : problem.field() + " ")
              + problem.code()
              + ": "
              + problem.message());
    }
    rejects.write(rejection);
  }

  /** A retry's notice, from a sender's thread; progress keeps its lines whole. */
  private void note(String line) {
    progress.note("clientele: " + line);
  }

  private static String name(Path file) {
    return file == null ? null : file.toString();
  }

  private void summarise(TransferState.Import state, long rows, long resumedAt, long started) {
    double seconds = (System.nanoTime() - started) / 1e9;
    long rate = Math.round(rows / Math.max(seconds, 1e-3));
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("merchant", request.merchant())
        .put("file", request.file().toString())
        .put("format", request.format().wireName())
        .put("created", state.created())
        .put("unchanged", state.unchanged())
        .put("rejected", state.rejected())
        .put("rejects_file", name(request.rejects()));
    if (resumedAt < 0) {
      json.putNull("resumed_at_line");
    } else {
      json.put("resumed_at_line", resumedAt);
    }
    json.put("rows", rows)
        .put("seconds", Math.round(seconds * 1000) / 1000.0)
        .put("rows_per_second", rate);
    String where =
        state.rejected() == 0
            ? ""
            : request.rejects() == null
                ? " (reported above on stderr)"
                : " (reported above on stderr and in " + request.rejects() + ")";
    session
        .output()
        .summary(
            json,
            String.format(
                Locale.ROOT,
                "Imported %s into %s: %d created, %d unchanged, %d rejected%s; %s%d rows in"
                    + " %.2f s, %d rows/s.",
                request.file(),
                request.merchant(),
                state.created(),
                state.unchanged(),
                state.rejected(),
                where,
                resumedAt < 0 ? "" : "resumed at line " + resumedAt + ", ",
                rows,
                seconds,
                rate));
  }
}
