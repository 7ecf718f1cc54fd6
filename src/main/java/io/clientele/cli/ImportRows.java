package io.clientele.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.server.Json;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of a file to import, read one at a time from a byte offset: each with the physical line
 * it starts on and the offset after it, and either the JSON object a batch sends or the reasons it
 * was rejected here, before any request. A JSON Lines row is sent as its line's own bytes; a CSV
 * row becomes an object of its non-empty cells.
 */
final class ImportRows implements Closeable {
  /** The most JSON one row may take; a larger one could not share a request with any other. */
  static final int MAX_ROW_BYTES = 64 * 1024;

  /** A reason a row is refused: a field (or {@code null} for the whole row), a code, a sentence. */
  record Problem(String field, String code, String message) {}

  /**
   * A row: the line it starts on, the offset and line number after it, and {@code json} when it
   * goes to the server, else {@code problems} saying why not.
   */
  record Row(
      long line, long end, long nextLine, byte[] json, String reference, List<Problem> problems) {
    boolean rejected() {
      return json == null;
    }
  }

  /** A CSV file's first record: its columns, and where the rows after it start. */
  record Header(List<String> columns, long end, long nextLine) {}

  private final CustomerFile.Format format;
  private final ByteInput in;
  private final Header header;
  private final CsvReader csv;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  /**
   * The line being read, grown as lines need; a plain array, as the stream's synchronised write per
   * byte took a third of an import's CPU in the client.
   */
  private byte[] lineBytes = new byte[4096];

  private long line;

  private ImportRows(CustomerFile.Format format, ByteInput in, Header header, long line) {
    this.format = format;
    this.in = in;
    this.header = header;
    this.line = line;
    this.csv = format == CustomerFile.Format.CSV ? new CsvReader(in, line) : null;
  }

  /**
   * The rows from {@code offset}, where physical line {@code line} starts; for CSV, {@code header}
   * names the cells.
   */
  static ImportRows open(
      CustomerFile.Format format, Path file, long offset, long line, Header header)
      throws IOException {
    return new ImportRows(format, ByteInput.open(file, offset), header, line);
  }

  /**
   * The header of a CSV file, refused (exit 2) with a column this client does not know, a column
   * named twice, or without {@code reference}, which every row needs.
   */
  static Header csvHeader(Path file) throws IOException {
    try (ByteInput in = ByteInput.open(file, 0)) {
      CsvReader reader = new CsvReader(in, 1);
      CsvReader.Record first = reader.next();
      if (first == null) {
        throw refused(file + " is empty: a CSV import starts with a header of column names");
      }
      Set<String> seen = new HashSet<>();
      for (String column : first.cells()) {
        if (!CustomerFile.COLUMNS.contains(column)) {
          throw refused(
              file
                  + ": the header names an unknown column '"
                  + column
                  + "'; the columns are "
                  + String.join(",", CustomerFile.COLUMNS));
        }
        if (!seen.add(column)) {
          throw refused(file + ": the header names the column " + column + " twice");
        }
      }
      if (!seen.contains("reference")) {
        throw refused(file + ": the header has no reference column, which every row needs");
      }
      return new Header(first.cells(), first.end(), reader.line());
    } catch (CsvReader.Malformed e) {
      throw refused(file + " is not CSV: " + e.getMessage());
    }
  }

  /**
   * How many rows the file holds. A CSV file is read whole, so one that is not CSV is refused (exit
   * 2) before any row is sent.
   */
  static long count(CustomerFile.Format format, Path file, Header header) throws IOException {
    long rows = 0;
    try (ByteInput in = ByteInput.open(file, header == null ? 0 : header.end())) {
      if (format == CustomerFile.Format.CSV) {
        CsvReader reader = new CsvReader(in, header.nextLine());
        while (reader.next() != null) {
          rows++;
        }
        return rows;
      }
      boolean text = false;
      for (int b = in.read(); b != -1; b = in.read()) {
        if (b == '\n') {
          rows += text ? 1 : 0;
          text = false;
        } else if (!isSpace(b)) {
          text = true;
        }
      }
      return rows + (text ? 1 : 0);
    } catch (CsvReader.Malformed e) {
      throw refused(file + " is not CSV: " + e.getMessage());
    }
  }

  private static CommandFailure refused(String problem) {
    return new CommandFailure(Cli.CONFIG_ERROR, List.of(problem));
  }

  /** The next row, or {@code null} at the end of the file. */
  Row next() throws IOException {
    if (format == CustomerFile.Format.JSONL) {
      return nextLine();
    }
    try {
      CsvReader.Record record = csv.next();
      return record == null ? null : csvRow(record);
    } catch (CsvReader.Malformed e) {
      throw CommandFailure.of(
          "the file is no longer CSV at " + e.getMessage() + "; did it change while importing?");
    }
  }

  /** The next line holding more than white space, as it is: JSON Lines needs no conversion. */
  private Row nextLine() throws IOException {
    while (in.peek() != -1) {
      long start = line;
      int kept = 0;
      boolean text = false;
      long length = 0;
      for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
        text |= !isSpace(b);
        if (++length <= MAX_ROW_BYTES + 1) {
          if (kept == lineBytes.length) {
            lineBytes = Arrays.copyOf(lineBytes, Math.min(2 * kept, MAX_ROW_BYTES + 1));
          }
          lineBytes[kept++] = (byte) b;
        }
      }
      line++;
      if (!text) {
        continue;
      }
      if (length > MAX_ROW_BYTES + 1) {
        return new Row(start, in.position(), line, null, null, List.of(tooLarge(length)));
      }
      byte[] bytes = lineBytes;
      int size = bytes[kept - 1] == '\r' ? kept - 1 : kept;
      if (size > MAX_ROW_BYTES) {
        return new Row(start, in.position(), line, null, null, List.of(tooLarge(size)));
      }
      String problem = notOneObject(bytes, size);
      return problem == null
          ? new Row(start, in.position(), line, Arrays.copyOf(bytes, size), null, List.of())
          : new Row(
              start,
              in.position(),
              line,
              null,
              null,
              List.of(new Problem(null, "invalid_json", "not a JSON object: " + problem)));
    }
    return null;
  }

  /** Parses lines for their form only; the names given twice are found by {@link #notOneObject}. */
  private static final JsonFactory LINES = new JsonFactory();

  /**
   * Why the bytes are not exactly one JSON object, as the server reads bodies (a key given twice is
   * refused), or {@code null} when they are.
   */
  static String notOneObject(byte[] bytes, int length) {
    try (JsonParser parser = LINES.createParser(bytes, 0, length)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        return "the line holds " + kind(first);
      }
      // Every token is read, so that a key given twice in any object is found: by a scan of the
      // object's names so far, as a row's dozen or so names make a hash set (the parser's own
      // check) cost a third of the client's CPU.
      Deque<List<String>> names = new ArrayDeque<>();
      names.push(new ArrayList<>());
      while (!names.isEmpty()) {
        JsonToken token = parser.nextToken();
        if (token == null) {
          return "the object is never closed";
        }
        if (token == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          if (names.peek().contains(name)) {
            return "Duplicate field '" + name + "'";
          }
          names.peek().add(name);
        } else if (token == JsonToken.START_OBJECT) {
          names.push(new ArrayList<>());
        } else if (token == JsonToken.END_OBJECT) {
          names.pop();
        }
      }
      return parser.nextToken() == null ? null : "more than one JSON value on the line";
    } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
      return "the line ends inside a JSON value";
    } catch (JsonProcessingException e) {
      return e.getOriginalMessage();
    } catch (IOException e) {
      throw new IllegalStateException("reading bytes in memory failed", e);
    }
  }

  private static String kind(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> "null";
    };
  }

  /** A record as the object of its non-empty cells, by the header's names. */
  private Row csvRow(CsvReader.Record record) throws IOException {
    List<String> cells = record.cells();
    int at = header.columns().indexOf("reference");
    String reference = at < cells.size() && !cells.get(at).isEmpty() ? cells.get(at) : null;
    Problem problem = null;
    if (!record.utf8()) {
      problem = new Problem(null, "invalid_encoding", "the record is not UTF-8 text");
    } else if (cells.size() != header.columns().size()) {
      problem =
          new Problem(
              null,
              "invalid_record",
              "the record has "
                  + cells.size()
                  + " cells; the header has "
                  + header.columns().size());
    }
    if (problem != null) {
      return rejected(record, reference, problem);
    }
    buffer.reset();
    try (JsonGenerator json = Json.mapper().createGenerator(buffer)) {
      json.writeStartObject();
      for (int i = 0; i < cells.size(); i++) {
        String column = header.columns().get(i);
        if (cells.get(i).isEmpty()) {
          continue;
        }
        if (column.equals(CustomerFile.METADATA)) {
          Optional<JsonNode> metadata = Json.parse(cells.get(i).getBytes(StandardCharsets.UTF_8));
          if (metadata.isEmpty() || !metadata.get().isObject()) {
            return rejected(
                record,
                reference,
                new Problem(
                    CustomerFile.METADATA,
                    "invalid_format",
                    "metadata must be a JSON object, such as {\"tier\":\"gold\"}"));
          }
          json.writeFieldName(column);
          json.writeTree(metadata.get());
        } else {
          json.writeStringField(column, cells.get(i));
        }
      }
      json.writeEndObject();
    }
    if (buffer.size() > MAX_ROW_BYTES) {
      return rejected(record, reference, tooLarge(buffer.size()));
    }
    return new Row(
        record.line(), record.end(), csv.line(), buffer.toByteArray(), reference, List.of());
  }

  /** A record not sent, for {@code problem}. */
  private Row rejected(CsvReader.Record record, String reference, Problem problem) {
    return new Row(record.line(), record.end(), csv.line(), null, reference, List.of(problem));
  }

  private static Problem tooLarge(long bytes) {
    return new Problem(
        null,
        "too_large",
        "the row is " + bytes + " bytes of JSON; a row may take at most " + MAX_ROW_BYTES);
  }

  private static boolean isSpace(int b) {
    return b == ' ' || b == '\t' || b == '\r';
  }

  /** The physical line number of the next row's first byte. */
  long line() {
    return format == CustomerFile.Format.CSV ? csv.line() : line;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
