package io.clientele.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares a response body with an exact expected JSON document. Values that cannot be known
 * beforehand are written as placeholders, each matched against its own pattern and nothing else:
 * {@code <timestamp>}, {@code <uuid>}, {@code <customer-id>} and the other keys of {@link
 * #PLACEHOLDERS}.
 */
public final class JsonAssert {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, Pattern> PLACEHOLDERS =
      Map.ofEntries(
          Map.entry("<timestamp>", Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z")),
          Map.entry(
              "<instant>",
              Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3,9})?Z")),
          Map.entry(
              "<uuid>",
              Pattern.compile(
                  "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")),
          Map.entry("<hex32>", Pattern.compile("[0-9A-F]{32}")),
          Map.entry("<customer-id>", Pattern.compile("cst_[a-z0-9]{16}")),
          Map.entry("<credential-id>", Pattern.compile("crd_[0-9a-f]{16}")),
          Map.entry("<client-auth-token>", Pattern.compile("tkn_[0-9a-f]{32}")),
          Map.entry("<flowwise-client-id>", Pattern.compile("CF[0-9A-F]{20}")),
          Map.entry("<flowwise-secret>", Pattern.compile("cfsk_[0-9a-f]{48}")),
          Map.entry("<alnum40>", Pattern.compile("[A-Za-z0-9]{40}")),
          Map.entry("<canonical-api-key>", Pattern.compile("ck_[A-Za-z0-9]{40}")),
          Map.entry("<alnum32>", Pattern.compile("[A-Za-z0-9]{32}")));

  private JsonAssert() {}

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  public static String fixture(String path) {
    try (InputStream in = JsonAssert.class.getResourceAsStream("/fixtures/" + path)) {
      if (in == null) {
        throw new AssertionError("no fixture " + path);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts that {@code actual} is exactly {@code expected} once placeholders are matched. */
  public static void assertJson(String actual, String expected) {
    JsonNode actualTree = parse(actual);
    JsonNode expectedTree = parse(expected);
    JsonNode resolved = resolve(expectedTree, actualTree);
    assertThat(actualTree).as("body %s", actual).isEqualTo(resolved);
  }

  /**
   * Asserts that {@code actual} is, character for character, the compact text of {@code expected}
   * once placeholders are matched: key order and layout included, as a renderer's output must be.
   */
  public static void assertJsonText(String actual, String expected) {
    JsonNode resolved = resolve(parse(expected), parse(actual));
    try {
      assertThat(actual).isEqualTo(MAPPER.writeValueAsString(resolved));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The expected tree with each placeholder replaced by the actual value when that value fits it.
   */
  private static JsonNode resolve(JsonNode expected, JsonNode actual) {
    if (expected.isTextual() && PLACEHOLDERS.containsKey(expected.textValue())) {
      boolean fits =
          actual != null
              && actual.isTextual()
              && PLACEHOLDERS.get(expected.textValue()).matcher(actual.textValue()).matches();
      return fits ? actual : expected;
    }
    if (expected.isObject() && actual != null && actual.isObject()) {
      ObjectNode copy = MAPPER.createObjectNode();
      for (Map.Entry<String, JsonNode> field : expected.properties()) {
        copy.set(field.getKey(), resolve(field.getValue(), actual.get(field.getKey())));
      }
      return copy;
    }
    if (expected.isArray() && actual != null && actual.isArray()) {
      ArrayNode copy = MAPPER.createArrayNode();
      for (int i = 0; i < expected.size(); i++) {
        copy.add(resolve(expected.get(i), actual.get(i)));
      }
      return copy;
    }
    return expected;
  }
}
