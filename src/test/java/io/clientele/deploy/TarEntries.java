package io.clientele.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the entries of a tar stream (ustar, with pax and GNU long-name headers), as an image's
 * tarball and its layers are written: names, types, modes, owners, and the content of small files.
 */
final class TarEntries {
  private static final int BLOCK = 512;

  private TarEntries() {}

  /** One member; {@code content} is null for a file larger than the limit it was read with. */
  record Entry(String name, char type, int mode, int uid, int gid, long size, byte[] content) {
    boolean isDirectory() {
      return type == '5';
    }

    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  /** Every entry, keeping the content of regular files of at most {@code keepUpTo} bytes. */
  static List<Entry> read(InputStream in, long keepUpTo) throws IOException {
    List<Entry> entries = new ArrayList<>();
    Map<String, String> extended = new HashMap<>();
    while (true) {
      byte[] header = in.readNBytes(BLOCK);
      if (header.length < BLOCK || isZero(header)) {
        return entries;
      }
      char type = header[156] == 0 ? '0' : (char) header[156];
      long size = octal(header, 124, 12);
      if (type == 'x' || type == 'L' || type == 'g') {
        byte[] data = body(in, size);
        if (type == 'x') {
          extended.putAll(pax(data));
        } else if (type == 'L') {
          extended.put("path", new String(data, StandardCharsets.UTF_8).replace("\0", ""));
        }
        continue;
      }
      String name = extended.getOrDefault("path", name(header));
      size = Long.parseLong(extended.getOrDefault("size", Long.toString(size)));
      extended.clear();
      byte[] content = null;
      if (type == '0' && size <= keepUpTo) {
        content = body(in, size);
      } else {
        skip(in, padded(size));
      }
      entries.add(
          new Entry(
              normalise(name),
              type,
              (int) octal(header, 100, 8),
              (int) octal(header, 108, 8),
              (int) octal(header, 116, 8),
              size,
              content));
    }
  }

  private static String name(byte[] header) {
    String name = field(header, 0, 100);
    boolean ustar = field(header, 257, 6).startsWith("ustar");
    String prefix = ustar ? field(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /**
   * Layer entries read {@code ./opt/java}, {@code opt/java/} or {@code /opt/java}: all {@code
   * /opt/java}.
   */
  private static String normalise(String name) {
    String path = name.startsWith("./") ? name.substring(1) : name;
    path = path.startsWith("/") ? path : "/" + path;
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static Map<String, String> pax(byte[] data) {
    Map<String, String> records = new HashMap<>();
    String text = new String(data, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      int space = line.indexOf(' ');
      int equals = line.indexOf('=');
      if (space > 0 && equals > space) {
        records.put(line.substring(space + 1, equals), line.substring(equals + 1));
      }
    }
    return records;
  }

  private static byte[] body(InputStream in, long size) throws IOException {
    byte[] data = in.readNBytes((int) size);
    skip(in, padded(size) - size);
    return data;
  }

  private static long padded(long size) {
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  private static void skip(InputStream in, long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("tar stream ends inside an entry");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int offset, int length) {
    String digits = field(header, offset, length).trim();
    return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
