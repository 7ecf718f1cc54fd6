package io.clientele.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/** The node's data directory: secrets generated once are kept here, readable by the owner only. */
public final class DataDirectory {
  private final Path root;

  public DataDirectory(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path resolve(String name) {
    return root.resolve(name);
  }

  /**
   * Returns the secret stored under {@code name}, creating it with {@code generator} the first
   * time. Creation is atomic, so two processes sharing the directory agree on one value.
   */
  public Secret readOrCreate(String name, Supplier<String> generator) {
    Path file = root.resolve(name);
    try {
      Files.createDirectories(file.getParent());
      if (Files.exists(file)) {
        return new Secret(Files.readString(file, StandardCharsets.UTF_8).strip(), false);
      }
      String value = generator.get();
      Path temp = Files.createTempFile(file.getParent(), name.replace('/', '_'), ".tmp");
      restrictToOwner(temp);
      Files.writeString(temp, value + "\n", StandardCharsets.UTF_8);
      try {
        Files.createLink(file, temp);
      } catch (FileAlreadyExistsException raced) {
        Files.delete(temp);
        return new Secret(Files.readString(file, StandardCharsets.UTF_8).strip(), false);
      } catch (UnsupportedOperationException | IOException noHardLinks) {
        Files.move(temp, file);
        return new Secret(value, true);
      }
      Files.delete(temp);
      return new Secret(value, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
    }
  }

  static void restrictToOwner(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  /** A secret value and whether this call created it (so it is shown to the operator once). */
  public record Secret(String value, boolean created) {
    @Override
    public String toString() {
      return "Secret[created=" + created + "]";
    }
  }
}
