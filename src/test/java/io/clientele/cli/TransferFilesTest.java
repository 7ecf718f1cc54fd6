package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The export file formats as written, and import files as read: rows, lines, offsets, refusals. */
class TransferFilesTest {
  @TempDir Path dir;

  static final String HEADER =
      "customer_id,reference,project_id,scope,first_name,last_name,name,email,"
          + "mobile_country_code,mobile_number,address,city,state,country,pincode,metadata,"
          + "created_at,updated_at,version";

  Path file(String name, String content) throws IOException {
    return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
  }

  Path file(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Every row as {@code line:end:nextLine json-or-problems}. */
  static List<String> rows(ImportRows rows) throws IOException {
    List<String> read = new ArrayList<>();
    for (ImportRows.Row row = rows.next(); row != null; row = rows.next()) {
      read.add(
          row.line()
              + ":"
              + row.end()
              + ":"
              + row.nextLine()
              + " "
              + (row.rejected() ? row.reference() + " " + row.problems() : text(row.json())));
    }
    return read;
  }

  @Test
  void namesTheCsvColumnsInTheOrderTheApiAnswers() {
    assertThat(String.join(",", CustomerFile.COLUMNS)).isEqualTo(HEADER);
    assertThat(text(CustomerFile.header(CustomerFile.Format.CSV))).isEqualTo(HEADER + "\r\n");
    assertThat(CustomerFile.header(CustomerFile.Format.JSONL)).isEmpty();
  }

  @Test
  void writesACustomerAsTheApisJsonOnOneLine() {
    JsonNode customer =
        JsonAssert.parse(
            "{\"customer_id\":\"cst_0000000000000001\",\"reference\":\"r\\u00e9f \\\"1\\\"\","
                + "\"email\":null,\"version\":3}");

    assertThat(text(CustomerFile.row(CustomerFile.Format.JSONL, customer)))
        .isEqualTo(
            "{\"customer_id\":\"cst_0000000000000001\",\"reference\":\"réf \\\"1\\\"\","
                + "\"email\":null,\"version\":3}\n");
  }

  @Test
  void writesACustomerAsCsvCellsQuotingOnlyWhatNeedsIt() {
    JsonNode customer =
        JsonAssert.parse(
            "{\"customer_id\":\"cst_0000000000000001\",\"reference\":\"ref-1\",\"project_id\":null,"
                + "\"scope\":\"GLOBAL\",\"first_name\":\"Asha, \\\"Ash\\\"\",\"last_name\":null,"
                + "\"name\":\" Rao \",\"email\":null,\"mobile_country_code\":null,"
                + "\"mobile_number\":null,\"address\":\"Flat 4\\r\\n12 Main Road\","
                + "\"city\":\"Kochi\\n\",\"state\":null,\"country\":null,\"pincode\":\"682001\","
                + "\"created_at\":\"2025-05-06T07:08:09Z\",\"updated_at\":\"2025-06-01T00:00:00Z\","
                + "\"version\":7}");

    assertThat(text(CustomerFile.row(CustomerFile.Format.CSV, customer)))
        .isEqualTo(
            "cst_0000000000000001,ref-1,,GLOBAL,\"Asha, \"\"Ash\"\"\",, Rao ,,,,"
                + "\"Flat 4\r\n12 Main Road\",\"Kochi\n\",,,682001,,"
                + "2025-05-06T07:08:09Z,2025-06-01T00:00:00Z,7\r\n");
  }

  @Test
  void writesMetadataAsTheJsonOfItsObjectInOneCell() {
    JsonNode customer =
        JsonAssert.parse(
            "{\"customer_id\":\"cst_0000000000000001\",\"reference\":\"ref-1\","
                + "\"metadata\":{\"tier\":\"gold\",\"note\":\"a, \\\"b\\\"\"}}");

    assertThat(text(CustomerFile.row(CustomerFile.Format.CSV, customer)))
        .isEqualTo(
            "cst_0000000000000001,ref-1,,,,,,,,,,,,,,"
                + "\"{\"\"tier\"\":\"\"gold\"\",\"\"note\"\":\"\"a, \\\"\"b\\\"\"\"\"}\",,,\r\n");
  }

  @Test
  void writesNoMetadataAsAnEmptyCell() {
    JsonNode customer =
        JsonAssert.parse("{\"customer_id\":\"cst_0000000000000001\",\"metadata\":{}}");

    assertThat(text(CustomerFile.row(CustomerFile.Format.CSV, customer)))
        .isEqualTo("cst_0000000000000001,,,,,,,,,,,,,,,,,,\r\n");
  }

  @Test
  void refusesToDropAFieldTheCsvHasNoColumnFor() {
    JsonNode customer =
        JsonAssert.parse("{\"customer_id\":\"cst_0000000000000001\",\"nickname\":\"A\"}");

    assertThatThrownBy(() -> CustomerFile.row(CustomerFile.Format.CSV, customer))
        .isInstanceOfSatisfying(
            CommandFailure.class,
            failure ->
                assertThat(failure.lines())
                    .containsExactly(
                        "the server's customers have a field nickname that this clientele does"
                            + " not know; export as jsonl, or use the server's version of"
                            + " clientele"));
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "null, out.jsonl, JSONL",
        "null, OUT.CSV, CSV",
        "csv, out.jsonl, CSV",
        "jsonl, out, JSONL"
      })
  void takesTheFormatFromTheOptionElseTheExtension(
      String option, String file, CustomerFile.Format format) {
    assertThat(CustomerFile.Format.of(option, Path.of(file))).isEqualTo(format);
  }

  @Test
  void refusesAFileNameThatSaysNoFormat() {
    assertThatThrownBy(() -> CustomerFile.Format.of(null, Path.of("out.json")))
        .isInstanceOfSatisfying(
            CommandFailure.class,
            failure -> {
              assertThat(failure.exitCode()).isEqualTo(2);
              assertThat(failure.lines())
                  .containsExactly(
                      "cannot tell the format of out.json from its name; name it .jsonl or"
                          + " .csv, or pass --format jsonl|csv");
            });
    assertThatThrownBy(() -> CustomerFile.Format.of("xml", Path.of("out.csv")))
        .hasMessage("--format must be jsonl or csv; got 'xml'");
  }

  @Test
  void readsCsvRecordsWithTheLineTheyStartOnAndTheOffsetAfterThem() throws Exception {
    Path csv = file("in.csv", "a,b\r\n\"x\r\ny\",\"say \"\"hi\"\"\"\n\nlast,\"\"\rend,");

    try (ByteInput in = ByteInput.open(csv, 0)) {
      CsvReader reader = new CsvReader(in, 1);
      List<CsvReader.Record> records = new ArrayList<>();
      for (CsvReader.Record record = reader.next(); record != null; record = reader.next()) {
        records.add(record);
      }

      assertThat(records)
          .containsExactly(
              new CsvReader.Record(List.of("a", "b"), 1, 5, true),
              new CsvReader.Record(List.of("x\r\ny", "say \"hi\""), 2, 25, true),
              new CsvReader.Record(List.of("last", ""), 5, 34, true),
              new CsvReader.Record(List.of("end", ""), 6, 38, true));
    }
  }

  @Test
  void startsReadingCsvAtAnOffsetWithTheLineGiven() throws Exception {
    Path csv = file("in.csv", "a,b\r\n\"x\r\ny\",z\r\nlast,1\r\n");

    try (ByteInput in = ByteInput.open(csv, 15)) {
      CsvReader reader = new CsvReader(in, 4);

      assertThat(reader.next()).isEqualTo(new CsvReader.Record(List.of("last", "1"), 4, 23, true));
      assertThat(reader.next()).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a,b\\n\"never closed,x\\ny|line 2: the quoted cell opened here is never closed",
        "a,b\\nx,\"quoted\"tail\\n|line 2: a closing quote must end its cell, or be doubled inside it"
      })
  void refusesCsvThatCannotBeRead(String content, String problem) throws Exception {
    Path csv = file("bad.csv", content.replace("\\n", "\n"));

    try (ByteInput in = ByteInput.open(csv, 0)) {
      CsvReader reader = new CsvReader(in, 1);
      reader.next();

      assertThatThrownBy(reader::next).isInstanceOf(CsvReader.Malformed.class).hasMessage(problem);
    }
  }

  @Test
  void skipsAByteOrderMarkAtTheStartOfTheFile() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] rest = "reference\r\nref-1\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[bom.length + rest.length];
    System.arraycopy(bom, 0, content, 0, 3);
    System.arraycopy(rest, 0, content, 3, rest.length);
    Path csv = file("bom.csv", content);

    ImportRows.Header header = ImportRows.csvHeader(csv);

    assertThat(header).isEqualTo(new ImportRows.Header(List.of("reference"), 14, 2));
  }

  @Test
  void turnsCsvRowsIntoObjectsOfTheirNonEmptyCells() throws Exception {
    Path csv =
        file(
            "in.csv",
            "reference,email,city\r\nref-1,a@b.co,\"Ko\nchi\"\r\nref-2,,\r\n,x@y.z,1,2\r\n");
    ImportRows.Header header = ImportRows.csvHeader(csv);

    try (ImportRows rows =
        ImportRows.open(CustomerFile.Format.CSV, csv, header.end(), header.nextLine(), header)) {
      assertThat(rows(rows))
          .containsExactly(
              "2:45:4 {\"reference\":\"ref-1\",\"email\":\"a@b.co\",\"city\":\"Ko\\nchi\"}",
              "4:54:5 {\"reference\":\"ref-2\"}",
              "5:66:6 null [Problem[field=null, code=invalid_record,"
                  + " message=the record has 4 cells; the header has 3]]");
    }
    assertThat(ImportRows.count(CustomerFile.Format.CSV, csv, header)).isEqualTo(3);
  }

  @Test
  void rejectsACsvRecordThatIsNotUtf8() throws Exception {
    byte[] head = "reference,city\nref-1,K".getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[head.length + 2];
    System.arraycopy(head, 0, content, 0, head.length);
    content[head.length] = (byte) 0xC3;
    content[head.length + 1] = '\n';
    Path csv = file("latin.csv", content);
    ImportRows.Header header = ImportRows.csvHeader(csv);

    try (ImportRows rows =
        ImportRows.open(CustomerFile.Format.CSV, csv, header.end(), header.nextLine(), header)) {
      assertThat(rows(rows))
          .containsExactly(
              "2:24:3 ref-1 [Problem[field=null, code=invalid_encoding,"
                  + " message=the record is not UTF-8 text]]");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "reference,nickname|in.csv: the header names an unknown column 'nickname'; the columns are "
            + HEADER,
        "reference,email,email|in.csv: the header names the column email twice",
        "email,city|in.csv: the header has no reference column, which every row needs",
        "|in.csv is empty: a CSV import starts with a header of column names",
        "\"reference|in.csv is not CSV: line 1: the quoted cell opened here is never closed"
      })
  void refusesACsvHeaderItCannotUse(String header, String problem) throws Exception {
    Path csv = file("in.csv", header == null ? "" : header + "\r\nref-1\r\n");

    assertThatThrownBy(() -> ImportRows.csvHeader(csv))
        .isInstanceOfSatisfying(
            CommandFailure.class,
            failure -> {
              assertThat(failure.exitCode()).isEqualTo(2);
              assertThat(failure.lines()).containsExactly(dir.resolve(problem).toString());
            });
  }

  @Test
  void refusesACsvFileThatStopsBeingCsvBeforeAnyRowIsSent() throws Exception {
    Path csv = file("in.csv", "reference\r\nref-1\r\n\"ref-2\r\n");
    ImportRows.Header header = ImportRows.csvHeader(csv);

    assertThatThrownBy(() -> ImportRows.count(CustomerFile.Format.CSV, csv, header))
        .isInstanceOfSatisfying(
            CommandFailure.class,
            failure -> {
              assertThat(failure.exitCode()).isEqualTo(2);
              assertThat(failure.lines())
                  .containsExactly(
                      csv + " is not CSV: line 3: the quoted cell opened here is never closed");
            });
  }

  @Test
  void sendsJsonLinesAsTheyAreAndRejectsLinesThatAreNotOneObject() throws Exception {
    Path jsonl =
        file(
            "in.jsonl",
            "{\"reference\":\"ref-1\"}\r\n"
                + "\n"
                + "  \t\n"
                + "[1,2]\n"
                + "{\"reference\":\"ref-2\",\"reference\":\"ref-3\"}\n"
                + "{\"reference\":\"ref-4\",\"nested\":[{\"a\":1},{\"a\":1}]}\n"
                + "{\"reference\":\"ref-5\"} {}\n"
                + "{\"reference\":\n"
                + "{\"reference\":\"ref-6\"}");

    try (ImportRows rows = ImportRows.open(CustomerFile.Format.JSONL, jsonl, 0, 1, null)) {
      assertThat(rows(rows))
          .containsExactly(
              "1:23:2 {\"reference\":\"ref-1\"}",
              "4:34:5 null [Problem[field=null, code=invalid_json,"
                  + " message=not a JSON object: the line holds an array]]",
              "5:76:6 null [Problem[field=null, code=invalid_json,"
                  + " message=not a JSON object: Duplicate field 'reference']]",
              "6:125:7 {\"reference\":\"ref-4\",\"nested\":[{\"a\":1},{\"a\":1}]}",
              "7:150:8 null [Problem[field=null, code=invalid_json,"
                  + " message=not a JSON object: more than one JSON value on the line]]",
              "8:164:9 null [Problem[field=null, code=invalid_json,"
                  + " message=not a JSON object: the line ends inside a JSON value]]",
              "9:185:10 {\"reference\":\"ref-6\"}");
    }
    assertThat(ImportRows.count(CustomerFile.Format.JSONL, jsonl, null)).isEqualTo(7);
  }

  @Test
  void rejectsARowTooLargeToSend() throws Exception {
    String large = "{\"reference\":\"" + "x".repeat(ImportRows.MAX_ROW_BYTES) + "\"}";
    Path jsonl = file("large.jsonl", large + "\n{\"reference\":\"ref-2\"}\n");

    try (ImportRows rows = ImportRows.open(CustomerFile.Format.JSONL, jsonl, 0, 1, null)) {
      assertThat(rows(rows))
          .containsExactly(
              "1:65553:2 null [Problem[field=null, code=too_large, message=the row is 65552"
                  + " bytes of JSON; a row may take at most 65536]]",
              "2:65575:3 {\"reference\":\"ref-2\"}");
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "{\"a\":1,\"a\":2}|Duplicate field 'a'",
        "{\"a\":{\"b\":1,\"c\":[{\"d\":1,\"d\":2}]}}|Duplicate field 'd'",
        "{\"a\":{\"x\":1},\"b\":{\"x\":2},\"x\":3}|",
        "{\"a\":[1,{\"a\":2}],\"b\":null}|",
      })
  void findsANameGivenTwiceInAnyObjectOfALineButNotInTwoObjects(String line, String problem) {
    byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(ImportRows.notOneObject(bytes, bytes.length)).isEqualTo(problem);
  }
}
