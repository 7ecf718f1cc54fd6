package io.clientele.dialect.flowwise;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clientele.customer.Customer;
import io.clientele.customer.PersonalData;
import io.clientele.customer.Phones;
import io.clientele.merchant.Caller;
import io.clientele.server.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Flowwise's {@code CustomerResponse} as a record; a field without a value is left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FlowwiseWire(
    String id,
    String added_on,
    String updated_on,
    String customer_id,
    String project_id,
    String scope,
    String status,
    String name,
    String email,
    String phone,
    String address) {

  /**
   * {@code project_id} is the project the customer belongs to, or the caller's for a customer that
   * no project created.
   */
  static FlowwiseWire of(Customer c, Caller caller) {
    PersonalData p = c.personal();
    return new FlowwiseWire(
        c.id(),
        Json.seconds(c.createdAt()),
        Json.seconds(c.updatedAt()),
        c.reference(),
        c.projectId() != null ? c.projectId() : caller.projectId(),
        c.scope().name(),
        c.status().name(),
        displayName(p),
        p.email(),
        Phones.join(p.mobileCountryCode(), p.mobileNumber()),
        postalAddress(p));
  }

  /**
   * Flowwise's one address line: the street address, then the city, state and pincode and the
   * country another dialect may have stored apart, as in {@code 456 Defence Colony, New Delhi,
   * Delhi 110024, India}.
   */
  static String postalAddress(PersonalData p) {
    String statePin = String.join(" ", present(p.state(), p.pincode()));
    String line =
        String.join(
            ", ",
            present(p.address(), p.city(), statePin.isEmpty() ? null : statePin, p.country()));
    return line.isEmpty() ? null : line;
  }

  /** The name as given to Flowwise, else the first and last names given to Juspay. */
  static String displayName(PersonalData p) {
    if (p.name() != null) {
      return p.name();
    }
    String joined = String.join(" ", present(p.firstName(), p.lastName()));
    return joined.isEmpty() ? null : joined;
  }

  private static List<String> present(String... parts) {
    return Arrays.stream(parts).filter(Objects::nonNull).toList();
  }

  @Override
  public String toString() {
    return "FlowwiseWire[id=" + id + "]";
  }
}
