package io.advstream.app;

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
      BrokerCommand.class,
      IngestCommand.class,
      AugmentCommand.class,
      TrainCommand.class,
      EvalCommand.class,
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
    return commandLine(new Main()).execute(args);
  }

  /**
   * A command line over {@code command} that reports failures and parses enum values as every
   * advstream command does; the bench module's main runs its commands through it too.
   */
  public static CommandLine commandLine(Object command) {
    return new CommandLine(command)
        .setExecutionExceptionHandler(new ErrorReporter())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
