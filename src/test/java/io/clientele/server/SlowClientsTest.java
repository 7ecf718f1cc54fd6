package io.clientele.server;

import static io.clientele.testing.JsonAssert.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.RawHttp;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of clients that send their bodies a byte a second hold no request thread, whatever the
 * JDK: other clients are served at once, and each slow body is refused once its time is up.
 */
class SlowClientsTest {
  static final int SLOW_CLIENTS = 300;
  static final Duration PROMPT = Duration.ofSeconds(2);

  @TempDir Path dataDir;

  @Test
  void servesOtherClientsPromptlyWhileHundredsTrickleTheirBodies() throws Exception {
    try (TestServer server = TestServer.start(dataDir)) {
      int port = server.http("/").getPort();
      String basic =
          Base64.getEncoder()
              .encodeToString(server.sandbox("api_key").getBytes(StandardCharsets.UTF_8));
      List<Socket> slow = new ArrayList<>();
      try {
        long started = System.nanoTime();
        for (int i = 0; i < SLOW_CLIENTS; i++) {
          slow.add(startSlowCreate(port, basic));
        }
        long connectedMillis = (System.nanoTime() - started) / 1_000_000;
        Thread trickler = trickle(slow);
        Thread.sleep(1_500);

        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 10; i++) {
          assertServedPromptly(client, health(port));
          assertServedPromptly(client, create(port, basic, "prompt" + i + "aaaaaaa"));
        }

        for (Socket socket : slow) {
          String answer = readAnswer(socket);
          assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 400 Bad Request");
          assertJson(RawHttp.body(answer), BrokenBodiesTest.JUSPAY_UNREADABLE);
        }
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        // Each body's time counts from its own arrival: the last is refused its deadline after the
        // last connection, plus what 300 refusals at once take on a loaded machine; well before the
        // sockets' own 20 s timeout, which a body never refused would meet.
        assertThat(waitedMillis)
            .isBetween(
                BodyArrival.DEADLINE.toMillis(),
                connectedMillis + BodyArrival.DEADLINE.toMillis() + 8_000);
        trickler.interrupt();
      } finally {
        for (Socket socket : slow) {
          socket.close();
        }
      }
    }
  }

  private static Socket startSlowCreate(int port, String basic) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    String head =
        "POST /customers HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
            + basic
            + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\no";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return socket;
  }

  /** Sends every slow client one more byte of its body each second. */
  private static Thread trickle(List<Socket> sockets) {
    Thread thread =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  Thread.sleep(1_000);
                  for (Socket socket : sockets) {
                    sendOneByte(socket);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "trickler");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void sendOneByte(Socket socket) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write('b');
      out.flush();
    } catch (IOException closedByTheServer) {
      // the server refused this body already; the answer is read from the socket
    }
  }

  private static String readAnswer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void assertServedPromptly(HttpClient client, HttpRequest request)
      throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(millis).as("milliseconds to answer").isLessThan(PROMPT.toMillis());
  }

  private static HttpRequest health(int port) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
        .timeout(PROMPT.multipliedBy(3))
        .build();
  }

  private static HttpRequest create(int port, String basic, String reference) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/customers"))
        .timeout(PROMPT.multipliedBy(3))
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(
            HttpRequest.BodyPublishers.ofString(
                "object_reference_id="
                    + reference
                    + "&mobile_country_code=91&mobile_number=9876543210&first_name=Ann"))
        .build();
  }
}
