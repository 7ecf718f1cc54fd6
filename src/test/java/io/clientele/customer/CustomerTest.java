package io.clientele.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clientele.customer.PersonalData.Field;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");
  static final PersonalData JOHN_DATA =
      personal(
          "John",
          "Smith",
          "John Smith",
          "john@example.com",
          "91",
          "9876543210",
          "1 Road",
          "Kochi",
          "Kerala",
          "India",
          "682308");
  static final Customer JOHN =
      new Customer(
          "cst_aaaaaaaaaaaaaaaa",
          "m1",
          "ref-00001",
          "p1",
          Customer.Scope.PROJECT,
          JOHN_DATA,
          Customer.Status.ACTIVE,
          T0,
          T0,
          4);

  /** Every personal field, in the order of {@link Field}. */
  static PersonalData personal(String... values) {
    Map<Field, String> map = new EnumMap<>(Field.class);
    for (Field field : Field.values()) {
      map.put(field, values[field.ordinal()]);
    }
    return new PersonalData(map);
  }

  @Test
  void appliesOnlyTheFieldsAPatchSetsOrClears() {
    CustomerPatch patch =
        CustomerPatch.builder()
            .set(Field.LAST_NAME, "Doe")
            .set(Field.CITY, "Pune")
            .clear(Field.PINCODE)
            .build();

    assertThat(JOHN.apply(patch, T1))
        .isEqualTo(
            new Customer(
                "cst_aaaaaaaaaaaaaaaa",
                "m1",
                "ref-00001",
                "p1",
                Customer.Scope.PROJECT,
                personal(
                    "John",
                    "Doe",
                    "John Smith",
                    "john@example.com",
                    "91",
                    "9876543210",
                    "1 Road",
                    "Pune",
                    "Kerala",
                    "India",
                    null),
                Customer.Status.ACTIVE,
                T0,
                T1,
                5));
  }

  @Test
  void movesTheCustomerWhenAPatchSetsScopeAndProject() {
    CustomerPatch patch =
        CustomerPatch.builder().scope(Customer.Scope.GLOBAL).projectId("p2").build();

    Customer moved = JOHN.apply(patch, T1);

    assertThat(moved.scope()).isEqualTo(Customer.Scope.GLOBAL);
    assertThat(moved.projectId()).isEqualTo("p2");
    assertThat(moved.personal()).isEqualTo(JOHN_DATA);
  }

  @Test
  void staysTheSameCustomerForAPatchThatKeepsEverything() {
    assertThat(JOHN.apply(CustomerPatch.NONE, T1)).isSameAs(JOHN);
    assertThat(JOHN.apply(CustomerPatch.builder().reference("ref-00001").build(), T1))
        .isSameAs(JOHN);
  }

  @Test
  void staysTheSameCustomerForAPatchThatSetsTheStoredValues() {
    CustomerPatch patch =
        CustomerPatch.builder()
            .scope(Customer.Scope.PROJECT)
            .set(Field.FIRST_NAME, "John")
            .set(Field.CITY, "Kochi")
            .build();

    assertThat(JOHN.apply(patch, T1)).isSameAs(JOHN);
  }

  @Test
  void checksThePatchsRequirementsOnTheResultEvenWhenNothingChanges() {
    CustomerPatch refuseKochi =
        CustomerPatch.builder()
            .require(
                after -> {
                  if ("Kochi".equals(after.city())) {
                    throw new IllegalStateException("no Kochi");
                  }
                })
            .build();
    CustomerPatch moveToPune =
        CustomerPatch.builder()
            .set(Field.CITY, "Pune")
            .require(after -> assertThat(after.city()).isEqualTo("Pune"))
            .build();

    assertThatThrownBy(() -> JOHN.apply(refuseKochi, T1)).hasMessage("no Kochi");
    assertThat(JOHN.apply(moveToPune, T1).personal().city()).isEqualTo("Pune");
  }

  @Test
  void fillsAFieldOnlyWhereTheCustomerHasNoValue() {
    CustomerPatch fill =
        CustomerPatch.builder().fill(Field.CITY, "Pune").fill(Field.STATE, "Goa").build();
    Customer noState = JOHN.apply(CustomerPatch.builder().clear(Field.STATE).build(), T1);

    assertThat(JOHN.apply(fill, T1)).isSameAs(JOHN);
    assertThat(noState.apply(fill, T1).personal().state()).isEqualTo("Goa");
    assertThat(noState.apply(fill, T1).personal().city()).isEqualTo("Kochi");
  }

  @Test
  void refusesAPatchThatNamesAnotherReference() {
    CustomerPatch patch = CustomerPatch.builder().reference("ref-00002").build();

    assertThatThrownBy(() -> JOHN.apply(patch, T1))
        .isInstanceOfSatisfying(
            CustomerException.Invalid.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(new FieldError("reference", FieldError.Code.IMMUTABLE)));
  }

  @Test
  void erasingKeepsIdentityAndTimesOnly() {
    assertThat(JOHN.erased(T1))
        .isEqualTo(
            new Customer(
                "cst_aaaaaaaaaaaaaaaa",
                "m1",
                "ref-00001",
                "p1",
                Customer.Scope.PROJECT,
                PersonalData.NONE,
                Customer.Status.DELETED,
                T0,
                T1,
                5));
  }

  @Test
  void printsNoPersonalData() {
    assertThat(JOHN.toString())
        .isEqualTo("Customer[id=cst_aaaaaaaaaaaaaaaa, merchantId=m1, version=4]");
    assertThat(JOHN_DATA.toString())
        .isEqualTo(
            "PersonalData[FIRST_NAME, LAST_NAME, NAME, EMAIL, MOBILE_COUNTRY_CODE, MOBILE_NUMBER,"
                + " ADDRESS, CITY, STATE, COUNTRY, PINCODE]");
    assertThat(CustomerPatch.builder().set(Field.EMAIL, "john@example.com").build().toString())
        .doesNotContain("john");
  }
}
