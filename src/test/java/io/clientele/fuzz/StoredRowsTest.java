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
    row.put("reference_key_matches", "true");
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
  void catchesAnErasedCustomerThatKeepsItsSealedValuesIndexesOrKey() {
    Map<String, String> row = validRow();
    row.put("status", "DELETED");
    for (String column :
        java.util.List.of(
            "reference_key", "personal", "email_key", "phone_key", "customer_key", "key_version")) {
      row.put(column, "kept");
    }

    assertThat(violations(row))
        .containsExactly(
            "erased customer keeps reference_key",
            "erased customer keeps personal",
            "erased customer keeps email_key",
            "erased customer keeps phone_key",
            "erased customer keeps customer_key",
            "erased customer keeps key_version");
  }

  @Test
  void catchesALiveCustomerWhoseReferenceIndexIsNotItsReferences() {
    Map<String, String> row = validRow();
    row.put("reference_key_matches", "false");

    assertThat(violations(row))
        .containsExactly("live customer whose reference_key is not its reference's blind index");
  }
}
