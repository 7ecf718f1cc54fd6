package io.clientele.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureTest {
  static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

  /** The expected value was computed apart, with Python's hmac module, as a receiver would. */
  @Test
  void signsTheTimeADotAndTheRawBodyWithHmacSha256InLowercaseHex() {
    assertThat(Signature.header("whsec_test", 1_700_000_000L, BODY))
        .isEqualTo(
            "t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925");
  }

  @Test
  void givesAnotherSignatureForAnotherTimeSoAnOldOneCannotBeMadeNew() {
    assertThat(Signature.hmac("whsec_test", 1_700_000_001L, BODY))
        .isNotEqualTo(Signature.hmac("whsec_test", 1_700_000_000L, BODY));
  }

  @Test
  void givesAnotherSignatureForAnotherSecret() {
    assertThat(Signature.hmac("whsec_other", 1_700_000_000L, BODY))
        .isNotEqualTo(Signature.hmac("whsec_test", 1_700_000_000L, BODY));
  }
}
