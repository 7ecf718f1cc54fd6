package io.clientele.dialect.juspay;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.server.FormBody;
import io.clientele.server.Json;
import io.clientele.server.RequestBody;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of one Juspay request, from a form-encoded body or query string (either {@code +}
 * or {@code %20} for a space) or from a JSON object. A parameter given twice, or given a value of a
 * type that cannot be text, is remembered as malformed so that its rule reports it.
 */
final class JuspayParams {
  static final String FORM = "application/x-www-form-urlencoded";
  static final String JSON = "application/json";

  private final Map<String, String> values;
  private final Set<String> malformed;

  private JuspayParams(Map<String, String> values, Set<String> malformed) {
    this.values = values;
    this.malformed = malformed;
  }

  static JuspayParams empty() {
    return new JuspayParams(Map.of(), Set.of());
  }

  /** Whether the parameter was sent at all, malformed or not. */
  boolean has(String name) {
    return values.containsKey(name) || malformed.contains(name);
  }

  boolean isMalformed(String name) {
    return malformed.contains(name);
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /**
   * Reads a request body by its content type; no content type is read as a form, as curl sends.
   *
   * @throws JuspayProblem.UnreadableBody when it is neither form nor JSON, or not valid UTF-8
   */
  static JuspayParams ofBody(String contentType, byte[] body) {
    String type = RequestBody.mediaType(contentType);
    if (!type.isEmpty() && !type.equals(FORM) && !type.equals(JSON)) {
      throw new JuspayProblem.UnreadableBody(
          "Content-Type must be " + FORM + " or " + JSON + ", not " + type);
    }
    String charset = charset(contentType);
    if (charset != null && !charset.equals("utf-8")) {
      throw new JuspayProblem.UnreadableBody("Request body must be UTF-8, not " + charset);
    }
    String text = utf8(body);
    return type.equals(JSON) ? ofJson(body) : ofForm(text);
  }

  /** Reads {@code a=b&c=d}; the whole text must already be valid UTF-8. */
  static JuspayParams ofForm(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> malformed = new LinkedHashSet<>();
    List<FormBody.Pair> pairs;
    try {
      pairs = FormBody.parse(text);
    } catch (FormBody.Malformed e) {
      throw new JuspayProblem.UnreadableBody(e.getMessage());
    }
    for (FormBody.Pair pair : pairs) {
      String name = pair.name();
      if (pair.value() == null || values.containsKey(name) || malformed.contains(name)) {
        values.remove(name);
        malformed.add(name);
      } else {
        values.put(name, pair.value());
      }
    }
    return new JuspayParams(values, malformed);
  }

  static JuspayParams ofQuery(String query) {
    return query == null ? empty() : ofForm(utf8(query.getBytes(StandardCharsets.ISO_8859_1)));
  }

  private static JuspayParams ofJson(byte[] body) {
    JsonNode root =
        Json.parse(body)
            .filter(JsonNode::isObject)
            .orElseThrow(
                () -> new JuspayProblem.UnreadableBody("Request body must be a JSON object"));
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> malformed = new LinkedHashSet<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (!field.getKey().equals("options")) {
        put(field.getKey(), field.getValue(), values, malformed);
      } else if (field.getValue().isObject()) {
        for (Map.Entry<String, JsonNode> option : field.getValue().properties()) {
          put("options." + option.getKey(), option.getValue(), values, malformed);
        }
      } else {
        malformed.add(JuspayRules.TOKEN_OPTION);
      }
    }
    return new JuspayParams(values, malformed);
  }

  /** One field; a name met twice (an option both flat and nested, say) is malformed. */
  private static void put(
      String name, JsonNode value, Map<String, String> values, Set<String> malformed) {
    if (values.containsKey(name) || malformed.contains(name)) {
      values.remove(name);
      malformed.add(name);
    } else if (value.isTextual()) {
      values.put(name, value.textValue());
    } else if (value.isIntegralNumber() || value.isBoolean()) {
      values.put(name, value.asText());
    } else {
      malformed.add(name);
    }
  }

  private static String utf8(byte[] body) {
    return FormBody.utf8(body)
        .orElseThrow(() -> new JuspayProblem.UnreadableBody("Request body is not valid UTF-8"));
  }

  private static String charset(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String part : contentType.split(";")) {
      String[] pair = part.strip().split("=", 2);
      if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
        return pair[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }
}
