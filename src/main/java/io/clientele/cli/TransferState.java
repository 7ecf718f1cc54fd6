package io.clientele.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.clientele.server.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The small files that make an export or an import resumable, and the file handling they need. A
 * state is written whole to a temporary file, forced to disk and renamed over the old one, so a
 * kill at any moment leaves the old state or the new one, never a mix. Files made here hold
 * customers' data, or point into it, so they are created readable by their owner only.
 */
final class TransferState {
  private TransferState() {}

  /**
   * An export's progress: the cursor of the next page, whether the last page is written, and the
   * bytes and rows of the {@code .part} file the state vouches for.
   */
  record Export(
      String merchant, String format, String cursor, boolean done, long bytes, long rows) {}

  /**
   * An import's progress: the input as it was (size, modification time), the offset and line after
   * the last acknowledged batch, the counts so far, and how long the rejects file then was.
   */
  record Import(
      String merchant,
      String format,
      long size,
      String modified,
      long offset,
      long line,
      long rows,
      long created,
      long unchanged,
      long rejected,
      String rejects,
      @JsonProperty("rejects_bytes") long rejectsBytes) {}

  /**
   * The state in {@code file}, if there is one; a file that is not a state of this kind is refused
   * (exit 2), naming it, since it is safer to start over than to guess.
   */
  static <T> Optional<T> read(Path file, Class<T> type) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().readValue(Files.readAllBytes(file), type));
    } catch (IOException e) {
      throw new CommandFailure(
          Cli.CONFIG_ERROR,
          List.of(
              "cannot read the state file "
                  + file
                  + " ("
                  + e.getClass().getSimpleName()
                  + "); delete it to start over"));
    }
  }

  /** Replaces {@code file} with the state, durably: temporary file, force, rename, force. */
  static void write(Path file, Object state) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel =
        create(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(Json.mapper().writeValueAsBytes(state));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(file);
  }

  /** A failure to read or write a file, in one line naming the file and the system's reason. */
  static CommandFailure failure(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException missing) {
      return CommandFailure.of(missing.getFile() + ": no such file or directory");
    }
    if (e instanceof java.nio.file.AccessDeniedException denied) {
      return CommandFailure.of(denied.getFile() + ": permission denied");
    }
    if (e instanceof java.nio.file.FileSystemException system) {
      return CommandFailure.of(
          system.getFile() + ": " + (system.getReason() == null ? "failed" : system.getReason()));
    }
    return CommandFailure.of(
        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  /** Removes {@code file}, if it is there, and makes the removal durable. */
  static void delete(Path file) throws IOException {
    if (Files.deleteIfExists(file)) {
      syncDirectory(file);
    }
  }

  /** Opens a channel on {@code file}, which is created readable and writable by its owner only. */
  static FileChannel create(Path file, StandardOpenOption... options) throws IOException {
    Set<StandardOpenOption> opened = Set.of(options);
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] ownerOnly =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    return FileChannel.open(file, opened, ownerOnly);
  }

  /**
   * Forces the directory holding {@code file}, so a rename or removal in it survives a crash; where
   * the platform cannot open a directory (Windows), the rename is left to the file system.
   */
  static void syncDirectory(Path file) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (java.nio.file.AccessDeniedException | UnsupportedOperationException e) {
      // Not a directory one may open for reading here; nothing more can be asked.
    }
  }
}
