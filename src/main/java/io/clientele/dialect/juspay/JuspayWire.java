package io.clientele.dialect.juspay;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clientele.customer.Customer;
import io.clientele.customer.PersonalData;
import io.clientele.server.Json;
import java.util.List;

/**
 * Juspay's response bodies as records, in the field order of Juspay's pages. A field without a
 * value is left out, never {@code null}: the official Java SDK fails on a JSON null.
 */
final class JuspayWire {
  private JuspayWire() {}

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
  }

  /** The client auth token a create, update or get hands out when asked. */
  record TokenBody(String client_auth_token, String client_auth_token_expiry) {
    static TokenBody of(ClientAuthTokens.Token token) {
      return new TokenBody(token.value(), Json.seconds(token.expiry()));
    }
  }

  /** A page of the merchant's customers. */
  record ListBody(List<CustomerBody> list, int count, int offset, long total) {}
}
