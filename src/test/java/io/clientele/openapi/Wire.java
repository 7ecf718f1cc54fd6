package io.clientele.openapi;

import io.clientele.testing.RawHttp;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the tests put on the wire: each family's credentials, form bodies, raw exchanges. */
final class Wire {
  static final String FORM = "application/x-www-form-urlencoded";
  static final String JSON = "application/json";
  static final String MERGE_PATCH = "application/merge-patch+json";

  private Wire() {}

  static Map<String, String> juspay(String apiKey, String contentType) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(
        "Authorization",
        "Basic "
            + Base64.getEncoder().encodeToString((apiKey + ":").getBytes(StandardCharsets.UTF_8)));
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    return headers;
  }

  /** The canonical API's bearer key and, for a body, its content type. */
  static Map<String, String> canonical(String apiKey, String contentType) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + apiKey);
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    return headers;
  }

  static Map<String, String> flowwise(String clientId, String secret) {
    return Map.of("x-client-id", clientId, "x-client-secret", secret, "Content-Type", JSON);
  }

  static Map<String, String> admin(String token) {
    return Map.of("Authorization", "Bearer " + token, "Content-Type", JSON);
  }

  /** Airpay's headers for a form: the token and the checksum of its values and the secret key. */
  static Map<String, String> airpay(String token, String secretKey, String form) {
    return Map.of("token", token, "checksum", checksum(form, secretKey), "Content-Type", FORM);
  }

  /** A form body of name, value pairs in the order given. */
  static String form(String... pairs) {
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.add(encode(pairs[i]) + "=" + encode(pairs[i + 1]));
    }
    return String.join("&", fields);
  }

  /** Airpay's checksum: SHA-256 of the decoded values in order, then the secret key. */
  static String checksum(String form, String secretKey) {
    StringBuilder joined = new StringBuilder();
    for (String pair : form.split("&")) {
      joined.append(
          URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8));
    }
    joined.append(secretKey);
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(joined.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A request written by hand on a new connection, and the answer read back as an exchange. */
  static Exchange raw(
      int port, String method, String target, Map<String, String> headers, String body) {
    StringBuilder request =
        new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
    headers.forEach(
        (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    request
        .append("Connection: close\r\nContent-Length: ")
        .append(body.getBytes(StandardCharsets.UTF_8).length)
        .append("\r\n\r\n")
        .append(body);
    String answer = RawHttp.exchange(port, request.toString());
    String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
    String[] lines = head.split("\r\n");
    Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      responseHeaders
          .computeIfAbsent(lines[i].substring(0, colon), name -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).strip());
    }
    Map<String, List<String>> sent = new LinkedHashMap<>();
    headers.forEach((name, value) -> sent.put(name, List.of(value)));
    return new Exchange(
        method,
        target,
        sent,
        body,
        Integer.parseInt(lines[0].split(" ")[1]),
        responseHeaders,
        RawHttp.body(answer));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
