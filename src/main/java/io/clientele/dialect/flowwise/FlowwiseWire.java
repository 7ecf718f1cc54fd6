package io.clientele.dialect.flowwise;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clientele.customer.Customer;
import io.clientele.customer.CustomerPatch;
import io.clientele.customer.NewCustomer;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.customer.Phones;
import io.clientele.merchant.Caller;
import io.clientele.server.Json;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Flowwise's wire types and their conversions: a {@code CustomerRequest} onto the domain's
 * customer, and the {@code CustomerResponse} as a record; a field without a value is left out.
 */
final class FlowwiseWire {
  /** The address parts other dialects keep apart, which a Flowwise address line replaces. */
  private static final Field[] ADDRESS_PARTS = {
    Field.CITY, Field.STATE, Field.COUNTRY, Field.PINCODE
  };

  private FlowwiseWire() {}

  static NewCustomer newCustomer(FlowwiseRequest request, Caller caller) {
    Map<Field, String> personal = new EnumMap<>(Field.class);
    personal.put(Field.NAME, request.name());
    personal.put(Field.EMAIL, request.email());
    Phones.Split phone = request.phone();
    if (phone != null) {
      personal.put(Field.MOBILE_COUNTRY_CODE, phone.countryCode());
      personal.put(Field.MOBILE_NUMBER, phone.nationalNumber());
    }
    personal.put(Field.ADDRESS, request.address());
    return new NewCustomer(
        request.customerId(), caller.projectId(), request.scope(), new PersonalData(personal));
  }

  /**
   * An update: each field sent is set, each absent one kept. A project scope moves the customer
   * into the caller's project. A Flowwise address is the whole address: writing one clears the
   * parts another dialect stored apart, so that it reads back as written.
   */
  static CustomerPatch patch(FlowwiseRequest request, Caller caller) {
    CustomerPatch.Builder patch =
        CustomerPatch.builder()
            .scope(request.scope())
            .setIfGiven(Field.NAME, request.name())
            .setIfGiven(Field.EMAIL, request.email())
            .setIfGiven(Field.ADDRESS, request.address());
    if (request.scope() == Customer.Scope.PROJECT && caller.projectId() != null) {
      patch.projectId(caller.projectId());
    }
    Phones.Split phone = request.phone();
    if (phone != null) {
      patch.set(Field.MOBILE_COUNTRY_CODE, phone.countryCode());
      patch.set(Field.MOBILE_NUMBER, phone.nationalNumber());
    }
    if (request.address() != null) {
      for (Field part : ADDRESS_PARTS) {
        patch.clear(part);
      }
    }
    return patch.build();
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CustomerBody(
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
     * {@code project_id} is the project the customer belongs to, or the caller's for a customer
     * that no project created.
     */
    static CustomerBody of(Customer c, Caller caller) {
      PersonalData p = c.personal();
      return new CustomerBody(
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
      return "CustomerBody[id=" + id + "]";
    }
  }
}
