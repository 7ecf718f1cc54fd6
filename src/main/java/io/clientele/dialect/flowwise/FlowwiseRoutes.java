package io.clientele.dialect.flowwise;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerRules;
import io.clientele.customer.CustomerService;
import io.clientele.customer.Lookup;
import io.clientele.customer.NewCustomer;
import io.clientele.merchant.Authenticator;
import io.clientele.merchant.Caller;
import io.clientele.server.AccessLog;
import io.clientele.server.Idempotency;
import io.clientele.server.Json;
import io.clientele.server.RequestBody;
import io.clientele.server.RequestIds;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Cashfree Flowwise's customer API under {@code /router}: create, get, update and delete. */
final class FlowwiseRoutes {
  private static final String PATH_PREFIX = "/router/customer/";

  private final CustomerService customers;
  private final Authenticator authenticator;
  private final FlowwiseCredentials credentials;
  private final Idempotency idempotency;

  FlowwiseRoutes(
      CustomerService customers,
      Authenticator authenticator,
      FlowwiseCredentials credentials,
      Idempotency idempotency) {
    this.customers = customers;
    this.authenticator = authenticator;
    this.credentials = credentials;
    this.idempotency = idempotency;
  }

  /**
   * {@code POST /router/customer}, under an {@code Idempotency-Key} when one is sent: a retry with
   * it gets the first answer again.
   */
  void create(Context ctx) {
    Caller caller = authenticate(ctx);
    FlowwiseRequest request =
        FlowwiseRequest.parse(RequestBody.contentType(ctx), RequestBody.bytes(ctx));
    NewCustomer customer = FlowwiseWire.newCustomer(request, caller);
    idempotency.handle(
        ctx,
        caller,
        FlowwiseCredentials.WIRE_NAME,
        key -> {
          Customer created = customers.create(caller, customer, key);
          return Idempotency.Outcome.customer(
              created.id(), 200, FlowwiseWire.CustomerBody.of(created, caller));
        });
  }

  /** {@code GET /router/customer/{customer_id}}. */
  void get(Context ctx) {
    Caller caller = authenticate(ctx);
    Json.respond(
        ctx, 200, FlowwiseWire.CustomerBody.of(customers.find(lookup(ctx, caller)), caller));
  }

  /** {@code PUT /router/customer/{customer_id}}: partial; absent fields keep their values. */
  void update(Context ctx) {
    Caller caller = authenticate(ctx);
    Lookup lookup = lookup(ctx, caller);
    FlowwiseRequest request =
        FlowwiseRequest.parse(RequestBody.contentType(ctx), RequestBody.bytes(ctx));
    if (!request.customerId().equals(lookup.key())) {
      throw new FlowwiseProblem.InvalidData(
          "customer_id in the body does not match the customer ID in the path");
    }
    Customer updated = customers.change(caller, lookup, FlowwiseWire.patch(request, caller));
    Json.respond(ctx, 200, FlowwiseWire.CustomerBody.of(updated, caller));
  }

  /** {@code DELETE /router/customer/{customer_id}}: erases the customer's personal data; 204. */
  void delete(Context ctx) {
    Caller caller = authenticate(ctx);
    customers.erase(caller, lookup(ctx, caller));
    ctx.status(204);
  }

  /**
   * The path's customer id, by reference, as the caller's project sees the merchant's customers.
   */
  private static Lookup lookup(Context ctx, Caller caller) {
    String raw = ctx.req().getRequestURI();
    String encoded = raw.substring(raw.indexOf(PATH_PREFIX) + PATH_PREFIX.length());
    String customerId;
    try {
      customerId = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new FlowwiseProblem.InvalidCustomerId();
    }
    if (!CustomerRules.isReference(customerId)) {
      throw new FlowwiseProblem.InvalidCustomerId();
    }
    return Lookup.reference(caller.merchantId(), customerId).visibleTo(caller.projectId());
  }

  private Caller authenticate(Context ctx) {
    Caller caller =
        authenticator.authenticate(FlowwiseAuth.presented(ctx, credentials), RequestIds.of(ctx));
    AccessLog.merchant(ctx, caller.merchantId());
    return caller;
  }
}
