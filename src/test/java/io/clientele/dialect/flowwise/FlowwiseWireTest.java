package io.clientele.dialect.flowwise;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.customer.Customer;
import io.clientele.customer.CustomerPatch;
import io.clientele.customer.NewCustomer;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.customer.Phones;
import io.clientele.merchant.Caller;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowwiseWireTest {
  static final Caller CALLER = new Caller("m1", "crd_1", "flowwise", "proj_1", "req-1");
  static final ObjectMapper JSON = new ObjectMapper();

  static FlowwiseRequest request(Customer.Scope scope, String address) {
    return new FlowwiseRequest(
        "customer-0001",
        scope,
        "Priya Sharma",
        new Phones.Split("91", "9876543210"),
        "priya@example.com",
        address);
  }

  @Test
  void mapsACreateIntoTheCallersProject() {
    assertThat(FlowwiseWire.newCustomer(request(Customer.Scope.GLOBAL, "1 Road"), CALLER))
        .isEqualTo(
            new NewCustomer(
                "customer-0001",
                "proj_1",
                Customer.Scope.GLOBAL,
                new PersonalData(
                    Map.of(
                        Field.NAME, "Priya Sharma",
                        Field.EMAIL, "priya@example.com",
                        Field.MOBILE_COUNTRY_CODE, "91",
                        Field.MOBILE_NUMBER, "9876543210",
                        Field.ADDRESS, "1 Road"))));
  }

  @Test
  void clearsTheAddressPartsOtherDialectsKeptWhenAnAddressLineIsWritten() {
    CustomerPatch patch =
        FlowwiseWire.patch(request(Customer.Scope.GLOBAL, "1 Road, Kochi"), CALLER);

    assertThat(patch.edit(Field.ADDRESS)).isEqualTo(new CustomerPatch.Set<>("1 Road, Kochi"));
    for (Field part : new Field[] {Field.CITY, Field.STATE, Field.COUNTRY, Field.PINCODE}) {
      assertThat(patch.edit(part)).isEqualTo(new CustomerPatch.Clear<String>());
    }
    assertThat(patch.projectId()).isEqualTo(new CustomerPatch.Keep<String>());
  }

  @Test
  void keepsTheAddressPartsWhenNoAddressIsSent() {
    CustomerPatch patch = FlowwiseWire.patch(request(Customer.Scope.GLOBAL, null), CALLER);

    assertThat(patch.edit(Field.ADDRESS)).isEqualTo(new CustomerPatch.Keep<String>());
    assertThat(patch.edit(Field.CITY)).isEqualTo(new CustomerPatch.Keep<String>());
  }

  @Test
  void movesACustomerIntoTheCallersProjectWhenTheScopeBecomesProject() {
    CustomerPatch patch = FlowwiseWire.patch(request(Customer.Scope.PROJECT, null), CALLER);

    assertThat(patch.scope()).isEqualTo(new CustomerPatch.Set<>(Customer.Scope.PROJECT));
    assertThat(patch.projectId()).isEqualTo(new CustomerPatch.Set<>("proj_1"));
  }

  @Test
  void showsTheAddressPartsOfOtherDialectsAsOneLine() {
    Map<Field, String> parts = new EnumMap<>(Field.class);
    parts.put(Field.ADDRESS, "456 Defence Colony");
    parts.put(Field.CITY, "New Delhi");
    parts.put(Field.STATE, "Delhi");
    parts.put(Field.PINCODE, "110024");
    parts.put(Field.COUNTRY, "India");

    assertThat(FlowwiseWire.CustomerBody.postalAddress(new PersonalData(parts)))
        .isEqualTo("456 Defence Colony, New Delhi, Delhi 110024, India");
    assertThat(
            FlowwiseWire.CustomerBody.postalAddress(
                new PersonalData(Map.of(Field.PINCODE, "110024"))))
        .isEqualTo("110024");
    assertThat(FlowwiseWire.CustomerBody.postalAddress(PersonalData.NONE)).isNull();
  }

  @Test
  void showsJuspaysFirstAndLastNamesAsTheName() {
    assertThat(
            FlowwiseWire.CustomerBody.displayName(
                new PersonalData(Map.of(Field.FIRST_NAME, "John", Field.LAST_NAME, "Smith"))))
        .isEqualTo("John Smith");
    assertThat(
            FlowwiseWire.CustomerBody.displayName(
                new PersonalData(Map.of(Field.LAST_NAME, "Smith"))))
        .isEqualTo("Smith");
    assertThat(
            FlowwiseWire.CustomerBody.displayName(
                new PersonalData(Map.of(Field.NAME, "Priya", Field.FIRST_NAME, "John"))))
        .isEqualTo("Priya");
  }

  @Test
  void showsAJuspayCustomerInTheCallersProjectWithoutUnsetFields() throws Exception {
    Customer juspay =
        new Customer(
            "cst_aaaaaaaaaaaaaaaa",
            "m1",
            "customer-0001",
            null,
            Customer.Scope.GLOBAL,
            new PersonalData(Map.of(Field.MOBILE_COUNTRY_CODE, "91", Field.MOBILE_NUMBER, "98765")),
            Customer.Status.ACTIVE,
            Instant.parse("2026-03-17T14:13:37.5Z"),
            Instant.parse("2026-03-18T00:00:00Z"),
            2);

    assertThat(JSON.writeValueAsString(FlowwiseWire.CustomerBody.of(juspay, CALLER)))
        .isEqualTo(
            "{\"id\":\"cst_aaaaaaaaaaaaaaaa\",\"added_on\":\"2026-03-17T14:13:37Z\","
                + "\"updated_on\":\"2026-03-18T00:00:00Z\",\"customer_id\":\"customer-0001\","
                + "\"project_id\":\"proj_1\",\"scope\":\"GLOBAL\",\"status\":\"ACTIVE\","
                + "\"phone\":\"+9198765\"}");
  }
}
