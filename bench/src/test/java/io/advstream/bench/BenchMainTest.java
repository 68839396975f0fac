package io.advstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.app.ConsoleCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code advstream bench}: its own main, with the benchmarks as subcommands. */
class BenchMainTest {
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @Test
  void helpListsEveryBenchmark() {
    assertThat(BenchMain.run("--help")).isZero();
    assertThat(console.out())
        .contains("Usage: advstream bench")
        .contains("pipeline", "augment", "attack", "trainer");
  }

  @Test
  void everyBenchmarkExplainsItsOptions() {
    for (String command : new String[] {"pipeline", "augment", "attack", "trainer"}) {
      assertThat(BenchMain.run(command, "--help")).as(command).isZero();
      assertThat(console.out()).as(command).contains("Usage: advstream bench " + command + " ");
    }
    assertThat(console.out()).contains("--data", "--model", "--epoch-images", "--probe");
  }

  @Test
  void unknownBenchmarkIsAUsageError() {
    assertThat(BenchMain.run("nothing")).isEqualTo(2);
    assertThat(console.err()).contains("Unmatched argument at index 0: 'nothing'");
  }

  @Test
  void baselineComparisonFollowsItsFlag() {
    TrainerBenchCommand bench = new TrainerBenchCommand();
    new CommandLine(bench).parseArgs("--no-compare");
    assertThat(bench.compares()).isFalse();
    new CommandLine(bench = new TrainerBenchCommand()).parseArgs();
    assertThat(bench.compares()).isTrue();
  }
}
