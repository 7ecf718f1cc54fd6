package io.clientele.customer;

import io.clientele.customer.Customer.Scope;

/** What a dialect asks to create; the service adds identity, status, timestamps and version. */
public record NewCustomer(
    String reference,
    String projectId,
    Scope scope,
    String firstName,
    String lastName,
    String name,
    String email,
    String mobileCountryCode,
    String mobileNumber,
    String address,
    String city,
    String state,
    String country,
    String pincode) {

  @Override
  public String toString() {
    return "NewCustomer[projectId=" + projectId + ", scope=" + scope + "]";
  }

  /** Starts a {@code NewCustomer} with every field unset but the scope, which is {@code GLOBAL}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Names each field it sets, where a long positional constructor would invite swapped arguments.
   */
  public static final class Builder {
    private String reference;
    private String projectId;
    private Scope scope = Scope.GLOBAL;
    private String firstName;
    private String lastName;
    private String name;
    private String email;
    private String mobileCountryCode;
    private String mobileNumber;
    private String address;
    private String city;
    private String state;
    private String country;
    private String pincode;

    private Builder() {}

    public Builder reference(String value) {
      this.reference = value;
      return this;
    }

    public Builder projectId(String value) {
      this.projectId = value;
      return this;
    }

    public Builder scope(Scope value) {
      this.scope = value;
      return this;
    }

    public Builder firstName(String value) {
      this.firstName = value;
      return this;
    }

    public Builder lastName(String value) {
      this.lastName = value;
      return this;
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder email(String value) {
      this.email = value;
      return this;
    }

    public Builder mobileCountryCode(String value) {
      this.mobileCountryCode = value;
      return this;
    }

    public Builder mobileNumber(String value) {
      this.mobileNumber = value;
      return this;
    }

    public Builder address(String value) {
      this.address = value;
      return this;
    }

    public Builder city(String value) {
      this.city = value;
      return this;
    }

    public Builder state(String value) {
      this.state = value;
      return this;
    }

    public Builder country(String value) {
      this.country = value;
      return this;
    }

    public Builder pincode(String value) {
      this.pincode = value;
      return this;
    }

    public NewCustomer build() {
      return new NewCustomer(
          reference,
          projectId,
          scope,
          firstName,
          lastName,
          name,
          email,
          mobileCountryCode,
          mobileNumber,
          address,
          city,
          state,
          country,
          pincode);
    }
  }
}
