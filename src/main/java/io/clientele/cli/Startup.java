package io.clientele.cli;

import io.clientele.config.Config;
import io.clientele.server.ApiServer;
import java.io.PrintStream;
import java.net.BindException;

/** What {@code serve} tells the operator once it is up, and how start-up failures read. */
final class Startup {
  private Startup() {}

  static void announce(Config config, Application app, long millis, PrintStream out) {
    StringBuilder line =
        new StringBuilder("Clientele is ready in ")
            .append(millis)
            .append(" ms on Java ")
            .append(Runtime.version().feature())
            .append(
                ApiServer.usesVirtualThreads()
                    ? " with virtual threads:"
                    : " with platform threads:");
    if (config.httpPort() > 0) {
      line.append(" http://localhost:").append(app.httpPort());
    }
    if (config.httpsPort() > 0) {
      line.append(" https://localhost:").append(app.httpsPort());
    }
    out.println(line.append(" (data in ").append(config.dataDir()).append(")"));
    if (app.adminToken().generated()) {
      out.println(
          "Admin token (generated once, kept in "
              + config.directory().resolve("admin-token")
              + "): "
              + app.adminToken().value());
    } else if (config.adminToken().isEmpty()) {
      out.println("Admin token: in " + config.directory().resolve("admin-token"));
    }
  }

  /** One line naming the cause, for a failure the operator must fix (a port in use, say). */
  static String describe(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return "a port is already in use (" + cause.getMessage() + ")";
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null
        ? root.getClass().getSimpleName()
        : message.lines().findFirst().orElse("");
  }
}
