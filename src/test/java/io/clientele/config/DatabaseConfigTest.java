package io.clientele.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseConfigTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db:5432/clientele | jdbc:postgresql://db:5432/clientele",
        "jdbc:postgresql://db/c?user=app&password=s3cret&ssl=true"
            + " | jdbc:postgresql://db/c?user=app&password=***&ssl=true",
        "jdbc:postgresql://db/c?PASSWORD=s3cret | jdbc:postgresql://db/c?PASSWORD=***",
        "jdbc:h2:file:/data/db;PASSWORD=s3cret;MODE=PostgreSQL"
            + " | jdbc:h2:file:/data/db;PASSWORD=***;MODE=PostgreSQL",
        "jdbc:postgresql://app:s3cret@db/c | jdbc:postgresql://app:***@db/c",
      })
  void showsAUrlWithItsPasswordMasked(String url, String shown) {
    assertThat(new DatabaseConfig(url, "app", "other").shownUrl()).isEqualTo(shown);
    assertThat(new DatabaseConfig(url, "app", "other").toString()).doesNotContain("s3cret");
  }
}
