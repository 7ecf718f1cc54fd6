package io.clientele.dialect.juspay;

import static io.clientele.dialect.juspay.JuspayServer.assertError;
import static io.clientele.dialect.juspay.JuspayServer.assertErrorBody;
import static io.clientele.dialect.juspay.JuspayServer.uniqueReference;
import static io.clientele.dialect.juspay.JuspayServer.unreadable;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.TestDatabase;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bodies that cannot be read get a 400 in Juspay's shape, never a 5xx. */
class JuspayBodyTest {
  static JuspayServer juspay;

  @BeforeAll
  static void start() {
    juspay = new JuspayServer(TestDatabase.Engine.H2);
  }

  @AfterAll
  static void stop() {
    juspay.close();
  }

  static HttpResponse<String> send(String contentType, byte[] body) {
    return juspay.server.send(
        juspay
            .request("/customers", juspay.m1Key)
            .header("Content-Type", contentType)
            .POST(BodyPublishers.ofByteArray(body))
            .build());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "application/json | '{\"object_reference_id\":' | Request body must be a JSON object",
        "application/json | '[1,2]' | Request body must be a JSON object",
        "application/json | '{\"object_reference_id\":\"trailing1\",\"mobile_number\":\"1\"} xx' | Request body must be a JSON object",
        "application/json | '{\"object_reference_id\":\"trailing2\",\"mobile_number\":\"1\"}{\"a\":1}' | Request body must be a JSON object",
        "application/json | 'null' | Request body must be a JSON object",
        "application/json | '' | Request body must be a JSON object",
        "text/plain | 'object_reference_id=abcdefgh' | Content-Type must be application/x-www-form-urlencoded or application/json, not text/plain",
        "multipart/form-data; boundary=x | '--x--' | Content-Type must be application/x-www-form-urlencoded or application/json, not multipart/form-data",
        "application/x-www-form-urlencoded; charset=ISO-8859-1 | 'object_reference_id=abcdefgh' | Request body must be UTF-8, not iso-8859-1",
        "application/x-www-form-urlencoded | 'object_reference_id=abc%ZZdefgh' | Form body has a malformed percent-escape",
        "application/x-www-form-urlencoded | 'object_reference_id%=abcdefgh' | Form body has a malformed percent-escape",
      })
  void rejectsAnUnreadableBody(String contentType, String body, String developerMessage) {
    HttpResponse<String> response = send(contentType, body.getBytes(StandardCharsets.UTF_8));

    assertErrorBody(response, 400, unreadable(developerMessage));
  }

  @Test
  void rejectsABodyThatIsNotUtf8() {
    byte[] body = {'a', '=', (byte) 0xC3, (byte) 0x28};

    assertErrorBody(
        send("application/x-www-form-urlencoded", body),
        400,
        unreadable("Request body is not valid UTF-8"));
    assertErrorBody(
        send("application/json", new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'}),
        400,
        unreadable("Request body is not valid UTF-8"));
  }

  @Test
  void rejectsAPercentEscapedValueThatIsNotUtf8() {
    HttpResponse<String> response =
        send(
            "application/x-www-form-urlencoded",
            ("object_reference_id=" + uniqueReference() + "&mobile_number=1&first_name=%FF%FE")
                .getBytes(StandardCharsets.UTF_8));

    assertErrorBody(response, 400, JuspayServer.wrongValues("first_name"));
  }

  @Test
  void rejectsAJsonValueThatCannotBeText() {
    HttpResponse<String> response =
        send(
            "application/json",
            ("{\"object_reference_id\":\""
                    + uniqueReference()
                    + "\",\"mobile_number\":\"1\",\"first_name\":{\"a\":1},"
                    + "\"last_name\":null}")
                .getBytes(StandardCharsets.UTF_8));

    assertErrorBody(response, 400, JuspayServer.wrongValues("first_name", "last_name"));
  }

  @Test
  void rejectsTheTokenOptionGivenBothFlatAndNested() {
    HttpResponse<String> response =
        send(
            "application/json",
            ("{\"object_reference_id\":\""
                    + uniqueReference()
                    + "\",\"mobile_number\":\"1\","
                    + "\"options.get_client_auth_token\":true,\"options\":{\"get_client_auth_token\":false}}")
                .getBytes(StandardCharsets.UTF_8));

    assertErrorBody(response, 400, JuspayServer.wrongValues("options.get_client_auth_token"));
  }

  @Test
  void rejectsOptionsThatAreNotAnObject() {
    HttpResponse<String> response =
        send(
            "application/json",
            ("{\"object_reference_id\":\""
                    + uniqueReference()
                    + "\",\"mobile_number\":\"1\",\"options\":\"yes\"}")
                .getBytes(StandardCharsets.UTF_8));

    assertErrorBody(response, 400, JuspayServer.wrongValues("options.get_client_auth_token"));
  }

  @Test
  void readsAFormWithoutContentTypeAsCurlSendsIt() {
    HttpResponse<String> response =
        juspay.server.send(
            juspay
                .request("/customers", juspay.m1Key)
                .POST(
                    BodyPublishers.ofString(
                        "object_reference_id=" + uniqueReference() + "&mobile_number=1"))
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void answers413InJuspaysShapeForABodyOverOneMebibyte() {
    byte[] body = ("first_name=" + "x".repeat(1024 * 1024)).getBytes(StandardCharsets.UTF_8);

    assertError(send("application/x-www-form-urlencoded", body), 413, "payload-too-large.json");
  }

  @Test
  void answers404InJuspaysShapeForAnUnknownCustomersRoute() {
    HttpResponse<String> response = juspay.get("/customers/a/b", juspay.m1Key);

    assertError(response, 404, "endpoint-not-found.json");
  }
}
