package io.clientele.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Writes bytes no well-behaved HTTP client would send, and reads the whole answer. */
public final class RawHttp {
  private RawHttp() {}

  /**
   * Sends {@code request} on a new connection, ends its output, and answers all that comes back.
   */
  public static String exchange(int port, String request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.shutdownOutput();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The status line of a raw answer. */
  public static String statusLine(String answer) {
    return answer.substring(0, answer.indexOf("\r\n"));
  }

  /** The body of a raw answer that was not chunked. */
  public static String body(String answer) {
    return answer.substring(answer.indexOf("\r\n\r\n") + 4);
  }
}
