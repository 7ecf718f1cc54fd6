package io.clientele.customer;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.customer.PersonalData.Field;
import io.clientele.merchant.Caller;
import org.junit.jupiter.api.Test;

class ChangeTest {
  static final Caller CALLER = new Caller("m1", "crd_1", "airpay", null, "req-1");

  @Test
  void listsEveryFieldACreateSet() {
    Change create = new Change(null, CustomerTest.JOHN, CALLER);

    assertThat(create.kind()).isEqualTo(Change.Kind.CREATE);
    assertThat(create.fields()).hasSize(2 + Field.values().length);
    assertThat(create.fields().get(0))
        .isEqualTo(new Change.FieldChange("scope", null, "PROJECT", false));
    assertThat(create.fields().get(1))
        .isEqualTo(new Change.FieldChange("project_id", null, "p1", false));
  }

  @Test
  void listsOnlyTheFieldsThatDiffer() {
    Customer after =
        CustomerTest.JOHN.apply(
            CustomerPatch.builder()
                .set(Field.EMAIL, "john@example.com")
                .set(Field.CITY, "Pune")
                .clear(Field.PINCODE)
                .build(),
            CustomerTest.T1);

    Change change = new Change(CustomerTest.JOHN, after, CALLER);

    assertThat(change.kind()).isEqualTo(Change.Kind.CHANGE);
    assertThat(change.wroteSomething()).isTrue();
    assertThat(change.fields())
        .containsExactly(
            new Change.FieldChange("city", "Kochi", "Pune", true),
            new Change.FieldChange("pincode", "682308", null, true));
  }

  @Test
  void namesEachMetadataKeyThatDiffersAfterThePersonalFieldsAsPersonal() {
    Customer tagged =
        CustomerTest.JOHN.apply(
            CustomerPatch.builder().metadata("tier", "gold").metadata("crm", "C1").build(),
            CustomerTest.T1);
    Customer retagged =
        tagged.apply(
            CustomerPatch.builder()
                .set(Field.CITY, "Pune")
                .metadata("tier", "silver")
                .metadata("crm", null)
                .build(),
            CustomerTest.T1);

    assertThat(new Change(tagged, retagged, CALLER).fields())
        .containsExactly(
            new Change.FieldChange("city", CustomerTest.JOHN.personal().city(), "Pune", true),
            new Change.FieldChange("metadata.crm", "C1", null, true),
            new Change.FieldChange("metadata.tier", "gold", "silver", true));
    assertThat(new Change(retagged, retagged.erased(CustomerTest.T1), CALLER).fields())
        .contains(new Change.FieldChange("metadata.tier", "silver", null, true));
  }

  @Test
  void namesAnErasureAndEveryValueItRemoved() {
    Change erase = new Change(CustomerTest.JOHN, CustomerTest.JOHN.erased(CustomerTest.T1), CALLER);

    assertThat(erase.kind()).isEqualTo(Change.Kind.ERASE);
    assertThat(erase.fields()).hasSize(Field.values().length);
    assertThat(erase.fields()).allSatisfy(f -> assertThat(f.newValue()).isNull());
  }

  @Test
  void wroteNothingWhenAfterIsBefore() {
    assertThat(new Change(CustomerTest.JOHN, CustomerTest.JOHN, CALLER).wroteSomething()).isFalse();
  }
}
