package io.clientele.dialect.juspay;

import static io.clientele.dialect.juspay.JuspayRules.COUNTRY_CODE;
import static io.clientele.dialect.juspay.JuspayRules.EMAIL;
import static io.clientele.dialect.juspay.JuspayRules.FIRST_NAME;
import static io.clientele.dialect.juspay.JuspayRules.LAST_NAME;
import static io.clientele.dialect.juspay.JuspayRules.MOBILE;
import static io.clientele.dialect.juspay.JuspayRules.REFERENCE;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clientele.customer.Customer;
import io.clientele.customer.CustomerPatch;
import io.clientele.customer.NewCustomer;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.server.Json;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Juspay's wire types and their conversions: parameters onto the domain's customer, and the
 * response bodies as records in the field order of Juspay's pages. A field without a value is left
 * out, never {@code null}: the official Java SDK fails on a JSON null.
 */
final class JuspayWire {
  private JuspayWire() {}

  /** A create whose parameters passed the rules: the reference and mobile number are present. */
  static NewCustomer newCustomer(JuspayParams params) {
    String countryCode = params.get(COUNTRY_CODE).orElse(JuspayRules.DEFAULT_COUNTRY_CODE);
    Map<Field, String> personal = new EnumMap<>(Field.class);
    personal.put(Field.FIRST_NAME, params.get(FIRST_NAME).orElse(null));
    personal.put(Field.LAST_NAME, params.get(LAST_NAME).orElse(null));
    personal.put(Field.EMAIL, params.get(EMAIL).orElse(null));
    personal.put(Field.MOBILE_COUNTRY_CODE, countryCode);
    personal.put(
        Field.MOBILE_NUMBER,
        JuspayRules.nationalNumber(params.get(MOBILE).orElseThrow(), countryCode));
    return NewCustomer.global(params.get(REFERENCE).orElseThrow(), new PersonalData(personal));
  }

  /**
   * An update: each field sent is set, each absent one kept; a reference sent must be the stored
   * one.
   */
  static CustomerPatch patch(JuspayParams params) {
    String countryCode = params.get(COUNTRY_CODE).orElse(null);
    String mobile = params.get(MOBILE).orElse(null);
    return CustomerPatch.builder()
        .reference(params.get(REFERENCE).orElse(null))
        .setIfGiven(Field.FIRST_NAME, params.get(FIRST_NAME).orElse(null))
        .setIfGiven(Field.LAST_NAME, params.get(LAST_NAME).orElse(null))
        .setIfGiven(Field.EMAIL, params.get(EMAIL).orElse(null))
        .setIfGiven(Field.MOBILE_COUNTRY_CODE, countryCode)
        .setIfGiven(
            Field.MOBILE_NUMBER,
            mobile == null ? null : JuspayRules.nationalNumber(mobile, countryCode))
        .build();
  }

  /** A customer as Juspay shows it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CustomerBody(
      String id,
      String object,
      String object_reference_id,
      String mobile_country_code,
      String mobile_number,
      String email_address,
      String first_name,
      String last_name,
      String date_created,
      String last_updated,
      TokenBody juspay) {

    static CustomerBody of(Customer c, ClientAuthTokens.Token token) {
      PersonalData p = c.personal();
      return new CustomerBody(
          c.id(),
          "customer",
          c.reference(),
          p.mobileCountryCode(),
          p.mobileNumber(),
          p.email(),
          p.firstName(),
          p.lastName(),
          Json.seconds(c.createdAt()),
          Json.seconds(c.updatedAt()),
          token == null ? null : TokenBody.of(token));
    }

    @Override
    public String toString() {
      return "CustomerBody[id=" + id + "]";
    }
  }

  /** The client auth token a create, update or get hands out when asked. */
  record TokenBody(String client_auth_token, String client_auth_token_expiry) {
    static TokenBody of(ClientAuthTokens.Token token) {
      return new TokenBody(token.value(), Json.seconds(token.expiry()));
    }

    @Override
    public String toString() {
      return "TokenBody[expiry=" + client_auth_token_expiry + "]";
    }
  }

  /** A page of the merchant's customers. */
  record ListBody(List<CustomerBody> list, int count, int offset, long total) {}
}
