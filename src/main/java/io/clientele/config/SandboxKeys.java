package io.clientele.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sandbox keys file as read: well-known test credentials a test suite hard-codes, each seeded at
 * start instead of random ones. This is the file's structure; what its values mean (dialects,
 * shapes, duplicates) is judged by the rules the loader is given.
 *
 * @param file the file, as an absolute path
 * @param merchantId the merchant every credential belongs to
 * @param credentials each credential, in the file's order
 */
public record SandboxKeys(Path file, String merchantId, List<Entry> credentials) {

  public SandboxKeys {
    credentials = List.copyOf(credentials);
  }

  /**
   * One credential of the file.
   *
   * @param index its position in the file's {@code credentials}, from 0
   * @param dialect the dialect's wire name, as written
   * @param values every other field, in the admin API's names and the file's order; secrets among
   *     them, so {@link #toString} shows only the names
   */
  public record Entry(int index, String dialect, Map<String, String> values) {

    public Entry {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** How problems name it: {@code credentials[0] (juspay)}. */
    public String name() {
      return "credentials[" + index + "] (" + dialect + ")";
    }

    @Override
    public String toString() {
      return "Entry[" + name() + ", fields=" + values.keySet() + "]";
    }
  }
}
