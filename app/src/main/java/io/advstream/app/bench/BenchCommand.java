package io.advstream.app.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks that print throughput next to a baseline measured in the same run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks. Each prints its figures next to a baseline measured in the same process, as a"
          + " ratio. Run them alone on the machine: other load skews the figures."
    },
    subcommands = {
      AttackBenchCommand.class,
      AugmentBenchCommand.class,
      PipelineBenchCommand.class,
      TrainerBenchCommand.class
    })
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
