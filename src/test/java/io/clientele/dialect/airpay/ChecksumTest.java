package io.clientele.dialect.airpay;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.server.FormBody;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksumTest {
  static final String VECTOR_BODY =
      "entity_id=ENT0001&email=xyz@airpay.co.in&mobile_no=9000000879&address=Address&city=City"
          + "&state=Kerala&country=India&pincode=682308";
  static final String VECTOR_CHECKSUM =
      "52fb8f9e437780d72ebc826d73e5d1eef88e44a50b00ae2d5c19e18e390ad0d3";

  static List<String> values(String body) {
    return FormBody.parse(body).stream().map(FormBody.Pair::value).toList();
  }

  @Test
  void matchesTheSpecTestVector() {
    assertThat(Checksum.of(values(VECTOR_BODY), "TESTSECRET")).isEqualTo(VECTOR_CHECKSUM);
  }

  @Test
  void coversDecodedValuesInTheOrderSent() {
    String encoded = VECTOR_BODY.replace("xyz@airpay.co.in", "xyz%40airpay.co.in");
    String reordered =
        "email=xyz@airpay.co.in&entity_id=ENT0001&mobile_no=9000000879&address=Address&city=City"
            + "&state=Kerala&country=India&pincode=682308";

    assertThat(Checksum.of(values(encoded), "TESTSECRET")).isEqualTo(VECTOR_CHECKSUM);
    assertThat(Checksum.of(values(reordered), "TESTSECRET")).isNotEqualTo(VECTOR_CHECKSUM);
    assertThat(Checksum.of(values(VECTOR_BODY), "OTHERSECRET")).isNotEqualTo(VECTOR_CHECKSUM);
  }

  @Test
  void comparesHexWithoutRegardToCase() {
    assertThat(Checksum.matches(VECTOR_CHECKSUM.toUpperCase(), VECTOR_CHECKSUM)).isTrue();
    assertThat(Checksum.matches(VECTOR_CHECKSUM, VECTOR_CHECKSUM)).isTrue();
    assertThat(Checksum.matches(VECTOR_CHECKSUM.substring(1) + "0", VECTOR_CHECKSUM)).isFalse();
    assertThat(Checksum.matches("", VECTOR_CHECKSUM)).isFalse();
    assertThat(Checksum.matches(null, VECTOR_CHECKSUM)).isFalse();
  }
}
