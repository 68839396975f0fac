package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.advstream.app.experiment.RunRecord;
import io.advstream.app.report.Metric;
import io.advstream.app.report.ReportData;
import io.advstream.datasets.FashionMnistFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quick grid of two variants and one seed, end to end: embedded broker, local Flink, trainer,
 * robustness evaluation; then the grid started again skips what is done and resumes a run from its
 * checkpoint.
 */
class ExperimentIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();
  @TempDir Path work;

  @Test
  void aQuickGridRunsEndToEndSharesItsStreamAndResumes() throws Exception {
    Path grid = work.resolve("grid.yaml");
    Files.writeString(
        grid,
        """
        name: it
        description: two variants through the pipeline
        seeds: [1, 2, 3]
        baseline: vanilla
        side-by-side: [vanilla, advprop]
        run: {model: resnet8, images: 60000}
        eval: {images: 2000}
        quick:
          seeds: [5]
          run: {model: cnn-small, images: 640, batch-size: 64, eval-images: 200, checkpoint-every: 4}
          eval: {images: 300, corruption-images: 20, attack-images: 40}
        variants:
          - name: vanilla
            description: clean only
            options: {mode: vanilla}
          - name: advprop
            description: AdvProp, PGD-1 in the trainer
            options:
              mode: advprop
              adv-source: trainer
              attack: pgd-linf:eps=4/255,step=4/255,iters=1,random-start=1
              policy: none
        """);
    Path runs = work.resolve("runs");
    List<String> args =
        List.of(
            "experiment",
            grid.toString(),
            "--quick",
            "--runs-dir",
            runs.toString(),
            "--data",
            FashionMnistFixture.fullDir().toString(),
            "--kafka-port",
            "0",
            "--web-ui-port",
            "0");
    assertThat(Main.run(args.toArray(String[]::new))).as(console.out()).isZero();

    RunRecord vanilla = RunRecord.read(runs.resolve("vanilla/seed-5")).orElseThrow();
    RunRecord advprop = RunRecord.read(runs.resolve("advprop/seed-5")).orElseThrow();
    for (RunRecord r : List.of(vanilla, advprop)) {
      assertThat(r.done()).as(r.error()).isTrue();
      assertThat(r.steps()).isEqualTo(640 / 64);
      assertThat(r.stream().shared()).isTrue();
      assertThat(r.heldOutAccuracy()).isBetween(0.0, 1.0);
    }
    // One stream for both: the vanilla run made it, the AdvProp run read the same topic.
    assertThat(advprop.stream().topic()).isEqualTo(vanilla.stream().topic());
    assertThat(vanilla.streamSeconds()).isPositive();
    assertThat(advprop.streamSeconds()).isZero();
    try (Stream<Path> streams = Files.list(runs.resolve("streams"))) {
      assertThat(streams).hasSize(1);
    }
    assertThat(advprop.domains()).containsExactly("clean", "adversarial");
    assertThat(advprop.attack().where()).isEqualTo("trainer");
    assertThat(advprop.attack().iterations()).isEqualTo(1);
    assertThat(vanilla.attack()).isNull();
    // Each run has its files: resolved options, metrics, export, robustness results.
    for (String run : List.of("vanilla/seed-5", "advprop/seed-5")) {
      Path dir = runs.resolve(run);
      assertThat(dir.resolve("config.yaml")).exists();
      assertThat(dir.resolve("train/config.json")).exists();
      assertThat(dir.resolve("train/export/model.json")).exists();
      assertThat(Files.readAllLines(dir.resolve("train/metrics.csv"))).hasSize(1 + 640 / 64);
      JsonNode robust = JSON.readTree(dir.resolve("robust.json").toFile());
      assertThat(robust.path("clean").path("accuracy").asDouble())
          .isEqualTo(RunRecord.read(dir).orElseThrow().heldOutAccuracy());
      assertThat(robust.path("corruptions").path("perCorruption").size()).isEqualTo(17);
    }
    // The AdvProp run's mCE is against the vanilla run of the same seed.
    JsonNode advpropRobust = JSON.readTree(runs.resolve("advprop/seed-5/robust.json").toFile());
    assertThat(advpropRobust.path("corruptions").path("mce").isNumber()).isTrue();
    JsonNode gridJson = JSON.readTree(runs.resolve("grid.json").toFile());
    assertThat(gridJson.path("quick").asBoolean()).isTrue();
    assertThat(gridJson.path("seeds").toString()).isEqualTo("[5]");

    // The report's numbers are those of the runs' files.
    assertThat(Main.run("report", runs.toString())).isZero();
    assertThat(runs.resolve("report.md")).exists();
    assertThat(runs.resolve("report.html")).exists();
    ReportData report = ReportData.load(runs);
    JsonNode vanillaRobust = JSON.readTree(runs.resolve("vanilla/seed-5/robust.json").toFile());
    assertThat(report.summary("advprop", Metric.CLEAN).mean())
        .isEqualTo(advpropRobust.path("clean").path("accuracy").asDouble());
    assertThat(report.summary("vanilla", Metric.CLEAN).mean())
        .isEqualTo(vanillaRobust.path("clean").path("accuracy").asDouble());
    assertThat(report.summary("advprop", Metric.MCE).mean())
        .isCloseTo(mce(advpropRobust, vanillaRobust), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(report.summary("advprop", Metric.CORRUPTION_MEAN).mean())
        .isCloseTo(
            advpropRobust.path("corruptions").path("meanAccuracy").asDouble(),
            org.assertj.core.data.Offset.offset(1e-12));
    assertThat(report.summary("vanilla", Metric.WALL_CLOCK).mean())
        .isEqualTo(vanilla.wallClockSeconds());
    assertThat(Files.readString(runs.resolve("report.md")))
        .contains(
            String.format(
                "| advprop | 1 | %.2f |",
                100 * advpropRobust.path("clean").path("accuracy").asDouble()));

    // Started again: nothing left to run.
    String before = console.out();
    assertThat(Main.run(args.toArray(String[]::new))).isZero();
    String again = console.out().substring(before.length());
    assertThat(again).contains("[2/2 runs done, 0 left]").doesNotContain("=== vanilla/seed-5");

    // A run killed after its last checkpoint, before its run.json: resumes, does not retrain.
    Files.delete(runs.resolve("advprop/seed-5/run.json"));
    before = console.out();
    assertThat(Main.run(args.toArray(String[]::new))).isZero();
    String resumed = console.out().substring(before.length());
    assertThat(resumed).contains("=== advprop/seed-5").contains("Trained steps 10..10");
    assertThat(RunRecord.read(runs.resolve("advprop/seed-5")).orElseThrow().done()).isTrue();
  }

  /** Hendrycks' mCE from the two files' per-corruption accuracies, computed here on its own. */
  private static double mce(JsonNode model, JsonNode baseline) {
    JsonNode ours = model.path("corruptions").path("perCorruption");
    JsonNode theirs = baseline.path("corruptions").path("perCorruption");
    double sum = 0;
    int corruptions = 0;
    for (var it = ours.fieldNames(); it.hasNext(); ) {
      String c = it.next();
      double errors = 0;
      double baselineErrors = 0;
      for (int s = 0; s < 5; s++) {
        errors += 1 - ours.get(c).get(s).asDouble();
        baselineErrors += 1 - theirs.get(c).get(s).asDouble();
      }
      sum += errors / baselineErrors;
      corruptions++;
    }
    return sum / corruptions;
  }
}
