package io.clientele.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file's bytes from an offset, buffered, knowing the offset of the next byte: what lets an import
 * record exactly where a row ends and start there again. A UTF-8 byte order mark at the start of
 * the file is skipped.
 */
final class ByteInput implements Closeable {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final InputStream in;
  private final byte[] buffer = new byte[64 * 1024];
  private int next;
  private int end;
  private long position;

  private ByteInput(InputStream in, long position) {
    this.in = in;
    this.position = position;
  }

  static ByteInput open(Path file, long offset) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    channel.position(offset);
    ByteInput input = new ByteInput(Channels.newInputStream(channel), offset);
    if (offset == 0) {
      input.skipByteOrderMark();
    }
    return input;
  }

  private void skipByteOrderMark() throws IOException {
    fill();
    if (end >= BOM.length && buffer[0] == BOM[0] && buffer[1] == BOM[1] && buffer[2] == BOM[2]) {
      next = BOM.length;
      position = BOM.length;
    }
  }

  /** The next byte, 0 to 255, or -1 at the end of the file. */
  int read() throws IOException {
    if (next == end && !fill()) {
      return -1;
    }
    position++;
    return buffer[next++] & 0xff;
  }

  /** The byte {@link #read} would return, without taking it. */
  int peek() throws IOException {
    if (next == end && !fill()) {
      return -1;
    }
    return buffer[next] & 0xff;
  }

  /** The offset in the file of the byte {@link #read} returns next. */
  long position() {
    return position;
  }

  private boolean fill() throws IOException {
    int read = in.readNBytes(buffer, 0, buffer.length);
    next = 0;
    end = Math.max(read, 0);
    return end > 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
