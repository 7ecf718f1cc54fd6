package io.clientele.server;

import io.javalin.http.Context;

/**
 * How one family of routes answers the faults the server itself detects, so that every response a
 * client of that family sees is in that family's documented error shape.
 */
public interface FaultBodies {

  /** Whether requests to {@code path} belong to this family. */
  boolean owns(String path);

  void notFound(Context ctx);

  /** The path exists but not for this method; the {@code Allow} header is already set. */
  void methodNotAllowed(Context ctx);

  void payloadTooLarge(Context ctx);

  /** The body could not be read to its end: a broken chunk, fewer bytes than declared. */
  void unreadableBody(Context ctx);

  /** The server cannot take this request now; {@code Retry-After} is already set. */
  void serviceUnavailable(Context ctx);

  void internalError(Context ctx);
}
