package io.clientele.admin;

import static io.clientele.testing.Renders.assertRendered;
import static io.clientele.testing.Renders.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.clientele.merchant.AuthException;
import io.clientele.merchant.MerchantException;
import io.clientele.server.Rendered;
import io.clientele.server.RequestFacts;
import io.clientele.server.ServerFault;
import io.clientele.testing.Renders;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin API's bodies, also those of every path no dialect owns, in milliseconds. */
class AdminErrorsTest {
  static final RequestFacts POST = request("POST", "/admin/merchants");
  final AdminErrors errors = new AdminErrors();

  static Stream<Arguments> failures() {
    return Stream.of(
        arguments(
            new AdminApi.AdminError(400, "invalid_request", "Request body must be a JSON object"),
            POST,
            400,
            "invalid-request.json"),
        arguments(new MerchantException.NotFound("nobody"), POST, 404, "merchant-not-found.json"),
        arguments(new MerchantException.AlreadyExists("m1"), POST, 409, "merchant-exists.json"),
        arguments(
            new ServerFault.UnknownPath(),
            request("GET", "/admin/nothing-here"),
            404,
            "route-not-found.json"),
        arguments(
            new ServerFault.UnknownPath(),
            request("GET", "/no/such/route"),
            404,
            "no-such-route.json"),
        arguments(
            new ServerFault.MethodNotAllowed(List.of("GET", "HEAD")),
            request("DELETE", "/admin/merchants/m1"),
            405,
            "method-not-allowed.json"),
        arguments(new ServerFault.PayloadTooLarge(), POST, 413, "payload-too-large.json"),
        arguments(new ServerFault.UnreadableBody(), POST, 400, "unreadable-body.json"),
        arguments(new ServerFault.Busy(), POST, 503, "service-unavailable.json"),
        arguments(new ServerFault.HttpsRequired(), POST, 403, "https-required.json"));
  }

  @ParameterizedTest(name = "{0} answers {2}")
  @MethodSource("failures")
  void rendersEachKnownFailureAsItsBody(
      Throwable failure, RequestFacts request, int status, String fixture) {
    Rendered answer = errors.render(failure, request);

    assertRendered(answer, status, "admin/" + fixture);
    assertThat(answer.headers()).isEmpty();
    assertThat(answer.unexpected()).isFalse();
  }

  @Test
  void asksForTheBearerTokenWithA401() {
    Rendered answer =
        errors.render(
            new AdminApi.AdminError(401, "unauthorized", "Missing or invalid admin token"),
            request("GET", "/admin/merchants"));

    assertRendered(answer, 401, "admin/unauthorized.json");
    assertThat(answer.headers()).containsExactly(Map.entry("WWW-Authenticate", "Bearer"));
  }

  @Test
  void rendersAnExceptionNobodyExpectedAsItsInternalError() {
    Rendered answer =
        errors.render(new IllegalStateException("boom"), request("GET", "/health/ready"));

    assertRendered(answer, 500, "admin/internal-error.json");
    assertThat(Renders.text(answer)).doesNotContain("boom");
    assertThat(answer.unexpected()).isTrue();
  }

  @Test
  void rendersAnAuthenticationFailureItNeverMeetsAsAnUnexpectedInternalError() {
    Rendered answer = errors.render(new AuthException.Unauthenticated(), POST);

    assertRendered(answer, 500, "admin/internal-error.json");
    assertThat(answer.unexpected()).isTrue();
  }
}
