package io.clientele.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
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
    try {
      ctx.status(status).contentType(CONTENT_TYPE).result(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response body is not serialisable", e);
    }
  }

  /** Parses a request body as a JSON tree; empty when it is not well-formed JSON. */
  public static Optional<JsonNode> parse(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      return Optional.ofNullable(node).filter(n -> !n.isMissingNode());
    } catch (IOException e) {
      return Optional.empty();
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
