package io.clientele.server;

import static io.clientele.testing.JsonAssert.assertJson;
import static io.clientele.testing.JsonAssert.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.RawHttp;
import io.clientele.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that stall large bodies, even without credentials, cannot make the server hold more than
 * {@link ApiServer#BODIES_HELD_AT_MOST}: past it a body is answered 503 at once, and the room comes
 * back when they go.
 */
class BodiesHeldAtOnceTest {
  /** Bodies of 1 MiB less a byte that fit in the budget together. */
  static final int FITS = (int) (ApiServer.BODIES_HELD_AT_MOST / RequestBody.MAX_BYTES);

  static final String JUSPAY_503 = fixture("juspay/service-unavailable.json");

  static final String FLOWWISE_503 = fixture("flowwise/service-unavailable.json");
  static final String AIRPAY_503 = fixture("airpay/fail-503.json");
  static final String ADMIN_503 = fixture("admin/service-unavailable.json");

  @TempDir Path dataDir;

  @Test
  void answers503OnceStalledBodiesHoldTheBudgetAndServesAgainWhenTheyGo() throws Exception {
    try (TestServer server = TestServer.start(dataDir)) {
      int port = server.http("/").getPort();
      List<Socket> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < FITS + 2; i++) {
          // the first FITS send no credentials; the two past the budget do, so their route reads on
          stalled.add(
              stallAlmostWholeBody(
                  port, i < FITS ? "" : server.sandboxCredentialHeaders("/customers")));
          Thread.sleep(100); // one body in at a time, so exactly the first FITS are held
        }
        for (Socket held : stalled.subList(0, FITS)) {
          assertThat(held.getInputStream().available()).isZero();
        }
        for (Socket refused : stalled.subList(FITS, FITS + 2)) {
          String answer = answerWithin(refused, 5_000);
          assertThat(RawHttp.statusLine(answer)).isEqualTo("HTTP/1.1 503 Service Unavailable");
          assertThat(answer).contains("\r\nRetry-After: 1\r\n");
          assertJson(RawHttp.body(answer), JUSPAY_503);
        }

        String padding = "x".repeat(100);
        for (String[] refused :
            new String[][] {
              {
                "/customers",
                "object_reference_id=busy0001&mobile_number=9876543210&pad=" + padding,
                JUSPAY_503
              },
              {
                "/router/customer",
                "{\"customer_id\":\"busy0001\",\"pad\":\"" + padding + "\"}",
                FLOWWISE_503
              },
              {
                "/airpay/ms/cards/api/update-customer",
                "entity_id=busy0001&pad=" + padding,
                AIRPAY_503
              },
              {
                "/admin/merchants",
                "{\"merchant_id\":\"busy\",\"name\":\"" + padding + "\"}",
                ADMIN_503
              }
            }) {
          String answer = RawHttp.exchange(port, post(server, refused[0], refused[1]));
          assertThat(RawHttp.statusLine(answer))
              .as(refused[0])
              .isEqualTo("HTTP/1.1 503 Service Unavailable");
          assertThat(answer).contains("\r\nRetry-After: 1\r\n");
          assertJson(RawHttp.body(answer), refused[2]);
        }
      } finally {
        for (Socket socket : stalled) {
          socket.close();
        }
      }

      String afterwards = "";
      for (int attempt = 0; attempt < 50; attempt++) {
        afterwards = RawHttp.exchange(port, create(server, "again" + attempt + "0000000"));
        if (RawHttp.statusLine(afterwards).equals("HTTP/1.1 200 OK")) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(RawHttp.statusLine(afterwards)).isEqualTo("HTTP/1.1 200 OK");
    }
  }

  /** Sends all of a 1 MiB body but its last byte, with the given header lines. */
  private static Socket stallAlmostWholeBody(int port, String headers) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    OutputStream out = socket.getOutputStream();
    String head =
        "POST /customers HTTP/1.1\r\nHost: localhost\r\n"
            + headers
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            + RequestBody.MAX_BYTES
            + "\r\n\r\n";
    byte[] body = new byte[RequestBody.MAX_BYTES - 1];
    Arrays.fill(body, (byte) 'a');
    try {
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
    } catch (IOException refusedAlready) {
      // the server answered 503 and closed while this body was on its way; the answer is read
    }
    return socket;
  }

  /** The whole answer on a connection the server closes after answering. */
  private static String answerWithin(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    InputStream in = socket.getInputStream();
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static String create(TestServer server, String reference) {
    return post(
        server,
        "/customers",
        "object_reference_id="
            + reference
            + "&mobile_country_code=91&mobile_number=9876543210&first_name=Ann");
  }

  /** A POST with the sandbox's credentials for the path and a body of the path's type. */
  private static String post(TestServer server, String path, String body) {
    String type = body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded";
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + server.sandboxCredentialHeaders(path)
        + "Content-Type: "
        + type
        + "\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }
}
