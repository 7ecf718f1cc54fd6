package io.clientele.dialect.flowwise;

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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every failure the Flowwise dialect can meet, rendered as its documented body, in milliseconds.
 */
class FlowwiseErrorsTest {
  static final RequestFacts PUT = request("PUT", "/router/customer/c1");

  static Stream<Arguments> failures() {
    return Stream.of(
        arguments(new AuthException.Unauthenticated(), PUT, 401, "unauthorized.json"),
        arguments(new AuthException.OriginRefused(), PUT, 403, "origin-not-allowed.json"),
        arguments(new FlowwiseProblem.InvalidCustomerId(), PUT, 400, "invalid-customer-id.json"),
        arguments(
            new FlowwiseProblem.InvalidData("Missing required field: scope"),
            PUT,
            400,
            "missing-scope.json"),
        arguments(new CustomerException.NotFound("c1"), PUT, 404, "customer-not-found.json"),
        arguments(
            new CustomerException.ReferenceTaken("c1"), PUT, 409, "customer-already-exists.json"),
        arguments(
            new CustomerException.Invalid(
                List.of(
                    new FieldError("reference", FieldError.Code.TOO_LONG),
                    new FieldError("mobile_country_code", FieldError.Code.MISSING),
                    new FieldError("mobile_number", FieldError.Code.MISSING))),
            PUT,
            400,
            "invalid-customer-id-and-phone.json"),
        arguments(
            new ServerFault.UnknownPath(),
            request("GET", "/router/customers"),
            404,
            "route-not-found.json"),
        arguments(
            new ServerFault.MethodNotAllowed(List.of("GET", "PUT", "DELETE", "HEAD")),
            request("PATCH", "/router/customer/c1"),
            405,
            "method-not-allowed.json"),
        arguments(new ServerFault.PayloadTooLarge(), PUT, 413, "payload-too-large.json"),
        arguments(new ServerFault.UnreadableBody(), PUT, 400, "unreadable-body.json"),
        arguments(new ServerFault.Busy(), PUT, 503, "service-unavailable.json"),
        arguments(new ServerFault.HttpsRequired(), PUT, 403, "https-required.json"));
  }

  @Test
  void rendersARateLimitAs429WithRetryAfter() {
    Rendered answer = FlowwiseErrors.render(new RateLimited(3), PUT);

    assertRendered(answer, 429, "flowwise/too-many-requests.json");
    assertThat(answer.headers()).containsExactly(java.util.Map.entry("Retry-After", "3"));
    assertThat(answer.unexpected()).isFalse();
  }

  @ParameterizedTest(name = "{0} answers {2}")
  @MethodSource("failures")
  void rendersEachKnownFailureAsItsDocumentedBody(
      Throwable failure, RequestFacts request, int status, String fixture) {
    Rendered answer = FlowwiseErrors.render(failure, request);

    assertRendered(answer, status, "flowwise/" + fixture);
    assertThat(answer.headers()).isEmpty();
    assertThat(answer.unexpected()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "PUT, update-failed.json",
    "POST, create-failed.json",
    "DELETE, delete-failed.json",
    "GET, fetch-failed.json",
    "HEAD, fetch-failed.json"
  })
  void rendersAnExceptionNobodyExpectedAsTheServerErrorOfTheOperation(
      String method, String fixture) {
    Rendered answer =
        FlowwiseErrors.render(
            new IllegalStateException("boom"), request(method, "/router/customer/c1"));

    assertRendered(answer, 500, "flowwise/" + fixture);
    assertThat(Renders.text(answer)).doesNotContain("boom");
    assertThat(answer.unexpected()).isTrue();
  }

  @Test
  void rendersAnEmailClaimItNeverMakesAsAnUnexpectedServerError() {
    Rendered answer = FlowwiseErrors.render(new CustomerException.EmailTaken(), PUT);

    assertRendered(answer, 500, "flowwise/update-failed.json");
    assertThat(answer.unexpected()).isTrue();
  }
}
