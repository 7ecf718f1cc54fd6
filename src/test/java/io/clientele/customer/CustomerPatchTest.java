package io.clientele.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.customer.CustomerPatch.Clear;
import io.clientele.customer.CustomerPatch.Keep;
import io.clientele.customer.PersonalData.Field;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerPatchTest {

  @Test
  void keepsEveryFieldItDoesNotName() {
    CustomerPatch patch = CustomerPatch.builder().set(Field.EMAIL, "a@example.com").build();

    assertThat(patch.edit(Field.FIRST_NAME)).isEqualTo(new Keep<String>());
    assertThat(patch.edit(Field.EMAIL)).isEqualTo(new CustomerPatch.Set<>("a@example.com"));
    assertThat(patch.scope()).isEqualTo(new Keep<Customer.Scope>());
  }

  @Test
  void setsOnlyTheValuesARequestGave() {
    CustomerPatch patch =
        CustomerPatch.builder().setIfGiven(Field.CITY, null).setIfGiven(Field.STATE, "Goa").build();

    assertThat(patch.edit(Field.CITY)).isEqualTo(new Keep<String>());
    assertThat(patch.edit(Field.STATE)).isEqualTo(new CustomerPatch.Set<>("Goa"));
  }

  @Test
  void clearsAFieldExplicitly() {
    PersonalData before = new PersonalData(Map.of(Field.CITY, "Kochi", Field.STATE, "Kerala"));
    CustomerPatch patch = CustomerPatch.builder().clear(Field.CITY).build();

    assertThat(patch.edit(Field.CITY)).isEqualTo(new Clear<String>());
    assertThat(patch.applyTo(before)).isEqualTo(new PersonalData(Map.of(Field.STATE, "Kerala")));
  }

  @Test
  void setsAndRemovesMetadataKeysOneByOneAndKeepsTheRest() {
    PersonalData before =
        new PersonalData(Map.of(Field.CITY, "Kochi"), Map.of("a", "1", "b", "2", "c", "3"));
    CustomerPatch patch =
        CustomerPatch.builder().metadata("a", null).metadata("b", "two").metadata("d", "4").build();

    assertThat(patch.applyTo(before))
        .isEqualTo(
            new PersonalData(Map.of(Field.CITY, "Kochi"), Map.of("b", "two", "c", "3", "d", "4")));
  }

  @Test
  void clearsAllMetadataBeforeSettingTheKeysItNames() {
    PersonalData before = new PersonalData(Map.of(), Map.of("a", "1", "b", "2"));
    CustomerPatch patch = CustomerPatch.builder().clearMetadata().metadata("z", "26").build();

    assertThat(patch.applyTo(before).metadata()).containsExactly(Map.entry("z", "26"));
    assertThat(CustomerPatch.builder().build().applyTo(before)).isEqualTo(before);
  }

  @Test
  void refusesToSetANullValue() {
    assertThatThrownBy(() -> CustomerPatch.builder().set(Field.EMAIL, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("a set value is never null; clear the field instead");
  }

  @Test
  void carriesTheUniquenessADialectAsksFor() {
    assertThat(CustomerPatch.builder().unique(CustomerPatch.Unique.EMAIL).build().unique())
        .containsExactly(CustomerPatch.Unique.EMAIL);
    assertThat(CustomerPatch.NONE.unique()).isEmpty();
  }
}
