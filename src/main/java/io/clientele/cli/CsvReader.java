package io.clientele.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records of a UTF-8 file, read byte by byte: every byte that shapes a record (comma,
 * quote, CR, LF) is ASCII, and UTF-8 never uses an ASCII byte inside a character, so each record
 * knows the physical line it starts on and the byte offset after it. Records end with CRLF, LF or
 * CR; a quoted cell may hold any of them, and {@code ""} for a quote. Empty lines between records
 * are skipped. A quote inside an unquoted cell is kept as text.
 */
final class CsvReader {
  /** One record: its cells, the line it starts on, and the offset after its line break. */
  record Record(List<String> cells, long line, long end, boolean utf8) {}

  /** What makes the rest of a file unreadable: a quote never closed, text after a closing quote. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(long line, String problem) {
      super("line " + line + ": " + problem, null, false, false);
    }
  }

  private final ByteInput in;
  private final ByteArrayOutputStream cell = new ByteArrayOutputStream();
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private long line;

  /**
   * @param line the physical line number, from 1, of the input's first byte
   */
  CsvReader(ByteInput in, long line) {
    this.in = in;
    this.line = line;
  }

  /** The physical line number of the next byte. */
  long line() {
    return line;
  }

  /** The next record, or {@code null} at the end of the file. */
  Record next() throws IOException, Malformed {
    while (in.peek() == '\r' || in.peek() == '\n') {
      lineBreak(in.read());
    }
    if (in.peek() == -1) {
      return null;
    }
    long start = line;
    List<String> cells = new ArrayList<>();
    boolean valid = true;
    while (true) {
      cell.reset();
      if (in.peek() == '"') {
        quoted();
      } else {
        unquoted();
      }
      String text = decode();
      valid &= text != null;
      cells.add(text == null ? cell.toString(StandardCharsets.UTF_8) : text);
      int separator = in.read();
      if (separator != ',') {
        if (separator != -1) {
          lineBreak(separator);
        }
        return new Record(cells, start, in.position(), valid);
      }
    }
  }

  private void quoted() throws IOException, Malformed {
    long opened = line;
    in.read();
    while (true) {
      int b = in.read();
      if (b == -1) {
        throw new Malformed(opened, "the quoted cell opened here is never closed");
      }
      if (b == '"') {
        if (in.peek() != '"') {
          break;
        }
        in.read();
      } else if (b == '\n' || (b == '\r' && in.peek() != '\n')) {
        line++;
      }
      cell.write(b);
    }
    int after = in.peek();
    if (after != ',' && after != '\r' && after != '\n' && after != -1) {
      throw new Malformed(line, "a closing quote must end its cell, or be doubled inside it");
    }
  }

  private void unquoted() throws IOException {
    for (int b = in.peek(); b != ',' && b != '\r' && b != '\n' && b != -1; b = in.peek()) {
      cell.write(in.read());
    }
  }

  /** Takes the rest of a line break that began with {@code b}: CRLF counts once. */
  private void lineBreak(int b) throws IOException {
    if (b == '\r' && in.peek() == '\n') {
      in.read();
    }
    line++;
  }

  /** The cell as text, or {@code null} when its bytes are not UTF-8. */
  private String decode() {
    try {
      return utf8.decode(ByteBuffer.wrap(cell.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
