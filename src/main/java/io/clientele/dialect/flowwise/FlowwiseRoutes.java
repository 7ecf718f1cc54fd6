package io.clientele.dialect.flowwise;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerChanges;
import io.clientele.customer.CustomerException;
import io.clientele.customer.CustomerRules;
import io.clientele.customer.CustomerService;
import io.clientele.customer.Lookup;
import io.clientele.customer.NewCustomer;
import io.clientele.customer.Phones;
import io.clientele.merchant.AuthException;
import io.clientele.merchant.Authenticator;
import io.clientele.merchant.Caller;
import io.clientele.server.Json;
import io.clientele.server.RequestBody;
import io.clientele.server.RequestIds;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Cashfree Flowwise's customer API under {@code /router}: create, get, update and delete. */
public final class FlowwiseRoutes {
  private static final String PATH_PREFIX = "/router/customer/";

  private final CustomerService customers;
  private final Authenticator authenticator;
  private final FlowwiseCredentials credentials;

  public FlowwiseRoutes(
      CustomerService customers, Authenticator authenticator, FlowwiseCredentials credentials) {
    this.customers = customers;
    this.authenticator = authenticator;
    this.credentials = credentials;
  }

  /** {@code POST /router/customer}. */
  public void create(Context ctx) {
    guarded(
        ctx,
        () -> {
          Caller caller = authenticate(ctx);
          FlowwiseRequest request =
              FlowwiseRequest.parse(RequestBody.contentType(ctx), RequestBody.bytes(ctx));
          Phones.Split phone = request.phone();
          Customer created =
              customers.create(
                  caller.merchantId(),
                  NewCustomer.builder()
                      .reference(request.customerId())
                      .projectId(caller.projectId())
                      .scope(request.scope())
                      .name(request.name())
                      .email(request.email())
                      .mobileCountryCode(phone == null ? null : phone.countryCode())
                      .mobileNumber(phone == null ? null : phone.nationalNumber())
                      .address(request.address())
                      .build());
          Json.respond(ctx, 200, view(created, caller));
        });
  }

  /** {@code GET /router/customer/{customer_id}}. */
  public void get(Context ctx) {
    guarded(
        ctx,
        () -> {
          Caller caller = authenticate(ctx);
          Json.respond(ctx, 200, view(customers.find(lookup(ctx, caller)), caller));
        });
  }

  /** {@code PUT /router/customer/{customer_id}}: partial; absent fields keep their values. */
  public void update(Context ctx) {
    guarded(
        ctx,
        () -> {
          Caller caller = authenticate(ctx);
          Lookup lookup = lookup(ctx, caller);
          FlowwiseRequest request =
              FlowwiseRequest.parse(RequestBody.contentType(ctx), RequestBody.bytes(ctx));
          if (!request.customerId().equals(lookup.key())) {
            throw new FlowwiseProblem.InvalidData(
                "customer_id in the body does not match the customer ID in the path");
          }
          Phones.Split phone = request.phone();
          CustomerChanges changes =
              CustomerChanges.builder()
                  .scope(request.scope())
                  .projectId(request.scope() == Customer.Scope.PROJECT ? caller.projectId() : null)
                  .name(request.name())
                  .email(request.email())
                  .mobileCountryCode(phone == null ? null : phone.countryCode())
                  .mobileNumber(phone == null ? null : phone.nationalNumber())
                  .address(request.address())
                  .city(clearedWith(request.address()))
                  .state(clearedWith(request.address()))
                  .country(clearedWith(request.address()))
                  .pincode(clearedWith(request.address()))
                  .build();
          Json.respond(ctx, 200, view(customers.update(lookup, changes), caller));
        });
  }

  /** {@code DELETE /router/customer/{customer_id}}: erases the customer's personal data; 204. */
  public void delete(Context ctx) {
    guarded(
        ctx,
        () -> {
          Caller caller = authenticate(ctx);
          customers.erase(lookup(ctx, caller));
          ctx.status(204);
        });
  }

  /**
   * The caller the request's client proves. A refusal becomes the problem {@link #render} already
   * turns into Flowwise's 401 and 403 bodies.
   */
  private Caller authenticate(Context ctx) {
    try {
      return authenticator.authenticate(
          FlowwiseAuth.presented(ctx, credentials), RequestIds.of(ctx));
    } catch (AuthException.OriginRefused refused) {
      throw new FlowwiseProblem.ForbiddenOrigin();
    } catch (AuthException.Unauthenticated refused) {
      throw new FlowwiseProblem.Unauthorized();
    }
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

  /**
   * A {@code CustomerResponse}. {@code project_id} is the project the customer belongs to, or the
   * caller's for a customer that no project created; unset fields are left out.
   */
  static Map<String, Object> view(Customer c, Caller caller) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", c.id());
    body.put("added_on", Json.seconds(c.createdAt()));
    body.put("updated_on", Json.seconds(c.updatedAt()));
    body.put("customer_id", c.reference());
    body.put("project_id", c.projectId() != null ? c.projectId() : caller.projectId());
    body.put("scope", c.scope().name());
    body.put("status", c.status().name());
    Json.putIfSet(body, "name", displayName(c));
    Json.putIfSet(body, "email", c.email());
    Json.putIfSet(body, "phone", Phones.join(c.mobileCountryCode(), c.mobileNumber()));
    Json.putIfSet(body, "address", postalAddress(c));
    return body;
  }

  /**
   * Flowwise's one address line: the street address, then the city, state and pincode and the
   * country another dialect may have stored apart, as in {@code 456 Defence Colony, New Delhi,
   * Delhi 110024, India}.
   */
  static String postalAddress(Customer c) {
    String statePin = String.join(" ", nonNull(c.state(), c.pincode()));
    String line =
        String.join(
            ", ",
            nonNull(c.address(), c.city(), statePin.isEmpty() ? null : statePin, c.country()));
    return line.isEmpty() ? null : line;
  }

  private static java.util.List<String> nonNull(String... parts) {
    return java.util.Arrays.stream(parts).filter(java.util.Objects::nonNull).toList();
  }

  /**
   * A Flowwise address is the whole address: writing one clears the parts another dialect stored
   * apart, so that it reads back as written.
   */
  private static String clearedWith(String address) {
    return address == null ? null : CustomerChanges.CLEAR;
  }

  /** The name as given to Flowwise, else the first and last names given to Juspay. */
  static String displayName(Customer c) {
    if (c.name() != null) {
      return c.name();
    }
    String joined =
        ((c.firstName() == null ? "" : c.firstName())
                + " "
                + (c.lastName() == null ? "" : c.lastName()))
            .strip();
    return joined.isEmpty() ? null : joined;
  }

  private static void guarded(Context ctx, Runnable handler) {
    try {
      handler.run();
    } catch (FlowwiseProblem problem) {
      render(ctx, problem);
    } catch (CustomerException.NotFound notFound) {
      FlowwiseErrors.customerNotFound(ctx);
    } catch (CustomerException.ReferenceTaken taken) {
      FlowwiseErrors.customerExists(ctx);
    }
  }

  private static void render(Context ctx, FlowwiseProblem problem) {
    if (problem instanceof FlowwiseProblem.Unauthorized) {
      FlowwiseErrors.unauthorized(ctx);
    } else if (problem instanceof FlowwiseProblem.ForbiddenOrigin) {
      FlowwiseErrors.forbiddenOrigin(ctx);
    } else if (problem instanceof FlowwiseProblem.InvalidCustomerId) {
      FlowwiseErrors.invalidCustomerId(ctx);
    } else {
      FlowwiseErrors.invalidCustomerData(ctx, problem.getMessage());
    }
  }
}
