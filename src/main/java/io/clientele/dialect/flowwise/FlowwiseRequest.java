package io.clientele.dialect.flowwise;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.customer.Customer;
import io.clientele.customer.CustomerRules;
import io.clientele.customer.Phones;
import io.clientele.server.Json;
import io.clientele.server.RequestBody;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code CustomerRequest} body, checked against the schema's rules; every problem is collected,
 * in the schema's field order, into one message. Absent fields are {@code null}.
 */
record FlowwiseRequest(
    String customerId,
    Customer.Scope scope,
    String name,
    Phones.Split phone,
    String email,
    String address) {

  static FlowwiseRequest parse(String contentType, byte[] body) {
    String type = RequestBody.mediaType(contentType);
    if (!type.isEmpty() && !type.equals(Json.CONTENT_TYPE)) {
      throw new FlowwiseProblem.InvalidData("Content-Type must be application/json");
    }
    JsonNode root =
        Json.parse(body)
            .filter(JsonNode::isObject)
            .orElseThrow(
                () ->
                    new FlowwiseProblem.InvalidData(
                        "Malformed JSON: the body must be a JSON object"));
    List<String> problems = new ArrayList<>();
    String customerId = text(root, "customer_id", true, problems);
    if (customerId != null && !CustomerRules.isReference(customerId)) {
      problems.add("Invalid customer_id: use 1 to 255 characters, without control characters");
      customerId = null;
    }
    String scopeText = text(root, "scope", true, problems);
    Customer.Scope scope = null;
    if (scopeText != null) {
      if (scopeText.equals("PROJECT") || scopeText.equals("GLOBAL")) {
        scope = Customer.Scope.valueOf(scopeText);
      } else {
        problems.add("Invalid scope: must be PROJECT or GLOBAL");
      }
    }
    String name = text(root, "name", false, problems);
    if (name != null && !CustomerRules.isText(name, CustomerRules.MAX_FULL_NAME)) {
      problems.add("Invalid name: use 1 to " + CustomerRules.MAX_FULL_NAME + " characters");
    }
    String phoneText = text(root, "phone", false, problems);
    Phones.Split phone = phoneText == null ? null : Phones.split(phoneText).orElse(null);
    if (phoneText != null && phone == null) {
      problems.add("Invalid phone number: use the international format, e.g. +919876543210");
    }
    String email = text(root, "email", false, problems);
    if (email != null && !CustomerRules.isEmail(email)) {
      problems.add("Invalid email format");
    }
    String address = text(root, "address", false, problems);
    if (address != null && !CustomerRules.isText(address, CustomerRules.MAX_ADDRESS_LINE)) {
      problems.add("Invalid address: use 1 to " + CustomerRules.MAX_ADDRESS_LINE + " characters");
    }
    if (!problems.isEmpty()) {
      throw new FlowwiseProblem.InvalidData(String.join("; ", problems));
    }
    return new FlowwiseRequest(customerId, scope, name, phone, email, address);
  }

  /** A string field; a required one must be present, an optional one absent or a string. */
  private static String text(JsonNode root, String field, boolean required, List<String> problems) {
    JsonNode value = root.get(field);
    if (value == null) {
      if (required) {
        problems.add("Missing required field: " + field);
      }
      return null;
    }
    if (!value.isTextual()) {
      problems.add("Invalid " + field + ": must be a string");
      return null;
    }
    return value.textValue();
  }

  @Override
  public String toString() {
    return "FlowwiseRequest[scope=" + scope + "]";
  }
}
