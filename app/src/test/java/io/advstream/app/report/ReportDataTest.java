package io.advstream.app.report;

import static io.advstream.app.report.RunsDirFixture.ADVPROP;
import static io.advstream.app.report.RunsDirFixture.ADVPROP_CLEAN;
import static io.advstream.app.report.RunsDirFixture.VANILLA;
import static io.advstream.app.report.RunsDirFixture.VANILLA_CLEAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportDataTest {
  private static final double EXACT = 1e-12;
  private static final Eps EPS_4 = Eps.of(4 / 255.0);
  private static final Eps EPS_8 = Eps.of(8 / 255.0);

  @TempDir Path runs;

  @BeforeEach
  void writeRuns() {
    RunsDirFixture.write(runs);
  }

  @Test
  void meansAndSampleStandardDeviationsOverSeeds() {
    ReportData data = ReportData.load(runs);

    Summary vanilla = data.summary(VANILLA, Metric.CLEAN);
    assertThat(vanilla.n()).isEqualTo(3);
    assertThat(vanilla.mean()).isCloseTo(0.91, within(EXACT));
    assertThat(vanilla.std()).isCloseTo(0.01, within(EXACT));

    // advprop 0.915, 0.92, 0.94: mean 0.925, squares 1e-4 + 2.5e-5 + 2.25e-4 = 3.5e-4 over n-1 = 2
    Summary advprop = data.summary(ADVPROP, Metric.CLEAN);
    assertThat(advprop.mean()).isCloseTo(0.925, within(EXACT));
    assertThat(advprop.std()).isCloseTo(Math.sqrt(3.5e-4 / 2), within(EXACT));

    Summary wallClock = data.summary(ADVPROP, Metric.WALL_CLOCK);
    assertThat(wallClock.mean()).isCloseTo(1240.0, within(EXACT));
    assertThat(wallClock.std()).isCloseTo(20.0, within(EXACT));
    assertThat(data.summary(VANILLA, Metric.IMAGES_PER_SECOND).mean())
        .isCloseTo(498.0, within(EXACT));
    assertThat(data.totalWallClockSeconds()).isCloseTo(3 * 620.0 + 3 * 1240.0, within(EXACT));
  }

  @Test
  void meanCorruptionAccuracyIsRecomputedFromPerCorruption() {
    ReportData data = ReportData.load(runs);
    // files say meanAccuracy 0.0; seed 1 of advprop: (0.85 + 0.65 + 0.90 + 0.80) / 4
    assertThat(data.perSeed(ADVPROP, Metric.CORRUPTION_MEAN).get(1)).isCloseTo(0.80, within(EXACT));
    assertThat(data.summary(ADVPROP, Metric.CORRUPTION_MEAN).mean()).isCloseTo(0.81, within(EXACT));
  }

  @Test
  void baselineMceIsExactlyOne() {
    ReportData data = ReportData.load(runs);
    assertThat(data.perSeed(VANILLA, Metric.MCE)).containsOnlyKeys(1, 2, 3);
    assertThat(data.perSeed(VANILLA, Metric.MCE).values()).containsOnly(1.0);
    assertThat(data.summary(VANILLA, Metric.MCE).mean()).isEqualTo(1.0);
    assertThat(data.summary(VANILLA, Metric.MCE).std()).isEqualTo(0.0);
  }

  @Test
  void mceAgainstTheBaselineOfTheSameSeedByHand() {
    ReportData data = ReportData.load(runs);
    // seed 1: gaussian-noise errors advprop 0.15 + 0.35, vanilla 0.20 + 0.40 -> CE 0.5 / 0.6;
    // blur 0.10 + 0.20 vs 0.10 + 0.30 -> CE 0.3 / 0.4; mCE = mean of the two
    assertThat(data.perSeed(ADVPROP, Metric.MCE).get(1))
        .isCloseTo((0.5 / 0.6 + 0.3 / 0.4) / 2, within(EXACT));
    // seed 2: every accuracy 0.01 higher
    assertThat(data.perSeed(ADVPROP, Metric.MCE).get(2))
        .isCloseTo((0.48 / 0.58 + 0.28 / 0.38) / 2, within(EXACT));
  }

  @Test
  void mceAcrossDifferentSeedsWouldDiffer() {
    // pairing by seed matters: advprop seed 1 against vanilla seed 3 gives another number
    double sameSeed =
        RunMetrics.mce(
            RunsDirFixture.perCorruption(ADVPROP, 1), RunsDirFixture.perCorruption(VANILLA, 1));
    double otherSeed =
        RunMetrics.mce(
            RunsDirFixture.perCorruption(ADVPROP, 1), RunsDirFixture.perCorruption(VANILLA, 3));
    assertThat(ReportData.load(runs).perSeed(ADVPROP, Metric.MCE).get(1))
        .isEqualTo(sameSeed)
        .isNotCloseTo(otherSeed, within(1e-3));
  }

  @Test
  void pgdAndFgsmColumnsPerEps() {
    ReportData data = ReportData.load(runs);
    assertThat(data.columns())
        .containsExactly(
            Metric.CLEAN,
            Metric.CORRUPTION_MEAN,
            Metric.MCE,
            Metric.pgd(Eps.of(1 / 255.0)),
            Metric.pgd(EPS_4),
            Metric.pgd(EPS_8),
            Metric.fgsm(Eps.of(1 / 255.0)),
            Metric.fgsm(EPS_4),
            Metric.WALL_CLOCK,
            Metric.IMAGES_PER_SECOND);
    assertThat(data.name(Metric.pgd(EPS_4))).isEqualTo("PGD-10 ε=4/255");
    assertThat(data.perSeed(VANILLA, Metric.pgd(EPS_4)).get(1)).isCloseTo(0.40, within(EXACT));
    assertThat(data.perSeed(VANILLA, Metric.fgsm(EPS_4)).get(3)).isCloseTo(0.62, within(EXACT));
    assertThat(data.headlinePgd()).contains(Metric.pgd(EPS_4));
  }

  @Test
  void pgd50ReplacesPgdKWhereTheConvergenceCheckFailed() {
    ReportData data = ReportData.load(runs);
    Metric pgd8 = Metric.pgd(EPS_8);
    assertThat(data.perSeed(ADVPROP, pgd8))
        .containsExactly(
            Map.entry(1, 0.915 - 0.80),
            Map.entry(2, RunsDirFixture.ADVPROP_S2_PGD50_8),
            Map.entry(3, 0.94 - 0.80));
    assertThat(data.substitutions())
        .containsExactly(
            new Substitution(
                ADVPROP,
                2,
                "main",
                EPS_8,
                10,
                RunsDirFixture.ADVPROP_S2_PGD10_8,
                RunsDirFixture.ADVPROP_S2_PGD50_8));
    assertThat(data.substituted(ADVPROP, "main", pgd8)).isTrue();
    assertThat(data.substituted(ADVPROP, "main", Metric.pgd(EPS_4))).isFalse();
    // ... and only there: its other ε keep their PGD-10 figures
    assertThat(data.perSeed(ADVPROP, Metric.pgd(EPS_4))).containsOnlyKeys(1, 2, 3);
    assertThat(data.substituted(VANILLA, "main", pgd8)).isFalse();
    // the converged runs keep PGD-10 even though PGD-50 is in their files too
    assertThat(data.perSeed(VANILLA, pgd8).get(1)).isCloseTo(0.10, within(EXACT));
  }

  @Test
  void pairedDifferenceAndTTestByHand() {
    ReportData data = ReportData.load(runs);
    PairedDifference d = data.difference(ADVPROP, Metric.CLEAN);
    double[] diffs = new double[3];
    for (int i = 0; i < 3; i++) {
      diffs[i] = ADVPROP_CLEAN[i] - VANILLA_CLEAN[i];
    }
    double mean = (diffs[0] + diffs[1] + diffs[2]) / 3;
    double var = 0;
    for (double x : diffs) {
      var += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(var / 2);
    double t = mean / (sd / Math.sqrt(3));
    // Student's t with 2 degrees of freedom has the CDF 1/2 + t / (2 sqrt(2 + t^2))
    double p = 1 - Math.abs(t) / Math.sqrt(2 + t * t);

    assertThat(d.n()).isEqualTo(3);
    assertThat(d.seeds()).containsExactly(1, 2, 3);
    assertThat(d.mean()).isCloseTo(0.015, within(EXACT));
    assertThat(d.pValue()).isCloseTo(p, within(1e-9));
    assertThat(d.pValue()).isCloseTo(0.0351, within(1e-4));
    assertThat(data.difference(VANILLA, Metric.CLEAN)).isNull();
  }

  @Test
  void bootstrapIntervalHoldsTheMeanAndIsDeterministic() {
    ReportData first = ReportData.load(runs);
    ReportData again = ReportData.load(runs);
    for (Metric m : first.comparedColumns()) {
      PairedDifference d = first.difference(ADVPROP, m);
      assertThat(d.ciLow()).as(m.toString()).isLessThanOrEqualTo(d.mean());
      assertThat(d.ciHigh()).as(m.toString()).isGreaterThanOrEqualTo(d.mean());
      assertThat(again.difference(ADVPROP, m).ciLow()).isEqualTo(d.ciLow());
      assertThat(again.difference(ADVPROP, m).ciHigh()).isEqualTo(d.ciHigh());
    }
    // clean differences 0.015, 0.01, 0.02: with 3 pairs, all-equal resamples (1/27 each) pass the
    // 2.5% tails, so the interval runs from the smallest to the largest difference
    PairedDifference clean = first.difference(ADVPROP, Metric.CLEAN);
    assertThat(clean.ciLow()).isCloseTo(0.92 - 0.91, within(EXACT));
    assertThat(clean.ciHigh()).isCloseTo(0.94 - 0.92, within(EXACT));
    assertThat(clean.verdict()).isEqualTo(PairedDifference.Verdict.BEATS);
  }

  @Test
  void unfinishedRunsAreListedAndNeverAveraged() {
    // advprop seed 3 is still running (with an interim accuracy that would move the mean); vanilla
    // seed 2 has no
    // directory at all
    RunsDirFixture.writeRun(runs, ADVPROP, 3, 0.85, 4, 1);
    Path runJson = GridRuns.runDir(runs, ADVPROP, 3).resolve("run.json");
    RunsDirFixture.write(
        runJson, readString(runJson).replace("\"status\" : \"done\"", "\"status\" : \"running\""));
    deleteTree(GridRuns.runDir(runs, VANILLA, 2));

    ReportData data = ReportData.load(runs);
    assertThat(data.missingRuns())
        .containsExactly(
            new MissingRun(VANILLA, 2, "no run.json"),
            new MissingRun(ADVPROP, 3, "status running"));
    assertThat(data.finishedRuns()).hasSize(4);
    assertThat(data.summary(ADVPROP, Metric.CLEAN).n()).isEqualTo(2);
    assertThat(data.summary(ADVPROP, Metric.CLEAN).mean()).isCloseTo(0.9175, within(EXACT));
    assertThat(data.perSeed(ADVPROP, Metric.MCE)).containsOnlyKeys(1);
    assertThat(data.totalWallClockSeconds()).isCloseTo(610 + 630 + 1220 + 1240, within(EXACT));
    // only seed 1 is paired now: no interval, no test
    PairedDifference d = data.difference(ADVPROP, Metric.CLEAN);
    assertThat(d.n()).isEqualTo(1);
    assertThat(d.hasInterval()).isFalse();
    assertThat(d.ciLow()).isNaN();
    assertThat(d.pValue()).isNaN();
    assertThat(d.verdict()).isEqualTo(PairedDifference.Verdict.NO_INTERVAL);
  }

  @Test
  void testBnTableComparesMainWithTheAuxiliarySet() {
    ReportData data = ReportData.load(runs);
    assertThat(data.testBnVariants()).containsExactly(ADVPROP);
    assertThat(data.testBnSets(ADVPROP)).containsExactly("main", "aux1");
    assertThat(data.testBnSummary(ADVPROP, "main", Metric.CLEAN).mean())
        .isCloseTo(0.925, within(EXACT));
    assertThat(data.testBnSummary(ADVPROP, "aux1", Metric.CLEAN).mean())
        .isCloseTo(0.725, within(EXACT));
    assertThat(data.testBnColumns())
        .contains(Metric.CLEAN, Metric.pgd(EPS_4))
        .doesNotContain(Metric.MCE);
  }

  @Test
  void sameDifferenceEverySeedHasAPointIntervalAndNoP() {
    double[] interval = PairedStats.bootstrapInterval(new double[] {0.02, 0.02, 0.02}, 1000, 7);
    assertThat(interval[0]).isCloseTo(0.02, within(EXACT));
    assertThat(interval[1]).isCloseTo(0.02, within(EXACT));
    assertThat(PairedStats.pairedTTestP(new double[] {0.5, 0.6}, new double[] {0.4, 0.5})).isNaN();
  }

  @Test
  void otherBootstrapSeedsGiveOtherDrawsOfTheSameDifferences() {
    double[] diffs = {0.01, -0.02, 0.03, 0.015, -0.005, 0.02};
    double[] a = PairedStats.bootstrapInterval(diffs, 10_000, 1);
    assertThat(PairedStats.bootstrapInterval(diffs, 10_000, 1)).containsExactly(a);
    assertThat(PairedStats.bootstrapInterval(diffs, 10_000, 2)).isNotEqualTo(a);
    double mean = Arrays.stream(diffs).average().orElseThrow();
    assertThat(a[0]).isLessThan(mean);
    assertThat(a[1]).isGreaterThan(mean);
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
