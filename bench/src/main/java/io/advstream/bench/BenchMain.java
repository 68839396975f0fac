package io.advstream.bench;

import io.advstream.app.Main;
import io.advstream.app.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code advstream bench}: benchmarks that print throughput next to a baseline measured in the same
 * run. Its own main, so that JMH, stock DL4J and its ND4J shim stay off the class path of every
 * other command; the {@code advstream} launcher runs it when the first argument is {@code bench}.
 */
@Command(
    name = "advstream bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Benchmarks. Each prints its figures next to a baseline measured in the same process, as a"
          + " ratio. Run them alone on the machine: other load skews the figures."
    },
    subcommands = {
      AttackBenchCommand.class,
      AugmentBenchCommand.class,
      PipelineBenchCommand.class,
      TrainerBenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BenchMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs {@code advstream bench ARGS} and returns its exit code (tests call this). */
  public static int run(String... args) {
    return Main.commandLine(new BenchMain()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
