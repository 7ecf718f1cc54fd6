package io.clientele.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A failure as one route family answers it, before anything is written: the server writes the
 * status, the headers and the body (as JSON), and adds the tags to the request's access-log line.
 *
 * @param body an object Jackson writes as the JSON body
 * @param headers extra response headers, in the order to send them
 * @param accessLogTags {@code key=value} pairs for the access-log line; never personal data
 * @param unexpected whether the renderer did not know the failure and answered its generic 500,
 *     which the server reports in its log
 */
public record Rendered(
    int status,
    Object body,
    Map<String, String> headers,
    Map<String, String> accessLogTags,
    boolean unexpected) {

  public Rendered {
    Objects.requireNonNull(body, "body");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    accessLogTags = Collections.unmodifiableMap(new LinkedHashMap<>(accessLogTags));
  }

  /** The answer to a failure the renderer knows. */
  public static Rendered of(int status, Object body) {
    return new Rendered(status, body, Map.of(), Map.of(), false);
  }

  /** The answer to a failure the renderer does not know: its family's 500. */
  public static Rendered unexpected(int status, Object body) {
    return new Rendered(status, body, Map.of(), Map.of(), true);
  }

  public Rendered withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Rendered(status, body, more, accessLogTags, unexpected);
  }

  public Rendered withAccessLogTag(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(accessLogTags);
    more.put(key, value);
    return new Rendered(status, body, headers, more, unexpected);
  }
}
