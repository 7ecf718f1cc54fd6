package io.clientele.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.testing.Browser;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.openqa.selenium.By;

/**
 * An operator at the console: a browser on one running server, and the calls that make the data the
 * pages show through the real APIs.
 */
final class Operator {
  final Browser browser;
  final TestServer server;

  Operator(Browser browser, TestServer server) {
    this.browser = browser;
    this.server = server;
  }

  String console() {
    return server.http("/console").toString();
  }

  /** Opens the console afresh: nothing in session storage, so at the sign-in page. */
  void openSignedOut() {
    browser.open(console());
    browser.assertText(By.tagName("h1"), "Sign in");
  }

  void signInWith(String token) {
    browser.type(By.id("token"), token);
    browser.click(By.cssSelector("#sign-in button[type=submit]"));
  }

  /** Opens the console and signs in with the admin token, landing on the merchants. */
  void signIn() {
    openSignedOut();
    signInWith(TestServer.ADMIN_TOKEN);
    browser.assertText(By.tagName("h1"), "Merchants");
  }

  /** Goes to a page of the console by its route, {@code /merchants/sandbox} say. */
  void goTo(String route) {
    browser.go(console() + "#" + route);
  }

  String adminCall(String method, String path, String body) {
    HttpResponse<String> response = server.adminCall(method, path, body);
    assertThat(response.statusCode()).as(method + " " + path).isBetween(200, 299);
    return response.body();
  }

  /** A new credential of the merchant, through the admin API: its id and secrets. */
  com.fasterxml.jackson.databind.JsonNode credential(String merchantId, String body) {
    return JsonAssert.parse(
        adminCall("POST", "/admin/merchants/" + merchantId + "/credentials", body));
  }

  /** A Juspay request with the given key, form-encoded as the Juspay SDKs send. */
  HttpResponse<String> juspay(String apiKey, String method, String path, String form) {
    return server.send(
        HttpRequest.newBuilder(server.http(path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder().encodeToString(apiKey.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  /** Creates or changes a customer of the sandbox merchant the Juspay way; answers its id. */
  String juspaySandbox(String path, String form) {
    HttpResponse<String> response = juspay(server.sandbox("api_key"), "POST", path, form);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JsonAssert.parse(response.body()).get("id").textValue();
  }

  /** A Flowwise request for the sandbox merchant's customer with this reference. */
  HttpResponse<String> flowwiseSandbox(String method, String reference, String json) {
    return server.send(
        HttpRequest.newBuilder(server.http("/router/customer/" + reference))
            .header("x-client-id", server.sandbox("client_id"))
            .header("x-client-secret", server.sandbox("client_secret"))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  Object storage(String script) {
    return browser.script("return " + script);
  }
}
