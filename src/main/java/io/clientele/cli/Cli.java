package io.clientele.cli;

import io.clientele.config.ClientConfig;
import io.clientele.config.Config;
import io.clientele.config.ConfigException;
import io.clientele.config.ConfigLoader;
import io.clientele.config.DataDirectory;
import io.clientele.server.LogOutput;
import io.clientele.storage.Database;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code serve} and {@code migrate}, and the admin commands over a running
 * server's admin API. Problems are one line each on stderr.
 */
@Command(
    name = "clientele",
    mixinStandardHelpOptions = true,
    version = Cli.VERSION,
    description =
        "Self-hosted customer registry speaking the Juspay, Cashfree Flowwise and Airpay customer APIs.",
    subcommands = {
      Cli.Serve.class,
      Cli.Migrate.class,
      MerchantsCommand.class,
      CredentialsCommand.class,
      AllowedIpsCommand.class,
      CustomersCommand.class,
      KeysCommand.class,
      WebhooksCommand.class
    })
public final class Cli implements Callable<Integer> {
  /** Returned by {@code serve}: the server runs on, so the process must not exit. */
  public static final int KEEP_RUNNING = -1;

  static final String VERSION_NUMBER = "0.1.0";
  static final String VERSION = "clientele " + VERSION_NUMBER;
  static final int CONFIG_ERROR = 2;
  static final int RUNTIME_ERROR = 1;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;
  private final Clock clock;
  private final AdminClient.Retry retry;
  @Spec private CommandSpec spec;

  Cli(
      PrintStream out,
      PrintStream err,
      Map<String, String> environment,
      Clock clock,
      AdminClient.Retry retry) {
    this.out = out;
    this.err = err;
    this.environment = environment;
    this.clock = clock;
    this.retry = retry;
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, ConfigLoader.environment());
  }

  /** Runs with the given environment in place of the process's: how tests set variables. */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
    return run(args, out, err, environment, AdminClient.Retry.DEFAULT);
  }

  /** Runs with the given retry policy too: how tests try a failing server again without waiting. */
  static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      Map<String, String> environment,
      AdminClient.Retry retry) {
    return commandLine(out, err, environment, retry).execute(args);
  }

  static CommandLine commandLine(
      PrintStream out, PrintStream err, Map<String, String> environment) {
    return commandLine(out, err, environment, AdminClient.Retry.DEFAULT);
  }

  /**
   * Every command, wired to the streams and environment given; a {@link CommandFailure} becomes its
   * lines on stderr and its exit status.
   */
  static CommandLine commandLine(
      PrintStream out, PrintStream err, Map<String, String> environment, AdminClient.Retry retry) {
    Cli cli = new Cli(out, err, environment, Clock.systemUTC(), retry);
    CommandLine line = new CommandLine(cli, new Factory(cli));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    line.setExecutionExceptionHandler(
        (failure, command, parsed) -> {
          if (failure instanceof CommandFailure stop) {
            stop.lines().forEach(problem -> err.println("clientele: " + problem));
            return stop.exitCode();
          }
          throw failure;
        });
    return line;
  }

  @Override
  public Integer call() {
    List<String> names = List.copyOf(spec.subcommands().keySet());
    err.println(
        "clientele: name a command: "
            + String.join(", ", names.subList(0, names.size() - 1))
            + " or "
            + names.get(names.size() - 1)
            + " (see --help)");
    return CONFIG_ERROR;
  }

  private Config load(ConfigOptions options) throws ConfigException {
    return load(options.asMap());
  }

  private Config load(Map<String, String> flags) throws ConfigException {
    return ConfigLoader.load(flags, environment, Application.sandboxKeyRules()::problems);
  }

  /**
   * What an admin command needs, from its options and the environment; warnings about unknown
   * variables come first, since a mistyped one is the likely cause of a missing setting.
   */
  Session session(AdminOptions options) {
    ConfigLoader.unknownVariables(environment).forEach(w -> err.println("clientele: " + w));
    try {
      ClientConfig config = ClientConfig.load(options.asMap(), environment);
      return new Session(new AdminClient(config, retry), new Output(out, err, options.json));
    } catch (ConfigException e) {
      throw new CommandFailure(CONFIG_ERROR, e.problems());
    }
  }

  Clock clock() {
    return clock;
  }

  PrintStream err() {
    return err;
  }

  /**
   * Whether stderr is a terminal a progress bar can be redrawn on: never when the command line was
   * handed other streams than the process's (tests, embedding).
   */
  boolean stderrIsTerminal() {
    return err == System.err && Terminal.stderrIsTerminal(environment);
  }

  private int fail(String message, int code) {
    err.println("clientele: " + message);
    return code;
  }

  /** Starts the server and keeps it running until the process is stopped. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      version = VERSION,
      description = "Run the server (HTTP 8080, HTTPS 8443, embedded database).")
  static final class Serve implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Mixin ServeOptions serveOptions;
    private final Cli cli;

    Serve(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      long started = System.nanoTime();
      Config config;
      try {
        Map<String, String> flags = new LinkedHashMap<>(options.asMap());
        flags.putAll(serveOptions.asMap());
        config = cli.load(flags);
      } catch (ConfigException e) {
        e.problems().forEach(p -> cli.err.println("clientele: " + p));
        return CONFIG_ERROR;
      }
      LogOutput.use(config.logFormat());
      ConfigLoader.unknownVariables(cli.environment)
          .forEach(w -> cli.err.println("clientele: " + w));
      config.directory().exposureWarning().ifPresent(w -> cli.err.println("clientele: " + w));
      config
          .masterKeys()
          .masterSource()
          .filter(source -> !source.startsWith("CLIENTELE_"))
          .flatMap(file -> DataDirectory.keyFileExposureWarning(Path.of(file)))
          .ifPresent(w -> cli.err.println("clientele: " + w));
      Application app;
      try {
        app = Application.start(config, cli.out);
      } catch (Database.Unavailable e) {
        return cli.fail(e.getMessage(), RUNTIME_ERROR);
      } catch (RuntimeException e) {
        return cli.fail("cannot start: " + Startup.describe(e, config), RUNTIME_ERROR);
      }
      Startup.announce(config, app, (System.nanoTime() - started) / 1_000_000, cli.out);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> stopAndHalt(app, config, cli), "clientele-shutdown"));
      return KEEP_RUNNING;
    }

    /**
     * On SIGTERM or SIGINT: stops gracefully, then ends the process with the stop's own status, 0
     * when every request in flight finished and 1 when the grace ran out and some were cut (or the
     * stop failed). Left alone, a JVM stopped by a signal exits 128 + the signal's number (143 for
     * SIGTERM) whatever its hooks did, which a supervisor reads as a failure.
     */
    private static void stopAndHalt(Application app, Config config, Cli cli) {
      boolean finished;
      try {
        finished = app.stop();
      } catch (RuntimeException e) {
        cli.err.println("clientele: the stop failed: " + e.getMessage());
        finished = false;
      }
      if (!finished) {
        cli.err.println("clientele: the shutdown grace ran out; requests still running were cut");
      }
      Startup.tell(config, "Clientele stopped", cli.out);
      cli.out.flush();
      cli.err.flush();
      Runtime.getRuntime().halt(finished ? 0 : RUNTIME_ERROR);
    }
  }

  /** Applies pending migrations to the configured database and exits. */
  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      version = VERSION,
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
      LogOutput.use(config.logFormat());
      ConfigLoader.unknownVariables(cli.environment)
          .forEach(w -> cli.err.println("clientele: " + w));
      try (Database database = Database.open(config.database())) {
        int applied = database.migrate(Application.masterKeys(config));
        Startup.tell(
            config,
            "Applied " + applied + " migration(s) to " + config.database().shownUrl(),
            cli.out);
        return 0;
      } catch (Database.Unavailable e) {
        return cli.fail(e.getMessage(), RUNTIME_ERROR);
      }
    }
  }

  /** Hands the shared {@link Cli} to commands through their constructors. */
  private static final class Factory implements CommandLine.IFactory {
    private final Map<Class<?>, Function<Cli, Object>> commands =
        Map.of(
            Cli.class, cli -> cli,
            Serve.class, Serve::new,
            Migrate.class, Migrate::new,
            MerchantsCommand.class, MerchantsCommand::new,
            KeysCommand.class, KeysCommand::new,
            CredentialsCommand.class, CredentialsCommand::new,
            AllowedIpsCommand.class, AllowedIpsCommand::new,
            CustomersCommand.class, CustomersCommand::new,
            WebhooksCommand.class, WebhooksCommand::new);
    private final Cli cli;

    Factory(Cli cli) {
      this.cli = cli;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      Function<Cli, Object> command = commands.get(type);
      return command == null
          ? CommandLine.defaultFactory().create(type)
          : type.cast(command.apply(cli));
    }
  }
}
