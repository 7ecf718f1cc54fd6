package io.clientele.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fuzz suite's oracle must pass a valid row and catch each kind of bad one. */
class StoredRowsTest {
  static final Set<String> SENT = Set.of("ref-00000001");

  static Map<String, String> validRow() {
    Map<String, String> row = new HashMap<>();
    row.put("id", "cst_0123456789abcdef");
    row.put("merchant_id", "m1");
    row.put("reference", "ref-00000001");
    row.put("live_reference", "ref-00000001");
    row.put("scope", "GLOBAL");
    row.put("status", "ACTIVE");
    row.put("version", "1");
    row.put("first_name", "José");
    row.put("email", "a.b@example.com");
    row.put("mobile_country_code", "91");
    row.put("mobile_number", "9876543210");
    row.put("country", "India");
    row.put("pincode", "110024");
    return row;
  }

  static java.util.List<String> violations(Map<String, String> row) {
    return StoredRows.customerViolations(row, SENT, Set.of("m1"), Set.of("p1"));
  }

  @Test
  void passesAValidRow() {
    assertThat(violations(validRow())).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "reference | ref-00000002",
        "first_name | Jo<sé",
        "name | a\u0000b",
        "name | a\ud800b",
        "address | '   '",
        "email | a@@example.com",
        "email | .a@example.com",
        "mobile_number | +919876543210",
        "mobile_country_code | 9x",
        "city | New Delhi",
        "country | Indi4",
        "pincode | 1234567",
        "pincode | 12345",
        "scope | LOCAL",
        "id | cst_SHORT",
      })
  void catchesAValueTheRulesRefuse(String column, String value) {
    Map<String, String> row = validRow();
    row.put(column, value);

    assertThat(violations(row)).isNotEmpty();
  }

  @Test
  void catchesAnErasedCustomerThatKeepsPersonalData() {
    Map<String, String> row = validRow();
    row.put("status", "DELETED");
    row.put("live_reference", null);

    assertThat(violations(row)).hasSize(6);
  }

  @Test
  void catchesALiveCustomerWhoseReferenceIsNotLive() {
    Map<String, String> row = validRow();
    row.put("live_reference", null);

    assertThat(violations(row)).hasSize(1);
  }
}
