package io.clientele.openapi;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One real request and the server's answer to it, as sent and received on the wire: what the
 * documents are checked against.
 *
 * @param target the raw path with its query, as sent
 * @param requestHeaders header names in lower case
 * @param responseHeaders header names in lower case
 */
record Exchange(
    String method,
    String target,
    Map<String, List<String>> requestHeaders,
    String requestBody,
    int status,
    Map<String, List<String>> responseHeaders,
    String responseBody) {

  Exchange {
    requestHeaders = lowerCase(requestHeaders);
    responseHeaders = lowerCase(responseHeaders);
  }

  String path() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  String query() {
    int query = target.indexOf('?');
    return query < 0 ? "" : target.substring(query + 1);
  }

  Optional<String> requestHeader(String name) {
    return first(requestHeaders, name);
  }

  Optional<String> responseHeader(String name) {
    return first(responseHeaders, name);
  }

  @Override
  public String toString() {
    return method + " " + target + " -> " + status + " " + responseBody;
  }

  private static Optional<String> first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
    Map<String, List<String>> lower = new TreeMap<>();
    headers.forEach(
        (name, values) -> lower.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    return Collections.unmodifiableMap(lower);
  }
}
