package io.clientele.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.storage.JdbcWebhookStore.Claimed;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What a receiver is sent, and how a failure is recorded, without a server. */
class WebhookBodyTest {
  static final Instant AT = Instant.parse("2026-12-07T15:06:40.123456Z");

  static Claimed claimed(String type, String data) {
    return new Claimed(
        "m1",
        "whk_0000000000000000",
        "evt_000000000000000000000001",
        "https://hooks.example.com/",
        "whsec_x",
        type,
        "cst_0000000000000001",
        3,
        AT,
        data == null ? null : data.getBytes(StandardCharsets.UTF_8),
        1,
        AT);
  }

  static String body(Claimed claimed) {
    return new String(WebhookDispatcher.body(claimed), StandardCharsets.UTF_8);
  }

  @Test
  void wrapsTheStoredDataAsWrittenInTheEnvelope() {
    assertThat(
            body(
                claimed(
                    "customer.updated", "{\"id\":\"cst_0000000000000001\",\"b\":null,\"a\":1}")))
        .isEqualTo(
            "{\"id\":\"evt_000000000000000000000001\",\"type\":\"customer.updated\","
                + "\"created_at\":\"2026-12-07T15:06:40Z\","
                + "\"data\":{\"id\":\"cst_0000000000000001\",\"b\":null,\"a\":1}}");
  }

  @Test
  void sendsOnlyTheIdAndVersionOfADeletedCustomer() {
    assertThat(body(claimed("customer.deleted", null)))
        .isEqualTo(
            "{\"id\":\"evt_000000000000000000000001\",\"type\":\"customer.deleted\","
                + "\"created_at\":\"2026-12-07T15:06:40Z\","
                + "\"data\":{\"id\":\"cst_0000000000000001\",\"version\":3,\"deleted\":true}}");
  }

  @Test
  void marksAnEventWhoseDataAnErasureRemovedAsRedacted() {
    assertThat(body(claimed("customer.created", null)))
        .isEqualTo(
            "{\"id\":\"evt_000000000000000000000001\",\"type\":\"customer.created\","
                + "\"created_at\":\"2026-12-07T15:06:40Z\","
                + "\"data\":{\"id\":\"cst_0000000000000001\",\"version\":3,\"redacted\":true}}");
  }

  @Test
  void recordsEachKindOfFailureInFixedWordsThatNameNoAddress() {
    assertThat(WebhookDispatcher.describe(new CompletionException(new ConnectException("x:1"))))
        .isEqualTo("connection refused or unreachable");
    assertThat(WebhookDispatcher.describe(new HttpConnectTimeoutException("x")))
        .isEqualTo("connect timed out");
    assertThat(WebhookDispatcher.describe(new HttpTimeoutException("x")))
        .isEqualTo("no answer within the read timeout");
    assertThat(WebhookDispatcher.describe(new SSLHandshakeException("x")))
        .isEqualTo("TLS handshake failed");
    assertThat(WebhookDispatcher.describe(new IOException("https://user@x/")))
        .isEqualTo("connection failed before an answer");
    assertThat(WebhookDispatcher.describe(new IllegalStateException("x")))
        .isEqualTo("request could not be sent");
  }
}
