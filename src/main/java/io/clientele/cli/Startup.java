package io.clientele.cli;

import io.clientele.config.Config;
import io.clientele.server.ApiServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.util.List;

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
    out.println(
        heap(
            Runtime.getRuntime().maxMemory(),
            ManagementFactory.getRuntimeMXBean().getInputArguments()));
  }

  /**
   * The heap's bound, with a hint when it is the JVM's default: a quarter of the machine's memory,
   * which the heap grows towards under load though the server needs far less.
   */
  static String heap(long maxBytes, List<String> jvmArguments) {
    String line = "Heap: up to " + maxBytes / (1024 * 1024) + " MiB";
    boolean sized =
        jvmArguments.stream()
            .anyMatch(
                a ->
                    a.startsWith("-Xmx")
                        || a.startsWith("-XX:MaxHeapSize")
                        || a.startsWith("-XX:MaxRAM"));
    return sized ? line : line + ", the JVM's default; README, \"Memory\", says how to bound it";
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
