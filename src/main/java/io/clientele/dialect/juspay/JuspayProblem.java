package io.clientele.dialect.juspay;

import java.util.List;

/** Refusals the Juspay dialect decides itself, before the domain is asked anything. */
abstract sealed class JuspayProblem extends RuntimeException
    permits JuspayProblem.UnreadableBody, JuspayProblem.Missing, JuspayProblem.WrongValues {
  private static final long serialVersionUID = 1L;

  JuspayProblem(String message) {
    super(message, null, false, false);
  }

  /** The body cannot be read: wrong content type, malformed JSON, invalid UTF-8. */
  static final class UnreadableBody extends JuspayProblem {
    private static final long serialVersionUID = 1L;

    UnreadableBody(String developerMessage) {
      super(developerMessage);
    }
  }

  /** A mandatory field is absent. */
  static final class Missing extends JuspayProblem {
    private static final long serialVersionUID = 1L;
    private final String field;

    Missing(String field) {
      super("missing " + field);
      this.field = field;
    }

    String field() {
      return field;
    }
  }

  /** Fields whose values break a documented rule, in the dialect's fixed order. */
  static final class WrongValues extends JuspayProblem {
    private static final long serialVersionUID = 1L;
    private final transient List<String> fields;

    WrongValues(List<String> fields) {
      super("wrong values in " + fields);
      this.fields = List.copyOf(fields);
    }

    List<String> fields() {
      return fields;
    }
  }
}
