package io.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.config.ConfigLoader;
import io.clientele.testing.JsonAssert;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Every command and option explains itself, and names the variable that can set it. */
class CliHelpTest {
  static CommandSpec root() {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    return Cli.commandLine(nowhere, nowhere, Map.of()).getCommandSpec();
  }

  static List<CommandSpec> everyCommand(CommandSpec command) {
    List<CommandSpec> all = new ArrayList<>(List.of(command));
    for (CommandLine sub : command.subcommands().values()) {
      all.addAll(everyCommand(sub.getCommandSpec()));
    }
    return all;
  }

  /** Each command by its words after {@code clientele}, e.g. {@code credentials rotate}. */
  static Stream<String> commandNames() {
    return everyCommand(root()).stream().map(CliHelpTest::words);
  }

  static String words(CommandSpec command) {
    return command.qualifiedName(" ").replaceFirst("^clientele ?", "");
  }

  static String text(String[] lines) {
    return String.join(" ", lines).strip();
  }

  @Test
  void describesEveryCommandOptionAndParameter() {
    for (CommandSpec command : everyCommand(root())) {
      assertThat(text(command.usageMessage().description())).as(words(command)).isNotEmpty();
      for (OptionSpec option : command.options()) {
        assertThat(text(option.description()))
            .as(words(command) + " " + option.longestName())
            .isNotEmpty();
      }
      for (PositionalParamSpec parameter : command.positionalParameters()) {
        assertThat(text(parameter.description()))
            .as(words(command) + " " + parameter.paramLabel())
            .isNotEmpty();
      }
    }
  }

  @Test
  void namesTheVariableOfEveryOptionThatHasOne() {
    List<String> known = ConfigLoader.knownVariables();
    TreeSet<String> named = new TreeSet<>();
    for (CommandSpec command : everyCommand(root())) {
      for (OptionSpec option : command.options()) {
        String variable =
            "CLIENTELE_"
                + option.longestName().substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
        if (known.contains(variable)) {
          assertThat(text(option.description()))
              .as(words(command) + " " + option.longestName())
              .contains(variable);
          named.add(variable);
        }
      }
    }
    assertThat(named)
        .contains(
            "CLIENTELE_SERVER",
            "CLIENTELE_ADMIN_TOKEN",
            "CLIENTELE_CACERT",
            "CLIENTELE_DATA_DIR",
            "CLIENTELE_HTTP_PORT");
  }

  @ParameterizedTest(name = "clientele {0} --help")
  @MethodSource("commandNames")
  void explainsEachCommandWithHelpAndExits0(String command) {
    List<String> args =
        new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");

    CliRun run = CliRun.run(Map.of(), args.toArray(String[]::new));

    String fixture =
        "cli/help/" + (command.isEmpty() ? "clientele" : command.replace(' ', '-')) + ".txt";
    assertThat(run).isEqualTo(CliRun.success(JsonAssert.fixture(fixture)));
  }
}
