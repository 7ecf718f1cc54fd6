package io.clientele.testing;

import static io.clientele.testing.JsonAssert.assertJsonText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clientele.server.Json;
import io.clientele.server.Rendered;
import io.clientele.server.RequestFacts;

/**
 * What the renderer unit tests share: a request to render for, and an exact check of the answer.
 */
public final class Renders {
  /** A version 4 UUID, so that it fits the fixtures' {@code <uuid>} wherever one is quoted. */
  public static final String REQUEST_ID = "3f2b8c1e-5a4d-4e6f-9b7a-0c1d2e3f4a5b";

  private Renders() {}

  public static RequestFacts request(String method, String path) {
    return new RequestFacts(method, path, REQUEST_ID);
  }

  /** The body as the server writes it. */
  public static String text(Rendered answer) {
    try {
      return Json.mapper().writeValueAsString(answer.body());
    } catch (JsonProcessingException e) {
      throw new AssertionError("body is not serialisable: " + answer.body(), e);
    }
  }

  /**
   * Asserts the status and that the body is exactly the fixture's text, with {@link #REQUEST_ID}
   * wherever the fixture has {@code <uuid>}.
   */
  public static void assertRendered(Rendered answer, int status, String fixture) {
    assertThat(answer.status()).as("status").isEqualTo(status);
    assertJsonText(text(answer), JsonAssert.fixture(fixture).replace("<uuid>", REQUEST_ID));
  }
}
