package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.app.experiment.Grid;
import io.advstream.app.experiment.GridFile;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.pipeline.kafka.KafkaConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExperimentGridTest {
  private static final Path EXPERIMENTS = Path.of("..", "experiments");

  @TempDir Path dir;

  static Stream<Path> shippedGrids() throws IOException {
    return Files.list(EXPERIMENTS).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("shippedGrids")
  void everyShippedGridPlansEveryRunAtBothSizes(Path file) {
    for (boolean quick : new boolean[] {false, true}) {
      Grid grid = load(file, quick);
      assertThat(grid.seeds()).as("seeds of %s", file).hasSizeGreaterThanOrEqualTo(quick ? 1 : 3);
      for (Grid.Run run : grid.runs()) {
        assertThat(plan(grid, run).demo().images()).isPositive();
      }
    }
  }

  @Test
  void baselinesShareOneStreamPerSeedAndBranchSetAndRunTheJobAttackLive() {
    Grid grid = load(EXPERIMENTS.resolve("baselines.yaml"), false);
    assertThat(grid.variants()).hasSize(8);
    assertThat(grid.runs()).hasSize(24);
    Set<String> streams = new HashSet<>();
    int live = 0;
    for (Grid.Run run : grid.runs()) {
      ExperimentRun.Plan plan = plan(grid, run);
      if (plan.live()) {
        live++;
        assertThat(run.variant().name()).isEqualTo("advprop-pipeline");
      } else {
        streams.add(plan.streamId());
      }
    }
    // clean only, and clean + AutoAugment, for each of 3 seeds
    assertThat(streams).hasSize(6);
    assertThat(live).isEqualTo(3);
  }

  @Test
  void quickOptionsReplaceTheRunOptionsAndVariantsReplaceBoth() throws IOException {
    Path file =
        write(
            """
            name: overlay
            seeds: [1, 2, 3]
            run: {model: resnet8, images: 60000, lr: 0.1}
            quick: {run: {model: cnn-small, images: 500}, seeds: [7]}
            variants:
              - {name: a, options: {mode: vanilla, images: 900}}
            """);
    Grid full = load(file, false);
    Grid quick = load(file, true);
    assertThat(full.seeds()).containsExactly(1L, 2L, 3L);
    assertThat(quick.seeds()).containsExactly(7L);
    assertThat(full.variants().get(0).options().get("model").asText()).isEqualTo("resnet8");
    assertThat(quick.variants().get(0).options().get("model").asText()).isEqualTo("cnn-small");
    assertThat(quick.variants().get(0).options().get("images").asInt()).isEqualTo(900);
    assertThat(quick.variants().get(0).options().get("lr").asDouble()).isEqualTo(0.1);
  }

  @Test
  void refusesUnknownKeysNamingThemAndWhere() throws IOException {
    assertRefused(
        "name: g\nseeds: [1]\nvariant: []\n", "unknown key 'variant' in the file", "variants");
    assertRefused(
        "name: g\nseeds: [1]\nvariants:\n  - {name: a, option: {}}\n",
        "unknown key 'option' in variants[0]");
    assertRefused(
        "name: g\nseeds: [1]\nvariants:\n  - {name: a, options: {mode: vanilla, lrr: 1}}\n",
        "variant a",
        "unknown key 'lrr'");
    assertRefused(
        "name: g\nseeds: [1]\neval: {imagez: 3}\nvariants:\n  - {name: a}\n",
        "eval",
        "unknown key 'imagez'");
    assertRefused(
        "name: g\nseeds: [1]\nquick: {runs: {}}\nvariants:\n  - {name: a}\n",
        "unknown key 'runs' in quick");
  }

  @Test
  void refusesBadValuesNamingThem() throws IOException {
    assertRefused("name: G!\nseeds: [1]\nvariants:\n  - {name: a}\n", "name = G!");
    assertRefused("name: g\nseeds: [1, 1]\nvariants:\n  - {name: a}\n", "holds a seed twice");
    assertRefused("name: g\nseeds: [1.5]\nvariants:\n  - {name: a}\n", "seeds = 1.5");
    assertRefused("name: g\nseeds: 3\nvariants:\n  - {name: a}\n", "seeds = 3");
    assertRefused(
        "name: g\nseeds: [1]\nvariants:\n  - {name: a}\n  - {name: a}\n",
        "variants[1].name = a",
        "earlier variant");
    assertRefused(
        "name: g\nseeds: [1]\nbaseline: b\nvariants:\n  - {name: a}\n",
        "baseline = b",
        "not a variant");
    assertRefused(
        "name: g\nseeds: [1]\neval: {bn-sets: [aux1]}\nvariants:\n  - {name: a}\n",
        "must include main");
    assertRefused(
        "name: g\nseeds: [1]\nvariants:\n  - {name: a, options: {seed: 4}}\n",
        "variants[0].options.seed is set by the experiment runner");
    assertRefused(
        "name: g\nseeds: [1]\nrun: {output-topic: x}\nvariants:\n  - {name: a}\n",
        "output-topic is set by the experiment runner");
  }

  @Test
  void refusesAValueOrCombinationTheRunWouldRefuseBeforeAnyRunStarts() throws IOException {
    Grid badNumber =
        load(write("name: g\nseeds: [1]\nvariants:\n  - {name: a, options: {lr: abc}}\n"), false);
    assertThatThrownBy(() -> plan(badNumber, badNumber.runs().get(0)))
        .hasMessageContaining("variant a")
        .hasMessageContaining("--lr")
        .hasMessageContaining("abc");
    Grid badMix =
        load(
            write(
                "name: g\nseeds: [1]\nvariants:\n"
                    + "  - {name: a, options: {mode: vanilla, policy: 'autoaugment:cifar10'}}\n"),
            false);
    assertThatThrownBy(() -> plan(badMix, badMix.runs().get(0)))
        .hasMessageContaining("variant a")
        .hasMessageContaining("--mode vanilla trains CLEAN samples only");
  }

  @Test
  void aPolicyOfNoneInTheGridCountsAsGiven() throws IOException {
    Grid grid =
        load(
            write(
                "name: g\nseeds: [1]\nvariants:\n"
                    + "  - {name: a, options: {mode: advprop, policy: none, adv-source: trainer}}\n"),
            false);
    assertThat(plan(grid, grid.runs().get(0)).demo().produced())
        .containsExactly("clean", "adversarial");
  }

  private void assertRefused(String yaml, String... fragments) throws IOException {
    Path file = write(yaml);
    var thrown = assertThatThrownBy(() -> load(file, false));
    thrown.isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString());
    for (String f : fragments) {
      thrown.hasMessageContaining(f);
    }
  }

  private Path write(String yaml) throws IOException {
    Path file = Files.createTempFile(dir, "grid", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static Grid load(Path file, boolean quick) {
    return GridFile.load(
        file,
        quick,
        Main.commandLine(new DemoCommand()).getCommandSpec(),
        Main.commandLine(new EvalCommand()).getCommandSpec());
  }

  private ExperimentRun.Plan plan(Grid grid, Grid.Run run) {
    ExperimentRun.Setting setting =
        new ExperimentRun.Setting(
            grid.name(),
            dir,
            new KafkaConnection("127.0.0.1:9092", Map.of()),
            FashionMnistFixture.dir(),
            new FlinkClusterOptions(),
            0,
            null);
    return new ExperimentRun(grid, run, setting).plan();
  }
}
