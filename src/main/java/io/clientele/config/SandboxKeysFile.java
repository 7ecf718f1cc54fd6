package io.clientele.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a sandbox keys file: {@code {"merchant_id":…,"credentials":[{"dialect":…,…},…]}} with every
 * value a string. Problems name the place in the file and never a value, since values are secrets
 * (so neither does a JSON syntax error quote Jackson, whose messages show the text).
 */
final class SandboxKeysFile {
  static final String MERCHANT_ID = "merchant_id";
  static final String CREDENTIALS = "credentials";
  static final String DIALECT = "dialect";

  /**
   * Read no further: a file without end ({@code /dev/zero}) or a huge one named by mistake was read
   * whole, and the start died of {@code OutOfMemoryError}.
   */
  static final int MAX_BYTES = 1 << 20;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private SandboxKeysFile() {}

  /**
   * The file's keys when its top level is sound (a merchant id and a list of credentials), with
   * each credential whose own structure is sound; every problem is added to {@code problems}, one
   * line each: {@code cannot read FILE: reason} or {@code FILE: problem}.
   */
  static Optional<SandboxKeys> read(Path file, List<String> problems) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      problems.add("cannot read " + file + ": " + ConfigLoader.describe(e));
      return Optional.empty();
    }
    if (bytes.length > MAX_BYTES) {
      problems.add(file + ": is larger than 1 MiB, far more than a few credentials take");
      return Optional.empty();
    }
    List<String> found = new ArrayList<>();
    Optional<SandboxKeys> keys = parse(bytes, found).flatMap(root -> keys(file, root, found));
    found.forEach(problem -> problems.add(file + ": " + problem));
    return keys;
  }

  private static Optional<JsonNode> parse(byte[] bytes, List<String> problems) {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      problems.add(syntax(e));
      return Optional.empty();
    } catch (IOException e) {
      problems.add("is not JSON: " + ConfigLoader.describe(e));
      return Optional.empty();
    }
    if (root == null || root.isMissingNode()) {
      problems.add("is empty; it must hold {\"merchant_id\":…,\"credentials\":[…]}");
      return Optional.empty();
    }
    if (!root.isObject()) {
      problems.add("must hold a JSON object, {\"merchant_id\":…,\"credentials\":[…]}");
      return Optional.empty();
    }
    return Optional.of(root);
  }

  /**
   * A duplicated name, with where it is, else the place the JSON breaks: Jackson's own message may
   * quote a secret, so it is not shown.
   */
  private static String syntax(JsonProcessingException e) {
    String at =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    if (e instanceof JsonParseException parse
        && String.valueOf(parse.getOriginalMessage()).startsWith("Duplicate field")
        && parse.getProcessor() != null) {
      return path(parse.getProcessor()) + " is given twice" + at;
    }
    return "is not valid JSON" + at;
  }

  /** Where a parser stands, as problems name places: {@code credentials[0].api_key}. */
  private static String path(JsonParser parser) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext context = parser.getParsingContext();
        context != null && !context.inRoot();
        context = context.getParent()) {
      parts.add(
          0,
          context.inArray()
              ? "[" + context.getCurrentIndex() + "]"
              : "." + context.getCurrentName());
    }
    String path = String.join("", parts);
    return path.startsWith(".") ? path.substring(1) : path;
  }

  private static Optional<SandboxKeys> keys(Path file, JsonNode root, List<String> problems) {
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals(MERCHANT_ID) && !name.equals(CREDENTIALS)) {
        problems.add("unknown field '" + name + "'");
      }
    }
    String merchantId = merchantId(root.get(MERCHANT_ID), problems);
    Optional<List<SandboxKeys.Entry>> entries = entries(root.get(CREDENTIALS), problems);
    if (merchantId == null || entries.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SandboxKeys(file, merchantId, entries.get()));
  }

  private static String merchantId(JsonNode node, List<String> problems) {
    if (node == null) {
      problems.add(MERCHANT_ID + " is missing");
      return null;
    }
    if (!node.isTextual()) {
      problems.add(MERCHANT_ID + " must be a string");
      return null;
    }
    return node.textValue();
  }

  /** The structurally sound credentials, or empty when there is no list of them. */
  private static Optional<List<SandboxKeys.Entry>> entries(JsonNode node, List<String> problems) {
    if (node == null) {
      problems.add(CREDENTIALS + " is missing");
      return Optional.empty();
    }
    if (!node.isArray()) {
      problems.add(CREDENTIALS + " must be a list of credentials");
      return Optional.empty();
    }
    if (node.isEmpty()) {
      problems.add(CREDENTIALS + " must list at least one credential");
    }
    List<SandboxKeys.Entry> entries = new ArrayList<>();
    for (int index = 0; index < node.size(); index++) {
      entry(index, node.get(index), problems).ifPresent(entries::add);
    }
    return Optional.of(entries);
  }

  private static Optional<SandboxKeys.Entry> entry(
      int index, JsonNode node, List<String> problems) {
    String place = CREDENTIALS + "[" + index + "]";
    if (!node.isObject()) {
      problems.add(place + " must be an object");
      return Optional.empty();
    }
    int before = problems.size();
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (field.getValue().isTextual()) {
        values.put(field.getKey(), field.getValue().textValue());
      } else {
        problems.add(place + ": " + field.getKey() + " must be a string");
      }
    }
    String dialect = values.remove(DIALECT);
    if (dialect == null && !node.has(DIALECT)) {
      problems.add(place + ": " + DIALECT + " is missing");
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new SandboxKeys.Entry(index, dialect, values));
  }
}
