package io.clientele.dialect.flowwise;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerPatch;
import io.clientele.customer.NewCustomer;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.customer.Phones;
import io.clientele.merchant.Caller;
import java.util.EnumMap;
import java.util.Map;

/** A Flowwise {@code CustomerRequest} onto the domain's customer. */
final class FlowwiseMapping {
  /** The address parts other dialects keep apart, which a Flowwise address line replaces. */
  private static final Field[] ADDRESS_PARTS = {
    Field.CITY, Field.STATE, Field.COUNTRY, Field.PINCODE
  };

  private FlowwiseMapping() {}

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
}
