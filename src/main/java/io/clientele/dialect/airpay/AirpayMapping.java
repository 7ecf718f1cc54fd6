package io.clientele.dialect.airpay;

import static io.clientele.dialect.airpay.AirpayRules.ADDRESS;
import static io.clientele.dialect.airpay.AirpayRules.CITY;
import static io.clientele.dialect.airpay.AirpayRules.COUNTRY;
import static io.clientele.dialect.airpay.AirpayRules.EMAIL;
import static io.clientele.dialect.airpay.AirpayRules.MOBILE;
import static io.clientele.dialect.airpay.AirpayRules.PINCODE;
import static io.clientele.dialect.airpay.AirpayRules.STATE;

import io.clientele.customer.CustomerPatch;
import io.clientele.customer.PersonalData.Field;
import java.util.Map;

/** Airpay's update-customer form onto the domain's customer. */
final class AirpayMapping {
  static final String DEFAULT_COUNTRY_CODE = "91";

  private AirpayMapping() {}

  /**
   * The update: every field sent, stored where the other dialects read it, and an email that must
   * be no other live customer's. A mobile number of a customer without a country code gets India's,
   * Airpay's home. The pincode rule holds for the customer as the update leaves it, checked on the
   * locked row, so no racing write can slip a short pincode under an Indian address.
   */
  static CustomerPatch patch(Map<String, String> params) {
    String mobile = params.get(MOBILE);
    CustomerPatch.Builder patch =
        CustomerPatch.builder()
            .setIfGiven(Field.EMAIL, params.get(EMAIL))
            .setIfGiven(Field.MOBILE_NUMBER, mobile)
            .setIfGiven(Field.ADDRESS, params.get(ADDRESS))
            .setIfGiven(Field.CITY, params.get(CITY))
            .setIfGiven(Field.STATE, params.get(STATE))
            .setIfGiven(Field.COUNTRY, params.get(COUNTRY))
            .setIfGiven(Field.PINCODE, params.get(PINCODE));
    if (mobile != null) {
      patch.fill(Field.MOBILE_COUNTRY_CODE, DEFAULT_COUNTRY_CODE);
    }
    patch.require(after -> AirpayRules.checkPincode(after.pincode(), after.country()));
    if (params.containsKey(EMAIL)) {
      patch.unique(CustomerPatch.Unique.EMAIL);
    }
    return patch.build();
  }
}
