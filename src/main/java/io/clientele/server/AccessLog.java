package io.clientele.server;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Extra {@code key=value} pairs a route adds to its request's access-log line; never personal data.
 */
public final class AccessLog {
  private static final String ATTRIBUTE = "clientele.access-tags";

  private AccessLog() {}

  public static void tag(Context ctx, String key, String value) {
    Map<String, String> tags = ctx.attribute(ATTRIBUTE);
    if (tags == null) {
      tags = new LinkedHashMap<>();
      ctx.attribute(ATTRIBUTE, tags);
    }
    tags.put(key, value);
  }

  static String tags(Context ctx) {
    Map<String, String> tags = ctx.attribute(ATTRIBUTE);
    if (tags == null) {
      return "";
    }
    StringBuilder line = new StringBuilder();
    tags.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
    return line.toString();
  }
}
