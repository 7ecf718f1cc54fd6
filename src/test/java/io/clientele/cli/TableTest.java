package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.testing.JsonAssert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TableTest {
  static String printed(Table table) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void alignsColumnsTwoSpacesApartWithoutTrailingSpaces() {
    Table table =
        new Table("ID", "NAME", "CITY").row("m1", "Acme Payments", "Pune").row("sandbox", "S", "");

    assertThat(printed(table))
        .isEqualTo("ID       NAME           CITY\nm1       Acme Payments  Pune\nsandbox  S\n");
  }

  @Test
  void showsAMissingValueAsADash() {
    assertThat(printed(new Table("A", "B").row(null, "x"))).isEqualTo("A  B\n-  x\n");
  }

  @Test
  void printsTheHeaderAloneWhenThereAreNoRows() {
    assertThat(printed(new Table("MERCHANT", "NAME"))).isEqualTo("MERCHANT  NAME\n");
  }

  @Test
  void keepsEachRowOnOneLineByEscapingControlCharacters() {
    assertThat(printed(new Table("V", "W").row("a\nb\tc\r\u0007", "x")))
        .isEqualTo("V                W\na\\nb\\tc\\r\\u0007  x\n");
  }

  @Test
  void countsALetterOutsideTheBasicPlaneAsOneColumn() {
    assertThat(printed(new Table("N", "X").row("\uD835\uDC00b", "1")))
        .isEqualTo("N   X\n\uD835\uDC00b  1\n");
  }

  @Test
  void readsJsonValuesAsCells() {
    assertThat(Table.text(JsonAssert.parse("null"))).isNull();
    assertThat(Table.text(JsonAssert.parse("{}").path("missing"))).isNull();
    assertThat(Table.text(JsonAssert.parse("[\"10.0.0.0/8\",\"127.0.0.1/32\"]")))
        .isEqualTo("10.0.0.0/8, 127.0.0.1/32");
    assertThat(Table.text(JsonAssert.parse("3"))).isEqualTo("3");
    assertThat(Table.text(JsonAssert.parse("true"))).isEqualTo("true");
  }

  @Test
  void listsAnObjectFieldByField() {
    assertThat(
            printed(
                Table.fields(
                    JsonAssert.parse(
                        "{\"credential_id\":\"crd_1\",\"api_key\":\"K\",\"project_id\":null}"))))
        .isEqualTo(
            "FIELD          VALUE\ncredential_id  crd_1\napi_key        K\nproject_id     -\n");
  }

  @Test
  void refusesARowOfTheWrongWidth() {
    assertThatThrownBy(() -> new Table("A", "B").row("1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row of 1 cells in a table of 2 columns");
  }
}
