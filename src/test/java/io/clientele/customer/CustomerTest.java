package io.clientele.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CustomerTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");
  static final Customer JOHN =
      new Customer(
          "cst_aaaaaaaaaaaaaaaa",
          "m1",
          "ref-00001",
          "p1",
          Customer.Scope.PROJECT,
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
          "682308",
          Customer.Status.ACTIVE,
          T0,
          T0,
          4);

  @Test
  void appliesOnlyTheFieldsAChangeNames() {
    Customer changed =
        JOHN.with(CustomerChanges.builder().lastName("Doe").city("Pune").build(), T1);

    assertThat(changed)
        .isEqualTo(
            new Customer(
                "cst_aaaaaaaaaaaaaaaa",
                "m1",
                "ref-00001",
                "p1",
                Customer.Scope.PROJECT,
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
                "682308",
                Customer.Status.ACTIVE,
                T0,
                T1,
                5));
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
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Customer.Status.DELETED,
                T0,
                T1,
                5));
  }

  @Test
  void printsNoPersonalData() {
    assertThat(JOHN.toString())
        .isEqualTo("Customer[id=cst_aaaaaaaaaaaaaaaa, merchantId=m1, version=4]");
  }
}
