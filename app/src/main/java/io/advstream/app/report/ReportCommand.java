package io.advstream.app.report;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code advstream report RUNS_DIR}: the tables, statistics and plots of an experiment grid. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Summarise an experiment grid into report.md, a self-contained report.html",
      "(plots embedded as data) and plots/*.png, written into RUNS_DIR unless --output.",
      "",
      "Reads (as the experiment runner writes them):",
      "  RUNS_DIR/grid.json                  name, seeds, baseline, variants",
      "  RUNS_DIR/<variant>/seed-<s>/",
      "    run.json                          status, timings, training attack, BN sets",
      "    robust.json                       clean, corruption, FGSM and PGD accuracy",
      "    robust-<set>.json                 the same evaluated with BN set <set>",
      "    train/metrics.csv                 loss per BN set and step",
      "Runs whose status is not 'done' are listed as missing and never averaged.",
      "",
      "Writes, per variant over its seeds (mean ± sample std, n): clean top-1, mean",
      "corruption accuracy, mCE against the baseline (recomputed seed by seed), PGD and",
      "FGSM accuracy at each ε, wall-clock and images/s; differences against the",
      "baseline paired by seed with a bootstrap interval and the paired t-test; a",
      "test-time BN table; plots of learning curves, clean vs corrupted vs PGD",
      "accuracy, attacker strength and accuracy vs wall-clock.",
      ""
    })
public final class ReportCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "RUNS_DIR",
      description = "The directory the experiment runner wrote.")
  Path runsDir;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Where report.md, report.html and plots/ go (default: RUNS_DIR).")
  Path output;

  @Option(
      names = "--resamples",
      paramLabel = "N",
      defaultValue = "" + ReportData.DEFAULT_RESAMPLES,
      description = "Bootstrap resamples of the seed pairs (default: ${DEFAULT-VALUE}).")
  int resamples;

  @Option(
      names = "--bootstrap-seed",
      paramLabel = "SEED",
      defaultValue = "" + ReportData.DEFAULT_BOOTSTRAP_SEED,
      description =
          "Seed of the bootstrap's random draws; the same seed gives the same intervals"
              + " (default: ${DEFAULT-VALUE}).")
  long bootstrapSeed;

  @Override
  public Integer call() throws Exception {
    if (resamples < 1) {
      throw new IllegalArgumentException("--resamples must be at least 1, got " + resamples);
    }
    // plots are drawn off screen; no display is needed or wanted
    System.setProperty("java.awt.headless", "true");
    ReportData data = ReportData.of(GridRuns.load(runsDir), resamples, bootstrapSeed);
    Path out = output == null ? runsDir : output;
    ReportFiles.Written written = ReportFiles.write(data, out);
    System.out.printf(
        "report of grid %s: %d of %d runs finished%s%n",
        data.grid().name(),
        data.finishedRuns().size(),
        data.expectedRuns(),
        data.missingRuns().isEmpty() ? "" : " (missing: " + data.missingRuns() + ")");
    System.out.println("wrote " + written.markdown());
    System.out.println("wrote " + written.html());
    System.out.println(
        "wrote " + written.plots().size() + " plots in " + out.resolve(ReportPlots.DIR));
    return 0;
  }
}
