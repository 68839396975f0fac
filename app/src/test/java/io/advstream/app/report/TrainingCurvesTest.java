package io.advstream.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurvesTest {
  @TempDir Path runs;

  @Test
  void theLastLineOfARepeatedStepWins() {
    RunsDirFixture.write(runs);
    List<String> notes = new ArrayList<>();
    Map<String, TreeMap<Long, Double>> bySet =
        TrainingCurves.read(
            GridRuns.runDir(runs, "advprop", 1).resolve("train").resolve("metrics.csv"), notes);
    assertThat(bySet).containsOnlyKeys("main", "aux1");
    assertThat(bySet.get("main")).hasSize(RunsDirFixture.STEPS);
    // steps 10..12 were first written with loss 99 before the resume
    assertThat(bySet.get("main").get(11L))
        .isCloseTo(RunsDirFixture.loss("main", 1, 11), within(1e-6));
    assertThat(bySet.get("aux1").get(10L))
        .isCloseTo(RunsDirFixture.loss("aux1", 1, 10), within(1e-6));
    assertThat(notes).isEmpty();
  }

  @Test
  void curvesAreTheMeanOverSeedsPerSetAndVariant() {
    RunsDirFixture.write(runs);
    Map<String, Map<String, TrainingCurves.Curve>> curves =
        TrainingCurves.meanOverSeeds(GridRuns.load(runs), new ArrayList<>());
    assertThat(curves).containsOnlyKeys("main", "aux1");
    assertThat(curves.get("main")).containsOnlyKeys("vanilla", "advprop");
    assertThat(curves.get("aux1")).containsOnlyKeys("advprop");
    TrainingCurves.Curve main = curves.get("main").get("vanilla");
    assertThat(main.steps()).hasSize(RunsDirFixture.STEPS);
    // seeds 1..3 add 0.01 × seed: the mean adds 0.02
    assertThat(main.loss()[4]).isCloseTo(2.0 - 0.05 * 5 + 0.02, within(1e-6));
  }

  @Test
  void anUnreadableLineIsSkippedAndReported() throws Exception {
    Path csv = runs.resolve("metrics.csv");
    Files.writeString(
        csv,
        "step,time_ms,lr,loss,main_samples,main_loss,main_accuracy,adversarial_staleness_mean,adversarial_staleness_max\n"
            + "1,0,0.1,2.0,128,2.0,0.1,,\n"
            + "2,0,0.1,1.9,12\n"
            + "3,0,0.1,1.8,128,1.8,0.2,,\n");
    List<String> notes = new ArrayList<>();
    assertThat(TrainingCurves.read(csv, notes).get("main")).containsOnlyKeys(1L, 3L);
    assertThat(notes).singleElement().asString().contains("line 3");
  }

  @Test
  void smoothingKeepsAConstantAndEvensOutNoise() {
    assertThat(TrainingCurves.smooth(new double[] {2, 2, 2, 2})).containsExactly(2, 2, 2, 2);
    assertThat(TrainingCurves.smooth(new double[] {0, 3, 0})).containsExactly(1.5, 1, 1.5);
  }
}
