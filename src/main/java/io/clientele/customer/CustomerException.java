package io.clientele.customer;

import java.util.List;

/**
 * The ways a customer operation can fail. Each carries data, never wire text: every dialect renders
 * them into its own documented error body.
 */
public abstract sealed class CustomerException extends RuntimeException
    permits CustomerException.NotFound,
        CustomerException.ReferenceTaken,
        CustomerException.Invalid,
        CustomerException.EmailTaken,
        CustomerException.VersionMismatch {
  private static final long serialVersionUID = 1L;

  CustomerException(String message) {
    super(message, null, false, false);
  }

  /** No live customer of the merchant answers to the given id or reference. */
  public static final class NotFound extends CustomerException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public NotFound(String key) {
      super("customer not found");
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** Another live customer of the merchant already has this reference. */
  public static final class ReferenceTaken extends CustomerException {
    private static final long serialVersionUID = 1L;
    private final String reference;

    public ReferenceTaken(String reference) {
      super("reference already taken");
      this.reference = reference;
    }

    public String reference() {
      return reference;
    }
  }

  /** The request broke one or more field rules, listed in a fixed order. */
  public static final class Invalid extends CustomerException {
    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    public Invalid(List<FieldError> errors) {
      super("invalid customer: " + errors);
      this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
      return errors;
    }
  }

  /** Another live customer of the merchant has this email, where the dialect needs it unique. */
  public static final class EmailTaken extends CustomerException {
    private static final long serialVersionUID = 1L;

    public EmailTaken() {
      super("email already used by another customer");
    }
  }

  /**
   * The write named the version of the customer it was made against, and the customer has another
   * one now: someone else wrote it meanwhile. Nothing was written.
   */
  public static final class VersionMismatch extends CustomerException {
    private static final long serialVersionUID = 1L;
    private final long expected;
    private final long current;

    public VersionMismatch(long expected, long current) {
      super("customer version is " + current + ", not " + expected);
      this.expected = expected;
      this.current = current;
    }

    public long expected() {
      return expected;
    }

    public long current() {
      return current;
    }
  }
}
