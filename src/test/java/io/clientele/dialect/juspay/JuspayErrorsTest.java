package io.clientele.dialect.juspay;

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
import io.clientele.testing.Renders;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every failure the Juspay dialect can meet, rendered as its documented body, in milliseconds. */
class JuspayErrorsTest {
  static final RequestFacts GET = request("GET", "/customers/cst_aaaaaaaaaaaaaaaa");

  static Stream<Arguments> failures() {
    return Stream.of(
        arguments(new AuthException.Unauthenticated(), GET, 401, "unauthorized.json"),
        arguments(new AuthException.OriginRefused(), GET, 403, "bad-origin.json"),
        arguments(
            new JuspayProblem.Missing(JuspayRules.REFERENCE),
            GET,
            400,
            "missing-object-reference-id.json"),
        arguments(
            new JuspayProblem.Missing(JuspayRules.MOBILE), GET, 400, "missing-mobile-number.json"),
        arguments(
            new JuspayProblem.WrongValues(List.of(JuspayRules.EMAIL, JuspayRules.FIRST_NAME)),
            GET,
            400,
            "wrong-values-email-first-name.json"),
        arguments(
            new JuspayProblem.UnreadableBody("Request body must be a JSON object"),
            GET,
            400,
            "unreadable-not-an-object.json"),
        arguments(
            new CustomerException.NotFound("cst_aaaaaaaaaaaaaaaa"),
            GET,
            404,
            "customer-not-found.json"),
        arguments(
            new CustomerException.ReferenceTaken("ref-00000001"),
            GET,
            400,
            "duplicate-object-reference-id.json"),
        arguments(
            new CustomerException.Invalid(
                List.of(
                    new FieldError("email", FieldError.Code.INVALID_FORMAT),
                    new FieldError("first_name", FieldError.Code.TOO_LONG),
                    new FieldError("email", FieldError.Code.TOO_LONG))),
            GET,
            400,
            "wrong-values-email-first-name.json"),
        arguments(
            new CustomerException.Invalid(
                List.of(
                    new FieldError("email", FieldError.Code.INVALID_FORMAT),
                    new FieldError("reference", FieldError.Code.MISSING))),
            GET,
            400,
            "missing-object-reference-id.json"),
        arguments(
            new CustomerException.Invalid(
                List.of(new FieldError("mobile_number", FieldError.Code.MISSING))),
            GET,
            400,
            "missing-mobile-number.json"),
        arguments(
            new ServerFault.UnknownPath(),
            request("GET", "/customers/a/b"),
            404,
            "endpoint-not-found.json"),
        arguments(
            new ServerFault.MethodNotAllowed(List.of("GET", "POST", "HEAD")),
            request("PATCH", "/customers/cst_aaaaaaaaaaaaaaaa"),
            405,
            "method-not-allowed.json"),
        arguments(new ServerFault.PayloadTooLarge(), GET, 413, "payload-too-large.json"),
        arguments(new ServerFault.UnreadableBody(), GET, 400, "unreadable-broken-off.json"),
        arguments(new ServerFault.Busy(), GET, 503, "service-unavailable.json"),
        arguments(new ServerFault.HttpsRequired(), GET, 403, "https-required.json"));
  }

  @Test
  void rendersARateLimitAs429WithRetryAfter() {
    Rendered answer = JuspayErrors.render(new RateLimited(3), GET);

    assertRendered(answer, 429, "juspay/too-many-requests.json");
    assertThat(answer.headers()).containsExactly(java.util.Map.entry("Retry-After", "3"));
    assertThat(answer.unexpected()).isFalse();
  }

  @ParameterizedTest(name = "{0} answers {2}")
  @MethodSource("failures")
  void rendersEachKnownFailureAsItsDocumentedBody(
      Throwable failure, RequestFacts request, int status, String fixture) {
    Rendered answer = JuspayErrors.render(failure, request);

    assertRendered(answer, status, "juspay/" + fixture);
    assertThat(answer.headers()).isEmpty();
    assertThat(answer.unexpected()).isFalse();
  }

  @Test
  void rendersAnExceptionNobodyExpectedAsItsInternalErrorWithoutItsMessage() {
    Rendered answer = JuspayErrors.render(new IllegalStateException("boom"), GET);

    assertRendered(answer, 500, "juspay/internal-error.json");
    assertThat(Renders.text(answer)).doesNotContain("boom").doesNotContain("IllegalState");
    assertThat(answer.headers()).isEmpty();
    assertThat(answer.unexpected()).isTrue();
  }

  @Test
  void rendersAnEmailClaimItNeverMakesAsAnUnexpectedInternalError() {
    Rendered answer = JuspayErrors.render(new CustomerException.EmailTaken(), GET);

    assertRendered(answer, 500, "juspay/internal-error.json");
    assertThat(answer.unexpected()).isTrue();
  }
}
