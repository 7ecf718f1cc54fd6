package io.clientele.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One generated request as it goes on the wire, with what the suite knows about it.
 *
 * @param kind the generator and the mutations that made it, for grouping failures
 * @param method the request method, sent as is
 * @param target the request target (path and query), one char per byte
 * @param headers header lines, one char per byte, without line ends
 * @param body the body bytes, sent with the framing the headers declare
 * @param chunkSizes the sizes of the chunks the body is sent in, or empty to send it as is
 * @param alone whether it goes on a connection of its own that is closed after it: its framing or
 *     size may leave a connection unusable
 * @param mustRefuse whether it carries no valid credentials for a protected route at a plain path,
 *     so that no 2xx may answer it
 * @param rawOverride the whole request as raw text, one char per byte, when it is broken beyond
 *     what the other fields can say (a request line or framing no parser should accept), else
 *     {@code null}
 */
record HostileRequest(
    String kind,
    String method,
    String target,
    List<String> headers,
    byte[] body,
    List<Integer> chunkSizes,
    boolean alone,
    boolean mustRefuse,
    String rawOverride) {

  /** The request's bytes: request line, headers, empty line and body, chunked when asked. */
  byte[] bytes() {
    if (rawOverride != null) {
      return rawOverride.getBytes(StandardCharsets.ISO_8859_1);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 512);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    head.append("\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (chunkSizes.isEmpty()) {
      out.writeBytes(body);
      return out.toByteArray();
    }
    int at = 0;
    for (int size : chunkSizes) {
      out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, at, size);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      at += size;
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  boolean isHead() {
    return method.equals("HEAD");
  }

  /** The request as printable text, long runs shortened, for a failure report. */
  String describe() {
    byte[] bytes = bytes();
    StringBuilder text = new StringBuilder();
    int end = Math.min(bytes.length, 4000);
    for (int i = 0; i < end; i++) {
      int b = bytes[i] & 0xff;
      if (b == '\r' && i + 1 < end && bytes[i + 1] == '\n') {
        text.append("\\r\\n\n");
        i++;
      } else if (b >= 0x20 && b < 0x7f) {
        text.append((char) b);
      } else {
        text.append(String.format("\\x%02X", b));
      }
    }
    if (bytes.length > end) {
      text.append("… (").append(bytes.length).append(" bytes in all)");
    }
    return shortenRuns(text.toString());
  }

  /** {@code aaaa…} (200 of one character) becomes {@code a×200}. */
  static String shortenRuns(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int j = i;
      while (j < text.length() && text.charAt(j) == text.charAt(i)) {
        j++;
      }
      if (j - i > 12) {
        out.append(text.charAt(i)).append("×").append(j - i);
      } else {
        out.append(text, i, j);
      }
      i = j;
    }
    return out.toString();
  }
}
