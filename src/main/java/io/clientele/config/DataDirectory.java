package io.clientele.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
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
      createPrivateDirectories(file.getParent());
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

  /**
   * A warning for the operator when others may read or enter the data directory (its own files are
   * owner-only, but what an older version or someone else put there may not be), else empty.
   */
  public Optional<String> exposureWarning() {
    return exposure(root, "data directory", "700");
  }

  /**
   * A warning for the operator when users other than the owner may read the master key file, else
   * empty: whoever reads it and a backup of the database reads every customer.
   */
  public static Optional<String> keyFileExposureWarning(Path file) {
    return exposure(file, "master key file", "600");
  }

  /** The warning for {@code path} ({@code what}) when others have any permission on it. */
  private static Optional<String> exposure(Path path, String what, String ownerOnlyMode) {
    if (!isPosix(path)) {
      return Optional.empty();
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
      if (permissions.stream().noneMatch(DataDirectory::isGroupOrOther)) {
        return Optional.empty();
      }
      return Optional.of(
          "warning: "
              + what
              + " "
              + path
              + " can be read by other users (mode "
              + PosixFilePermissions.toString(permissions)
              + "); run: chmod "
              + ownerOnlyMode
              + " "
              + path);
    } catch (IOException e) {
      return Optional.of("warning: cannot read the permissions of " + what + " " + path);
    }
  }

  private static boolean isGroupOrOther(PosixFilePermission permission) {
    return !permission.name().startsWith("OWNER_");
  }

  /**
   * Creates {@code dir} and its missing parents, each new one readable, writable and enterable by
   * the owner only whatever the umask; directories that already exist are left as they are.
   */
  static void createPrivateDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return;
    }
    Path parent = absolute.getParent();
    if (parent != null && Files.notExists(parent)) {
      createPrivateDirectories(parent);
    }
    try {
      Files.createDirectory(absolute);
    } catch (FileAlreadyExistsException raced) {
      if (Files.isDirectory(absolute)) {
        return;
      }
      throw raced;
    }
    if (isPosix(absolute)) {
      Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rwx------"));
    }
  }

  static void restrictToOwner(Path file) throws IOException {
    if (isPosix(file)) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** A secret value and whether this call created it (so it is shown to the operator once). */
  public record Secret(String value, boolean created) {
    @Override
    public String toString() {
      return "Secret[created=" + created + "]";
    }
  }
}
