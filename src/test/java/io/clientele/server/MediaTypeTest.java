package io.clientele.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;

class MediaTypeTest {
  @ParameterizedTest(name = "[{0}] is [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json | application/json",
        "Application/JSON; charset=UTF-8 | application/json",
        "' application/x-www-form-urlencoded ;' | application/x-www-form-urlencoded",
        "; | ''",
        "';;;' | ''",
        "' ; charset=utf-8' | ''",
        "'' | ''",
      })
  void readsTheMediaTypeWithoutItsParameters(String contentType, String mediaType) {
    assertThat(RequestBody.mediaType(contentType)).isEqualTo(mediaType);
  }

  @ParameterizedTest
  @NullSource
  void readsNoContentTypeAsNoMediaType(String contentType) {
    assertThat(RequestBody.mediaType(contentType)).isEmpty();
  }
}
