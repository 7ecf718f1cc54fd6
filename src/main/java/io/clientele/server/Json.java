package io.clientele.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** One configured Jackson mapper for every route family; each renders its own wire records. */
public final class Json {
  public static final String CONTENT_TYPE = "application/json";
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  public static void respond(Context ctx, int status, Object body) {
    ctx.status(status).contentType(CONTENT_TYPE).result(bytes(body));
  }

  /** {@code body} as the bytes of its JSON. */
  public static byte[] bytes(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response body is not serialisable", e);
    }
  }

  /**
   * Parses a request body as a JSON tree; empty when it is not well-formed JSON, or not UTF-8 (RFC
   * 8259): Jackson's parser decodes overlong forms ({@code C0 AF} as "/") that UTF-8 forbids (RFC
   * 3629), so the bytes are checked with the JDK's strict decoder first.
   */
  public static Optional<JsonNode> parse(byte[] body) {
    if (!isUtf8(body)) {
      return Optional.empty();
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      return Optional.ofNullable(node).filter(n -> !n.isMissingNode());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code bytes} are UTF-8 by the JDK's strict decoder; ASCII is, without decoding. */
  static boolean isUtf8(byte[] bytes) {
    boolean ascii = true;
    for (byte b : bytes) {
      ascii &= b >= 0;
    }
    if (ascii) {
      return true;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /**
   * ISO-8601 in UTC to the second, {@code 2020-03-17T14:13:37Z}: the date form every dialect
   * answers.
   */
  public static String seconds(java.time.Instant instant) {
    return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
