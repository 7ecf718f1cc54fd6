package io.clientele.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which requests an idempotency key takes for the same one. */
class IdempotencyFingerprintTest {
  static final byte[] BODY = "{\"name\":\"A\"}".getBytes(StandardCharsets.UTF_8);

  static byte[] of(byte[] body, String... parts) {
    return Idempotency.fingerprint(body, parts);
  }

  @Test
  void isTheSameForTheSameRequest() {
    assertThat(of(BODY, "PATCH", "/v1/customers/c1", null, "application/json", "\"1\"", null))
        .isEqualTo(of(BODY, "PATCH", "/v1/customers/c1", null, "application/json", "\"1\"", null));
  }

  @Test
  void tellsAnotherPreconditionApart() {
    assertThat(of(BODY, "PATCH", "/v1/customers/c1", null, "application/json", "\"1\"", null))
        .isNotEqualTo(
            of(BODY, "PATCH", "/v1/customers/c1", null, "application/json", "\"2\"", null));
  }

  @Test
  void tellsAnAbsentPartFromAnEmptyOne() {
    assertThat(of(BODY, "POST", "/v1/customers", null))
        .isNotEqualTo(of(BODY, "POST", "/v1/customers", ""));
  }

  @Test
  void tellsPartsApartWhereTheirTextRunsTogether() {
    assertThat(of(BODY, "POST", "/v1/customersa", "b"))
        .isNotEqualTo(of(BODY, "POST", "/v1/customers", "ab"));
  }

  @Test
  void tellsAnotherBodyApart() {
    assertThat(of(BODY, "POST", "/v1/customers"))
        .isNotEqualTo(
            of("{\"name\":\"B\"}".getBytes(StandardCharsets.UTF_8), "POST", "/v1/customers"));
  }
}
