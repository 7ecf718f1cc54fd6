package io.clientele.server;

import java.util.List;

/**
 * The faults the server detects itself, around whatever route a request was for. They are thrown
 * like any other failure, so that each route family's renderer answers them in its own shape.
 */
public abstract sealed class ServerFault extends RuntimeException
    permits ServerFault.UnknownPath,
        ServerFault.MethodNotAllowed,
        ServerFault.PayloadTooLarge,
        ServerFault.UnreadableBody,
        ServerFault.Busy,
        ServerFault.HttpsRequired {
  private static final long serialVersionUID = 1L;

  ServerFault(String message) {
    super(message, null, false, false);
  }

  /** No route has this path, or none can: a path with a broken percent-escape. Rendered as 404. */
  public static final class UnknownPath extends ServerFault {
    private static final long serialVersionUID = 1L;

    public UnknownPath() {
      super("no route for this path");
    }
  }

  /** The path is served, but not for this method. Rendered as 405. */
  public static final class MethodNotAllowed extends ServerFault {
    private static final long serialVersionUID = 1L;
    private final transient List<String> allowed;

    /**
     * @param allowed the methods the path does serve, for the {@code Allow} header
     */
    public MethodNotAllowed(List<String> allowed) {
      super("method not served on this path");
      this.allowed = List.copyOf(allowed);
    }

    public List<String> allowed() {
      return allowed;
    }
  }

  /** The request body is over {@link RequestBody#MAX_BYTES}. Rendered as 413. */
  public static final class PayloadTooLarge extends ServerFault {
    private static final long serialVersionUID = 1L;

    public PayloadTooLarge() {
      super("request body over " + RequestBody.MAX_BYTES + " bytes");
    }
  }

  /** The body broke off or was malformed on the wire. Rendered as 400. */
  public static final class UnreadableBody extends ServerFault {
    private static final long serialVersionUID = 1L;

    public UnreadableBody() {
      super("request body could not be read to its end");
    }
  }

  /** Too many bodies are arriving at once to hold this one too. Rendered as 503. */
  public static final class Busy extends ServerFault {
    private static final long serialVersionUID = 1L;

    public Busy() {
      super("too many request bodies are arriving at once");
    }
  }

  /**
   * The request came over plain HTTP to a route family the operator serves over HTTPS only ({@code
   * --require-https}). Rendered as 403: the server understood the request and refuses it whatever
   * its credentials, and repeating it over HTTP cannot help.
   */
  public static final class HttpsRequired extends ServerFault {
    private static final long serialVersionUID = 1L;

    public HttpsRequired() {
      super("this route family is served over HTTPS only");
    }
  }
}
