package io.clientele.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Strict reading of {@code application/x-www-form-urlencoded} text, as gateways' clients send it:
 * {@code +} or {@code %20} for a space, pairs kept in the order sent (a checksum may cover them),
 * broken escapes and bytes that are not UTF-8 reported rather than replaced.
 */
public final class FormBody {
  private FormBody() {}

  /**
   * One parameter as sent.
   *
   * @param value the decoded value, or {@code null} when its bytes are not UTF-8
   */
  public record Pair(String name, String value) {}

  /** A body that cannot be read as a form; the message says why, for a developer. */
  public static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @throws Malformed for a broken {@code %} escape or a name that is not UTF-8
   */
  public static List<Pair> parse(String text) {
    List<Pair> pairs = new ArrayList<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals), true);
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
      if (name == null) {
        throw new Malformed("Form body has a parameter name that is not UTF-8");
      }
      pairs.add(new Pair(name, value));
    }
    return pairs;
  }

  /** The bytes as text, if they are well-formed UTF-8. */
  public static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(strictUtf8(bytes));
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /**
   * Percent-decodes a path segment, keeping {@code +}; text that does not decode is kept as sent.
   */
  public static String decodePath(String text) {
    try {
      String decoded = decode(text, false);
      return decoded == null ? text : decoded;
    } catch (Malformed e) {
      return text;
    }
  }

  /** Percent-decoding; {@code null} when the decoded bytes are not UTF-8. */
  private static String decode(String text, boolean plusIsSpace) {
    if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else if (c == '%') {
        int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          throw new Malformed("Form body has a malformed percent-escape");
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
        bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    return utf8(bytes.toByteArray()).orElse(null);
  }

  private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
