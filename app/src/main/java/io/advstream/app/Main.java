package io.advstream.app;

import io.advstream.app.config.ConfigFile;
import io.advstream.app.config.GroupedOptionList;
import io.advstream.app.report.ReportCommand;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code advstream} command line. */
@Command(
    name = "advstream",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Streaming AdvProp: images flow from Kafka through Flink jobs that tag each one by source"
          + " domain (CLEAN, AUTOAUGMENT, ADVERSARIAL) into a tagged stream for the trainer.",
      "",
      "Start with 'advstream demo': it runs everything on this machine (Kafka broker, Flink with"
          + " its Web UI on http://127.0.0.1:8081) on Fashion-MNIST.",
      "",
      "Benchmarks: 'advstream bench pipeline|augment|attack|trainer' (module bench, with its own"
          + " class path; 'advstream bench --help' explains them).",
      ""
    },
    subcommands = {
      DemoCommand.class,
      SoakCommand.class,
      BrokerCommand.class,
      IngestCommand.class,
      AugmentCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      ExperimentCommand.class,
      ReportCommand.class,
      PoliciesCommand.class,
      AugmentPreviewCommand.class,
      AttackPreviewCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (tests call this). */
  public static int run(String... args) {
    CommandLine cli = commandLine(new Main());
    Optional<Path> config = ConfigFile.named(args);
    CommandLine command = args.length > 0 ? cli.getSubcommands().get(args[0]) : null;
    if (config.isPresent()
        && command != null
        && command.getCommandSpec().findOption("--config") != null) {
      try {
        command.setDefaultValueProvider(ConfigFile.load(config.get(), command.getCommandSpec()));
      } catch (IllegalArgumentException e) {
        cli.getErr().println("error: " + e.getMessage());
        return ErrorReporter.USER_ERROR;
      }
    }
    return cli.execute(args);
  }

  /**
   * A command line over {@code command} that reports failures, parses enum values and lists options
   * in groups as every advstream command does; the bench module's main runs its commands through it
   * too.
   */
  public static CommandLine commandLine(Object command) {
    CommandLine cli =
        new CommandLine(command)
            .setExecutionExceptionHandler(new ErrorReporter())
            .setCaseInsensitiveEnumValuesAllowed(true);
    GroupedOptionList.install(cli);
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
