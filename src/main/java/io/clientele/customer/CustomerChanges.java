package io.clientele.customer;

import io.clientele.customer.Customer.Scope;

/**
 * A partial update: a {@code null} field keeps its stored value; {@link #CLEAR} removes it
 * (dialects refuse empty values from clients, so only the mapping of one dialect's field onto
 * several of the domain's can clear).
 */
public record CustomerChanges(
    Scope scope,
    String projectId,
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

  /** The value that removes a field's stored value. */
  public static final String CLEAR = "";

  public static final CustomerChanges NONE = builder().build();

  @Override
  public String toString() {
    return "CustomerChanges[scope=" + scope + "]";
  }

  /** Starts a {@code CustomerChanges} with every field unset. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Names each field it sets, where a long positional constructor would invite swapped arguments.
   */
  public static final class Builder {
    private Scope scope;
    private String projectId;
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

    public Builder scope(Scope value) {
      this.scope = value;
      return this;
    }

    public Builder projectId(String value) {
      this.projectId = value;
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

    public CustomerChanges build() {
      return new CustomerChanges(
          scope,
          projectId,
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
