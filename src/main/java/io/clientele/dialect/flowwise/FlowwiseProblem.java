package io.clientele.dialect.flowwise;

/** Refusals the Flowwise dialect decides before the domain is asked anything. */
abstract sealed class FlowwiseProblem extends RuntimeException
    permits FlowwiseProblem.InvalidData, FlowwiseProblem.InvalidCustomerId {
  private static final long serialVersionUID = 1L;

  FlowwiseProblem(String message) {
    super(message, null, false, false);
  }

  /** A body breaking the schema's rules; the message lists every problem for the client. */
  static final class InvalidData extends FlowwiseProblem {
    private static final long serialVersionUID = 1L;

    InvalidData(String message) {
      super(message);
    }
  }

  /** A path customer id that cannot be a customer id. */
  static final class InvalidCustomerId extends FlowwiseProblem {
    private static final long serialVersionUID = 1L;

    InvalidCustomerId() {
      super("invalid customer id");
    }
  }
}
