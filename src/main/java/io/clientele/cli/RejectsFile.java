package io.clientele.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clientele.server.Json;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code --rejects} file: one JSON line per rejected row, {@code {"line","reference",
 * "errors":[{"field","code","message"}]}}. Resuming into the same file cuts it back to the length
 * the state recorded, so the rows of a batch sent again are not listed twice. Without {@code
 * --rejects} it writes nothing.
 */
final class RejectsFile implements Closeable {
  private final FileChannel channel;

  private RejectsFile(FileChannel channel) {
    this.channel = channel;
  }

  static RejectsFile open(Path file, TransferState.Import state) throws IOException {
    if (file == null) {
      return new RejectsFile(null);
    }
    FileChannel channel =
        TransferState.create(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    long keep = file.toString().equals(state.rejects()) ? state.rejectsBytes() : 0;
    channel.truncate(Math.min(keep, channel.size()));
    channel.position(channel.size());
    return new RejectsFile(channel);
  }

  void write(Import.Rejection rejection) throws IOException {
    if (channel == null) {
      return;
    }
    ObjectNode line = JsonNodeFactory.instance.objectNode();
    line.put("line", rejection.line()).put("reference", rejection.reference());
    ArrayNode errors = line.putArray("errors");
    for (ImportRows.Problem problem : rejection.problems()) {
      errors
          .addObject()
          .put("field", problem.field())
          .put("code", problem.code())
          .put("message", problem.message());
    }
    byte[] json = Json.mapper().writeValueAsBytes(line);
    ByteBuffer bytes = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** Forces what was written to disk, before the state that counts it is. */
  void force() throws IOException {
    if (channel != null) {
      channel.force(true);
    }
  }

  /** The length of the file, which a resumed run cuts it back to. */
  long bytes() throws IOException {
    return channel == null ? 0 : channel.size();
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
