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
        CustomerException.VersionMismatch,
        CustomerException.IdempotencyRefused {
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

  /**
   * A write's idempotency key cannot be honoured: it is malformed, it came first with another
   * request, the request it came with first has not finished, or that request's answer can no
   * longer be given. Nothing was written.
   */
  public static final class IdempotencyRefused extends CustomerException {
    private static final long serialVersionUID = 1L;

    /** Why the key is refused. */
    public enum Reason {
      /** Not 1 to 255 visible ASCII characters or spaces. */
      MALFORMED,
      /** The key was first used with another request (method, path, preconditions or body). */
      OTHER_REQUEST,
      /** The first request with the key is still being handled; retry shortly. */
      IN_PROGRESS,
      /**
       * The first request's answer cannot be given again: its customer was erased since (the answer
       * held personal data and was sealed under the customer's key), or the server stopped between
       * the write and recording the answer.
       */
      ANSWER_GONE
    }

    private final Reason reason;

    public IdempotencyRefused(Reason reason) {
      super("idempotency key refused: " + reason);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }
}
