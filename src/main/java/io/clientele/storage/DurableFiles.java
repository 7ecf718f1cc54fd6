package io.clientele.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * How the embedded H2 database touches the disk, through H2's pluggable file system: every file and
 * directory it makes is readable by its owner only, whatever the umask, and every write to a file
 * is forced to the device before the write returns. With {@code WRITE_DELAY=0} H2 writes each
 * commit before answering it, so a commit that returned survives a killed process and a lost
 * machine alike. {@link H2Housekeeping} then does the compaction H2's background writer would.
 */
public final class DurableFiles extends FilePathWrapper {
  static final String SCHEME = "clientele-durable";
  private static final String H2_FILE = "jdbc:h2:file:";
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  /** H2 makes instances by reflection, one per path. */
  public DurableFiles() {}

  /**
   * Answers the URL through which H2 stores durably and privately: an embedded file URL gets this
   * file system, a write delay of 0 and room to compact at close; every other URL is answered as it
   * is.
   */
  static String durableUrl(String url) {
    if (!url.startsWith(H2_FILE) || url.startsWith(H2_FILE + SCHEME + ":")) {
      return url;
    }
    FilePath.register(new DurableFiles());
    String rest = url.substring(H2_FILE.length());
    return H2_FILE
        + SCHEME
        + ":"
        + withDefault(
            withDefault(withDefault(rest, "WRITE_DELAY", "0"), "MAX_COMPACT_TIME", "5000"),
            "DB_CLOSE_ON_EXIT",
            "FALSE");
  }

  /**
   * Adds {@code ;SETTING=value} unless the URL sets it. {@code WRITE_DELAY=0}: each commit is
   * written before it returns. {@code MAX_COMPACT_TIME=5000}: at close H2 may spend up to 5 s (its
   * default is 0.2 s) giving back the space a burst of writes took, since it cannot while running.
   * H2's retention time (45 s) is left alone: at 0, freed chunks are reused at once and a reader
   * still walking an older version can find its chunk gone ("Chunk … not found"; seen once in about
   * 400,000 concurrent updates). {@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would close
   * the database as soon as the JVM is asked to stop, under the requests a graceful stop lets
   * finish; the pool's close closes it instead.
   */
  private static String withDefault(String url, String setting, String value) {
    return url.toUpperCase(Locale.ROOT).contains(";" + setting + "=")
        ? url
        : url + ";" + setting + "=" + value;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    FileChannel channel = getBase().open(mode);
    if ("r".equals(mode)) {
      return channel;
    }
    restrict(OWNER_FILE);
    return new Forced(channel);
  }

  @Override
  public OutputStream newOutputStream(boolean append) throws IOException {
    OutputStream out = getBase().newOutputStream(append);
    restrict(OWNER_FILE);
    return out;
  }

  @Override
  public boolean createFile() {
    boolean created = getBase().createFile();
    restrictUnchecked(OWNER_FILE);
    return created;
  }

  @Override
  public void createDirectory() {
    getBase().createDirectory();
    restrictUnchecked(OWNER_DIRECTORY);
  }

  @Override
  public FilePath createTempFile(String suffix, boolean inTempDir) throws IOException {
    FilePath temp = super.createTempFile(suffix, inTempDir);
    setOwnerOnly(Path.of(temp.unwrap().toString()), OWNER_FILE);
    return temp;
  }

  private void restrict(Set<PosixFilePermission> permissions) throws IOException {
    setOwnerOnly(Path.of(getBase().toString()), permissions);
  }

  private void restrictUnchecked(Set<PosixFilePermission> permissions) {
    try {
      restrict(permissions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void setOwnerOnly(Path path, Set<PosixFilePermission> permissions)
      throws IOException {
    if (Files.exists(path)
        && path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }

  /** A file channel whose writes are on the device when they return. */
  private static final class Forced extends FileChannel {
    private final FileChannel file;

    Forced(FileChannel file) {
      this.file = file;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      int written = file.write(source);
      file.force(false);
      return written;
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
      long written = file.write(sources, offset, length);
      file.force(false);
      return written;
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
      int written = file.write(source, position);
      file.force(false);
      return written;
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long position, long count)
        throws IOException {
      long written = file.transferFrom(source, position, count);
      file.force(false);
      return written;
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      file.truncate(size);
      file.force(true);
      return this;
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
      return file.read(target);
    }

    @Override
    public long read(ByteBuffer[] targets, int offset, int length) throws IOException {
      return file.read(targets, offset, length);
    }

    @Override
    public int read(ByteBuffer target, long position) throws IOException {
      return file.read(target, position);
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      file.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public void force(boolean metaData) throws IOException {
      file.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return file.transferTo(position, count, target);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return file.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      file.close();
    }
  }
}
