package io.clientele.customer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhonesTest {
  @Test
  void splitsANumberWrittenWithDigitsAndTheSeparatorsPeopleType() {
    assertThat(Phones.split("+6599887766")).hasValue(new Phones.Split("65", "99887766"));
    assertThat(Phones.split("+91 98765-43210")).hasValue(new Phones.Split("91", "9876543210"));
    assertThat(Phones.split("+44 (20) 7946.0958")).hasValue(new Phones.Split("44", "2079460958"));
  }

  /** libphonenumber alone read letters as keypad digits and dropped what trailed a number. */
  @Test
  void refusesLettersTrailingTextAndDigitsOtherThanAscii() {
    for (String refused :
        new String[] {
          "+65 9988 7766 tel",
          "+1 800 FLOWERS",
          "+919876543210x",
          "+919876543210/x12",
          "++919876543210",
          "+９１9876543210",
          "919876543210",
          "+",
          "",
          null
        }) {
      assertThat(Phones.split(refused)).as("%s", refused).isEmpty();
    }
  }
}
