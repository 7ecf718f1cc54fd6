package io.clientele.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A kept-alive HTTP/1.1 connection that writes requests as raw bytes, which {@link
 * java.net.http.HttpClient} would refuse to send (a raw {@code %}, a made-up method, a header with
 * bytes outside ASCII), and reads each answer to its end, so that thousands of such requests can
 * share a few connections. The connection is opened again when the server has closed it.
 */
public final class RawConnection implements AutoCloseable {
  private static final int READ_TIMEOUT_MILLIS = 12_000;
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private boolean reused;

  public RawConnection(int port) {
    this.port = port;
  }

  /**
   * One answer: its status, its header lines as sent, its body, and the bytes that came after it
   * before the server closed (known only for {@link #once}; a HEAD answer must have none).
   */
  public record Answer(
      int status, String statusLine, List<String> headers, byte[] body, byte[] after) {
    /** The first value of a header, its name compared without case. */
    public Optional<String> header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headers.stream()
          .filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(h -> h.substring(prefix.length()).strip())
          .findFirst();
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends one request and reads its answer. A connection the server closed while it was idle is
   * opened again and the request sent once more, as browsers do; any other failure is thrown.
   *
   * @param head whether the request's method is {@code HEAD}, whose answer has no body
   * @param close whether the connection is to be closed after this answer
   */
  public Answer exchange(byte[] request, boolean head, boolean close) throws IOException {
    boolean retry = socket != null && reused;
    try {
      return exchangeOnce(request, head, close);
    } catch (NoAnswer e) {
      if (!retry) {
        throw e;
      }
      return exchangeOnce(request, head, close);
    }
  }

  /**
   * Sends {@code request} on a connection of its own, ends the output so the server waits for no
   * more, and reads one answer; for requests whose framing may leave a connection unusable.
   */
  public static Answer once(int port, byte[] request, boolean head) throws IOException {
    RawConnection connection = new RawConnection(port);
    try {
      connection.open();
      try {
        connection.out.write(request);
        connection.out.flush();
        connection.socket.shutdownOutput();
      } catch (IOException e) {
        // the server may refuse a request before reading all of it; its answer is still read
      }
      Answer answer = connection.read(head);
      while (answer.status() >= 100 && answer.status() < 200) {
        answer = connection.read(head);
      }
      if (connection.socket == null) {
        return answer;
      }
      byte[] after;
      try {
        after = connection.in.readAllBytes();
      } catch (IOException e) {
        after = new byte[0];
      }
      return new Answer(
          answer.status(), answer.statusLine(), answer.headers(), answer.body(), after);
    } finally {
      connection.close();
    }
  }

  private Answer exchangeOnce(byte[] request, boolean head, boolean close) throws IOException {
    if (socket == null) {
      open();
    }
    try {
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        throw new NoAnswer("write failed: " + e.getMessage());
      }
      Answer answer = read(head);
      while (answer.status() >= 100 && answer.status() < 200) {
        answer = read(head);
      }
      reused = true;
      boolean closing =
          close
              || answer
                  .header("Connection")
                  .map(v -> v.toLowerCase(Locale.ROOT).contains("close"))
                  .orElse(false)
              || answer.statusLine().startsWith("HTTP/1.0");
      if (closing) {
        close();
      }
      return answer;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void open() throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    in = new java.io.BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = new java.io.BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    reused = false;
  }

  private Answer read(boolean head) throws IOException {
    String statusLine;
    try {
      statusLine = line(true);
    } catch (java.net.SocketException e) {
      throw new NoAnswer("no answer: " + e.getMessage());
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    List<String> headers = new ArrayList<>();
    int headBytes = statusLine.length();
    for (String header = line(false); !header.isEmpty(); header = line(false)) {
      headBytes += header.length();
      if (headBytes > MAX_HEAD_BYTES) {
        throw new IOException("answer head over " + MAX_HEAD_BYTES + " bytes");
      }
      headers.add(header);
    }
    Answer bare = new Answer(status, statusLine, headers, new byte[0], new byte[0]);
    if (head || status < 200 || status == 204 || status == 304) {
      return bare;
    }
    byte[] body;
    if (bare.header("Transfer-Encoding").filter(v -> v.equalsIgnoreCase("chunked")).isPresent()) {
      body = chunked();
    } else if (bare.header("Content-Length").isPresent()) {
      body = exactly(Long.parseLong(bare.header("Content-Length").orElseThrow()));
    } else {
      body = in.readAllBytes();
      close();
    }
    return new Answer(status, statusLine, headers, body, new byte[0]);
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(false);
      int semicolon = size.indexOf(';');
      long length =
          Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
      if (length == 0) {
        while (!line(false).isEmpty()) {
          // trailers are not needed
        }
        return body.toByteArray();
      }
      body.writeBytes(exactly(length));
      line(false);
    }
  }

  private byte[] exactly(long length) throws IOException {
    if (length > 16L * 1024 * 1024) {
      throw new IOException("answer body of " + length + " bytes");
    }
    byte[] bytes = in.readNBytes((int) length);
    if (bytes.length < length) {
      throw new IOException("answer body ended after " + bytes.length + " of " + length);
    }
    return bytes;
  }

  /** One CRLF-ended line; an end of stream before the first byte of an answer is no answer. */
  private String line(boolean first) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (first && line.length() == 0) {
          throw new NoAnswer("connection closed before an answer");
        }
        throw new IOException("connection closed mid-answer");
      }
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      line.append((char) b);
      if (line.length() > MAX_HEAD_BYTES) {
        throw new IOException("answer line over " + MAX_HEAD_BYTES + " bytes");
      }
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing is all that is wanted
      }
      socket = null;
    }
  }

  /** The server sent nothing back: it closed or reset the connection before answering. */
  public static final class NoAnswer extends IOException {
    private static final long serialVersionUID = 1L;

    NoAnswer(String message) {
      super(message);
    }
  }
}
