package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.vault.VaultException;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PersonalColumnsTest {
  @Test
  void readsBackTheReferenceAndEveryFieldExactlyWhateverTheirLength() {
    Map<Field, String> values = new EnumMap<>(Field.class);
    values.put(Field.FIRST_NAME, "José");
    values.put(Field.NAME, "ΟΔΥΣΣΕΥΣ 𝔘nicode");
    values.put(Field.ADDRESS, "x".repeat(1000));
    values.put(Field.PINCODE, "");
    PersonalData personal = new PersonalData(values);

    PersonalColumns.Opened opened =
        PersonalColumns.decode(PersonalColumns.encode("ref-1", personal), null);

    assertThat(opened.reference()).isEqualTo("ref-1");
    assertThat(opened.personal()).isEqualTo(personal);
  }

  @Test
  void readsBackMetadataBesideTheFieldsAndAnEmptyValue() {
    PersonalData personal =
        new PersonalData(
            Map.of(Field.EMAIL, "a@example.com"),
            Map.of("tier", "gold", "note", "", "ключ", "𝔘".repeat(250)));

    PersonalColumns.Opened opened =
        PersonalColumns.decode(PersonalColumns.encode("ref-2", personal), null);

    assertThat(opened.reference()).isEqualTo("ref-2");
    assertThat(opened.personal()).isEqualTo(personal);
    assertThat(opened.personal().metadata()).containsOnlyKeys("note", "tier", "ключ");
  }

  @Test
  void refusesAMetadataEntryWithNoValue() {
    byte[] good = PersonalColumns.encode("r", new PersonalData(Map.of(), Map.of("k", "v")));
    byte[] noValue = java.util.Arrays.copyOf(good, good.length - 2);

    assertThatThrownBy(() -> PersonalColumns.decode(noValue, null))
        .isInstanceOf(VaultException.class)
        .hasMessage("a customer's sealed values end inside a length");
  }

  @Test
  void keepsAbsentFieldsAbsent() {
    PersonalColumns.Opened opened =
        PersonalColumns.decode(PersonalColumns.encode("r", PersonalData.NONE), null);

    assertThat(opened.personal()).isEqualTo(PersonalData.NONE);
  }

  @Test
  void refusesBytesItDidNotMake() {
    byte[] good = PersonalColumns.encode("ref-1", PersonalData.NONE);
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 1);
    byte[] otherFormat = good.clone();
    otherFormat[0] = 2;
    byte[] unknownTag = good.clone();
    unknownTag[1] = 99;

    assertThatThrownBy(() -> PersonalColumns.decode(cut, null))
        .isInstanceOf(VaultException.class)
        .hasMessage("a customer's sealed values are malformed");
    assertThatThrownBy(() -> PersonalColumns.decode(otherFormat, null))
        .isInstanceOf(VaultException.class)
        .hasMessage("a customer's sealed values are not in a format this version reads");
    assertThatThrownBy(() -> PersonalColumns.decode(unknownTag, null))
        .isInstanceOf(VaultException.class)
        .hasMessage("a customer's sealed values are malformed");
  }
}
