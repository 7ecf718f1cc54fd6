package io.clientele.cli;

import io.clientele.config.Config;
import io.clientele.config.ConfigException;
import io.clientele.config.ConfigLoader;
import io.clientele.storage.Database;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The command line: {@code serve} and {@code migrate}. Problems are one line each on stderr. */
@Command(
    name = "clientele",
    mixinStandardHelpOptions = true,
    version = "clientele 0.1.0",
    description =
        "Self-hosted customer registry speaking the Juspay, Cashfree Flowwise and Airpay customer APIs.",
    subcommands = {Cli.Serve.class, Cli.Migrate.class})
public final class Cli implements Callable<Integer> {
  /** Returned by {@code serve}: the server runs on, so the process must not exit. */
  public static final int KEEP_RUNNING = -1;

  static final int CONFIG_ERROR = 2;
  static final int RUNTIME_ERROR = 1;

  private final PrintStream out;
  private final PrintStream err;

  Cli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Cli cli = new Cli(out, err);
    CommandLine line = new CommandLine(cli, new Factory(cli));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  @Override
  public Integer call() {
    err.println("clientele: name a command: serve or migrate (see --help)");
    return CONFIG_ERROR;
  }

  private Config load(ConfigOptions options) throws ConfigException {
    return ConfigLoader.load(options.asMap(), Application.sandboxKeyRules()::problems);
  }

  private int fail(String message, int code) {
    err.println("clientele: " + message);
    return code;
  }

  /** Starts the server and keeps it running until the process is stopped. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      version = "clientele 0.1.0",
      description = "Run the server (HTTP 8080, HTTPS 8443, embedded database).")
  static final class Serve implements Callable<Integer> {
    @Mixin ConfigOptions options;
    private final Cli cli;

    Serve(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      long started = System.nanoTime();
      Config config;
      try {
        config = cli.load(options);
      } catch (ConfigException e) {
        e.problems().forEach(p -> cli.err.println("clientele: " + p));
        return CONFIG_ERROR;
      }
      ConfigLoader.unknownVariables().forEach(w -> cli.err.println("clientele: " + w));
      config.directory().exposureWarning().ifPresent(w -> cli.err.println("clientele: " + w));
      Application app;
      try {
        app = Application.start(config, cli.out);
      } catch (Database.Unavailable e) {
        return cli.fail(e.getMessage(), RUNTIME_ERROR);
      } catch (RuntimeException e) {
        return cli.fail("cannot start: " + Startup.describe(e, config), RUNTIME_ERROR);
      }
      Startup.announce(config, app, (System.nanoTime() - started) / 1_000_000, cli.out);
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "clientele-shutdown"));
      return KEEP_RUNNING;
    }
  }

  /** Applies pending migrations to the configured database and exits. */
  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      version = "clientele 0.1.0",
      description = "Apply database migrations and exit.")
  static final class Migrate implements Callable<Integer> {
    @Mixin ConfigOptions options;
    private final Cli cli;

    Migrate(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Config config;
      try {
        config = cli.load(options);
      } catch (ConfigException e) {
        e.problems().forEach(p -> cli.err.println("clientele: " + p));
        return CONFIG_ERROR;
      }
      ConfigLoader.unknownVariables().forEach(w -> cli.err.println("clientele: " + w));
      try (Database database = Database.open(config.database())) {
        int applied = database.migrate();
        cli.out.println("Applied " + applied + " migration(s) to " + config.database().shownUrl());
        return 0;
      } catch (Database.Unavailable e) {
        return cli.fail(e.getMessage(), RUNTIME_ERROR);
      }
    }
  }

  /** Hands the shared {@link Cli} to subcommands through their constructors. */
  private static final class Factory implements CommandLine.IFactory {
    private final Cli cli;

    Factory(Cli cli) {
      this.cli = cli;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == Serve.class) {
        return type.cast(new Serve(cli));
      }
      if (type == Migrate.class) {
        return type.cast(new Migrate(cli));
      }
      if (type == Cli.class) {
        return type.cast(cli);
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
