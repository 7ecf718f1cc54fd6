package io.clientele.cli;

import io.clientele.config.Config;
import io.clientele.config.ConfigLoader;
import io.clientele.server.ApiServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What {@code serve} tells the operator once it is up, and how start-up failures read. */
final class Startup {
  /**
   * A port as Jetty ({@code Failed to bind to /0.0.0.0:8080}) or Javalin ({@code port 8080}) name
   * it.
   */
  private static final Logger STARTUP = LoggerFactory.getLogger("clientele.startup");

  private static final Pattern PORT_IN_MESSAGE = Pattern.compile("(?:port |:)(\\d{1,5})\\b");

  private Startup() {}

  /**
   * Says the server is up, where, and where its admin token is: printed in the text log format, the
   * generated token with it; logged without the token in json, whose standard output is the log.
   */
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
    List<String> lines = new ArrayList<>();
    lines.add(line.append(" (data in ").append(config.dataDir()).append(")").toString());
    String tokenFile = config.directory().resolve("admin-token").toString();
    if (app.adminToken().generated()) {
      lines.add(
          Application.showsSecrets(config)
              ? "Admin token (generated once, kept in "
                  + tokenFile
                  + "): "
                  + app.adminToken().value()
              : "Admin token: generated once, kept in " + tokenFile);
    } else if (config.adminToken().isEmpty()) {
      lines.add("Admin token: in " + tokenFile);
    }
    safeguards(config.safeguards()).ifPresent(lines::add);
    lines.add(
        heap(
            Runtime.getRuntime().maxMemory(),
            ManagementFactory.getRuntimeMXBean().getInputArguments()));
    if (Application.showsSecrets(config)) {
      lines.forEach(out::println);
    } else {
      lines.forEach(STARTUP::info);
    }
  }

  /**
   * A line for the operator outside start-up ({@code Clientele stopped}, what {@code migrate} did):
   * printed in the text log format; logged on {@code clientele.startup} in json, whose standard
   * output is the log and must hold JSON lines only.
   */
  static void tell(Config config, String line, PrintStream out) {
    if (Application.showsSecrets(config)) {
      out.println(line);
    } else {
      STARTUP.info(line);
    }
  }

  /** The safeguards turned on, in one line; none when every one is off, as by default. */
  static Optional<String> safeguards(Config.Safeguards safeguards) {
    List<String> on = new ArrayList<>();
    if (!safeguards.httpsOnly().isEmpty()) {
      on.add(
          "HTTPS only for "
              + String.join(
                  ",",
                  ConfigLoader.ROUTE_FAMILIES.stream()
                      .filter(safeguards.httpsOnly()::contains)
                      .toList()));
    }
    if (!safeguards.airpayReplayWindow().isZero()) {
      on.add(
          "Airpay checksums refused again for "
              + safeguards.airpayReplayWindow().toSeconds()
              + " s");
    }
    return on.isEmpty() ? Optional.empty() : Optional.of("Safeguards: " + String.join("; ", on));
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

  /**
   * One line naming the cause, for a failure the operator must fix: a port that cannot be bound,
   * taken or privileged, names the port and the setting that chose it.
   */
  static String describe(Throwable e, Config config) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException bind) {
        boolean privileged = String.valueOf(bind.getMessage()).contains("Permission denied");
        String problem = privileged ? "needs a privilege this user lacks" : "is already in use";
        String remedy =
            privileged ? ": choose a port above 1023, or grant the JVM cap_net_bind_service" : "";
        return boundPort(e, config)
                .map(port -> "port " + port.number() + " " + problem + " (" + port.setting() + ")")
                .orElse("a port " + problem + " (" + bind.getMessage() + ")")
            + remedy;
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

  /** A port and the flag and variable that chose it. */
  private record BoundPort(int number, String setting) {}

  /** The port a failed bind names, if one of its messages does, with the setting that chose it. */
  private static Optional<BoundPort> boundPort(Throwable e, Config config) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      Matcher port = PORT_IN_MESSAGE.matcher(String.valueOf(cause.getMessage()));
      while (port.find()) {
        int number = Integer.parseInt(port.group(1));
        String setting =
            number == config.httpPort()
                ? "--http-port, CLIENTELE_HTTP_PORT"
                : number == config.httpsPort() ? "--https-port, CLIENTELE_HTTPS_PORT" : null;
        if (setting != null) {
          return Optional.of(new BoundPort(number, setting));
        }
      }
    }
    return Optional.empty();
  }
}
