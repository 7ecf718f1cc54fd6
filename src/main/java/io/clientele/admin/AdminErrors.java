package io.clientele.admin;

import io.clientele.merchant.MerchantException;
import io.clientele.server.Rendered;
import io.clientele.server.Renderer;
import io.clientele.server.RequestFacts;
import io.clientele.server.ServerFault;

/**
 * The admin API's error body, {@code {"error":{"code":…,"message":…}}}; also the shape of every
 * path no gateway dialect owns (health, metrics, unknown routes), which makes this the server's
 * fallback renderer rather than a dialect.
 */
public final class AdminErrors implements Renderer {

  @Override
  public Rendered render(Throwable failure, RequestFacts request) {
    if (failure instanceof AdminApi.AdminError error) {
      Rendered answer = answer(error.status, error.code, error.getMessage());
      return error.status == 401 ? answer.withHeader("WWW-Authenticate", "Bearer") : answer;
    } else if (failure instanceof MerchantException.NotFound notFound) {
      return answer(404, "merchant_not_found", "No merchant with id " + notFound.merchantId());
    } else if (failure instanceof MerchantException.AlreadyExists exists) {
      return answer(
          409, "merchant_exists", "A merchant with id " + exists.merchantId() + " already exists");
    } else if (failure instanceof MerchantException.CredentialNotFound notFound) {
      return answer(
          404,
          "credential_not_found",
          "Merchant " + notFound.merchantId() + " has no credential " + notFound.credentialId());
    } else if (failure instanceof MerchantException.CredentialRevoked revoked) {
      return answer(
          409,
          "credential_revoked",
          "Credential " + revoked.credentialId() + " is revoked or rotated already");
    } else if (failure instanceof ServerFault fault) {
      return serverFault(fault, request);
    }
    return Rendered.unexpected(
        500,
        new Body(
            new Error("internal_error", "Internal error; see the server log for the request id")));
  }

  private static Rendered serverFault(ServerFault fault, RequestFacts request) {
    if (fault instanceof ServerFault.UnknownPath) {
      return answer(404, "not_found", "No route for " + request.method() + " " + request.path());
    } else if (fault instanceof ServerFault.MethodNotAllowed) {
      return answer(
          405, "method_not_allowed", request.method() + " is not served on " + request.path());
    } else if (fault instanceof ServerFault.PayloadTooLarge) {
      return answer(413, "payload_too_large", "Request body is larger than 1 MiB");
    } else if (fault instanceof ServerFault.UnreadableBody) {
      return answer(400, "invalid_request", "Request body could not be read to its end");
    } else if (fault instanceof ServerFault.HttpsRequired) {
      return answer(403, "https_required", "This server takes admin requests over HTTPS only");
    }
    return answer(
        503, "service_unavailable", "Server busy receiving other requests; retry shortly");
  }

  private static Rendered answer(int status, String code, String message) {
    return Rendered.of(status, new Body(new Error(code, message)));
  }

  record Body(Error error) {}

  record Error(String code, String message) {}
}
