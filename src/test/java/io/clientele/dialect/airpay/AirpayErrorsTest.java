package io.clientele.dialect.airpay;

import static io.clientele.testing.Renders.assertRendered;
import static io.clientele.testing.Renders.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.clientele.customer.CustomerException;
import io.clientele.customer.FieldError;
import io.clientele.merchant.AuthException;
import io.clientele.merchant.RateLimited;
import io.clientele.server.Rendered;
import io.clientele.server.RequestFacts;
import io.clientele.server.ServerFault;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every failure the Airpay dialect can meet: the documented {@code fail} body with the status, and
 * the reason in a header and on the access-log line.
 */
class AirpayErrorsTest {
  static final RequestFacts UPDATE = request("POST", AirpayServer.PATH);

  static Stream<Arguments> failures() {
    return Stream.of(
        arguments(
            AirpayRejection.unauthorized("token header is missing"),
            401,
            "token header is missing"),
        arguments(
            AirpayRejection.badRequest("pincode must be 6 digits when country is India"),
            400,
            "pincode must be 6 digits when country is India"),
        arguments(new AuthException.Unauthenticated(), 401, "token is not valid"),
        arguments(
            new AuthException.OriginRefused(),
            403,
            "caller address is not on the merchant's allow-list"),
        arguments(
            new CustomerException.NotFound("ENT0001"), 404, "no customer with this entity_id"),
        arguments(new CustomerException.EmailTaken(), 400, "email is used by another customer"),
        arguments(
            new CustomerException.Invalid(
                List.of(
                    new FieldError("mobile_number", FieldError.Code.INVALID_CHARACTERS),
                    new FieldError("email", FieldError.Code.INVALID_FORMAT))),
            400,
            "mobile_no is not valid"),
        arguments(
            new CustomerException.Invalid(
                List.of(new FieldError("reference", FieldError.Code.MISSING))),
            400,
            "entity_id is required"),
        arguments(new ServerFault.UnknownPath(), 404, "no such endpoint"),
        arguments(new ServerFault.MethodNotAllowed(List.of("POST")), 405, "method not allowed"),
        arguments(new ServerFault.PayloadTooLarge(), 413, "request body is larger than 1 MiB"),
        arguments(new ServerFault.UnreadableBody(), 400, "body could not be read to its end"),
        arguments(new ServerFault.Busy(), 503, "server busy; retry shortly"),
        arguments(
            new ServerFault.HttpsRequired(),
            403,
            "this server takes airpay requests over HTTPS only"));
  }

  @Test
  void rendersARateLimitAsFail429WithRetryAfterAndItsReason() {
    Rendered answer = AirpayErrors.render(new RateLimited(3), UPDATE);

    assertRendered(answer, 429, "airpay/fail-429.json");
    assertThat(answer.headers())
        .containsExactly(
            Map.entry(
                "x-clientele-reason",
                "rate limit of this token exceeded; retry after the Retry-After seconds"),
            Map.entry("Retry-After", "3"));
    assertThat(answer.unexpected()).isFalse();
  }

  @ParameterizedTest(name = "{0} answers {1}")
  @MethodSource("failures")
  void rendersEachKnownFailureAsFailWithItsReason(Throwable failure, int status, String reason) {
    Rendered answer = AirpayErrors.render(failure, UPDATE);

    assertRendered(answer, status, "airpay/fail-" + status + ".json");
    assertThat(answer.headers()).containsExactly(Map.entry("x-clientele-reason", reason));
    assertThat(answer.accessLogTags())
        .containsExactly(Map.entry("reason", reason.replace(' ', '_')));
    assertThat(answer.unexpected()).isFalse();
  }

  @Test
  void rendersAnExceptionNobodyExpectedAsFail500() {
    Rendered answer = AirpayErrors.render(new IllegalStateException("boom"), UPDATE);

    assertRendered(answer, 500, "airpay/fail-500.json");
    assertThat(answer.headers())
        .containsExactly(
            Map.entry(
                "x-clientele-reason", "server error; quote the x-request-id to the operator"));
    assertThat(answer.unexpected()).isTrue();
  }

  @Test
  void rendersAReferenceClaimItNeverMakesAsAnUnexpectedFail500() {
    Rendered answer = AirpayErrors.render(new CustomerException.ReferenceTaken("ENT0001"), UPDATE);

    assertRendered(answer, 500, "airpay/fail-500.json");
    assertThat(answer.unexpected()).isTrue();
  }
}
