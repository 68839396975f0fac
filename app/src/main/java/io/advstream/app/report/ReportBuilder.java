package io.advstream.app.report;

import io.advstream.app.report.ReportDocument.Block;
import io.advstream.app.report.ReportDocument.Bullets;
import io.advstream.app.report.ReportDocument.Figure;
import io.advstream.app.report.ReportDocument.Heading;
import io.advstream.app.report.ReportDocument.Paragraph;
import io.advstream.app.report.ReportDocument.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Lays out the report: header, tables, verdicts, plots and notes, from {@link ReportData}. */
final class ReportBuilder {
  private static final String DAGGER = "†";

  private final ReportData data;
  private final String baseline;
  private final List<Block> blocks = new ArrayList<>();

  private ReportBuilder(ReportData data) {
    this.data = data;
    this.baseline = data.grid().baseline();
  }

  static ReportDocument build(
      ReportData data,
      List<Figure> figures,
      List<String> curveNotes,
      HardwareInfo hardware,
      Instant writtenAt) {
    ReportBuilder b = new ReportBuilder(data);
    b.header(hardware, writtenAt);
    b.variants();
    b.mainTable();
    b.differences();
    b.testBn();
    if (!figures.isEmpty()) {
      b.blocks.add(new Heading(2, "Plots"));
      b.blocks.addAll(figures);
    }
    List<String> notes = new ArrayList<>(data.notes());
    notes.addAll(curveNotes);
    if (!notes.isEmpty()) {
      b.blocks.add(new Heading(2, "Notes on the data"));
      b.blocks.add(new Bullets(notes));
    }
    return new ReportDocument("Experiment report: " + data.grid().name(), b.blocks);
  }

  private void header(HardwareInfo hardware, Instant writtenAt) {
    GridSpec grid = data.grid();
    List<String> items = new ArrayList<>();
    items.add(
        "Grid: "
            + grid.name()
            + (grid.quick()
                ? ", quick run (grid.json quick=true)"
                : ", full run (grid.json quick=false)"));
    items.add(
        "Seeds: " + grid.seeds().stream().map(String::valueOf).collect(Collectors.joining(", ")));
    String missing =
        data.missingRuns().isEmpty()
            ? "none missing"
            : "missing, left out of every statistic: "
                + data.missingRuns().stream()
                    .map(MissingRun::toString)
                    .collect(Collectors.joining("; "));
    items.add(
        "Runs finished: "
            + data.finishedRuns().size()
            + " of "
            + data.expectedRuns()
            + " expected ("
            + missing
            + ")");
    items.add("Baseline: " + baseline);
    items.add(
        "Total wall-clock of the finished runs: " + Formats.duration(data.totalWallClockSeconds()));
    items.add(
        "Hardware of the machine writing this report (read at report time, "
            + writtenAt
            + "; the runs may have run elsewhere): "
            + hardware.describe());
    blocks.add(new Bullets(items));
  }

  private void variants() {
    blocks.add(new Heading(2, "Variants"));
    List<List<String>> rows = new ArrayList<>();
    for (GridSpec.Variant v : data.grid().variants()) {
      RunInfo info =
          data.finishedRuns().stream()
              .filter(r -> r.variant().equals(v.name()))
              .map(FinishedRun::info)
              .findFirst()
              .orElse(null);
      rows.add(
          List.of(
              v.name(),
              v.description(),
              info == null ? Formats.NONE : info.model(),
              info == null ? Formats.NONE : info.mode(),
              info == null ? Formats.NONE : attack(info.attack()),
              data.finishedCount(v.name()) + " of " + data.grid().seeds().size()));
    }
    blocks.add(
        new Table(
            List.of("Variant", "Description", "Model", "Mode", "Training attack", "Runs finished"),
            rows,
            List.of(),
            5));
  }

  private static String attack(RunInfo.TrainingAttack a) {
    return a == null
        ? "none"
        : a.kind() + " ε=" + a.eps().label() + ", " + a.iterations() + " iteration(s)";
  }

  private void mainTable() {
    blocks.add(new Heading(2, "Results (mean ± std over seeds)"));
    blocks.add(
        new Paragraph(
            "Mean ± sample standard deviation (n − 1) over the finished seeds; n is the number of"
                + " finished runs, and a cell with fewer values says so. Accuracies in %, top-1"
                + " on the test split with the main BN. Mean corruption accuracy: the mean over"
                + " every corruption and severity in robust.json. mCE is recomputed from the"
                + " per-corruption accuracies against the "
                + baseline
                + " run of the same seed: CE_c = Σ_s err(c,s) / Σ_s err_"
                + baseline
                + "(c,s), mCE = mean of CE_c over the corruptions (lower is better; "
                + baseline
                + " = 1.000). PGD-k uses k from the robustness files. Wall-clock is per run"
                + " (training and evaluation); images/s is the training throughput."));
    List<Metric> columns = data.columns();
    List<String> header = new ArrayList<>(List.of("Variant", "n"));
    columns.forEach(m -> header.add(heading(m)));
    List<List<String>> rows = new ArrayList<>();
    for (String variant : data.grid().variantNames()) {
      int n = data.finishedCount(variant);
      List<String> row = new ArrayList<>(List.of(variant, String.valueOf(n)));
      for (Metric m : columns) {
        String cell = Formats.summary(data.summary(variant, m), m.kind(), n);
        row.add(data.substituted(variant, RunInfo.MAIN_BN, m) ? cell + " " + DAGGER : cell);
      }
      rows.add(row);
    }
    blocks.add(
        new Table(header, rows, substitutionNotes(RunInfo.MAIN_BN, data.grid().variantNames()), 1));
  }

  private List<String> substitutionNotes(String bnSet, List<String> variants) {
    return data.substitutions().stream()
        .filter(s -> s.bnSet().equals(bnSet) && variants.contains(s.variant()))
        .map(
            s ->
                String.format(
                    Locale.ROOT,
                    "%s %s seed %d, ε=%s: PGD-%d had not converged (PGD-%d %.2f%%, PGD-50 %.2f%%),"
                        + " so the cell uses PGD-50 for this run.",
                    DAGGER,
                    s.variant(),
                    s.seed(),
                    s.eps().label(),
                    s.k(),
                    s.k(),
                    100 * s.pgdK(),
                    100 * s.pgd50()))
        .toList();
  }

  private String heading(Metric m) {
    String name = data.name(m);
    // "mCE" keeps its lower-case m
    String capitalised =
        m.kind() == Metric.Kind.MCE
            ? name
            : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    return switch (m.kind()) {
      case CLEAN, CORRUPTION_MEAN, PGD, FGSM -> capitalised + " (%)";
      case WALL_CLOCK -> capitalised + " (s)";
      default -> capitalised;
    };
  }

  private void differences() {
    List<String> others =
        data.grid().variantNames().stream().filter(v -> !v.equals(baseline)).toList();
    if (others.isEmpty() || data.comparedColumns().isEmpty()) {
      return;
    }
    blocks.add(new Heading(2, "Paired differences against " + baseline + " (same seed)"));
    blocks.add(
        new Paragraph(
            String.format(
                Locale.ROOT,
                "Each variant minus %s on the seeds both finished (n pairs): mean difference in"
                    + " points of accuracy (mCE: as a ratio, lower is better), 95%% percentile"
                    + " bootstrap interval (%,d resamples of the seed pairs, seed %d) and the"
                    + " two-sided paired t-test p-value (n − 1 degrees of freedom). With fewer"
                    + " than two pairs no interval is possible. With few seeds the percentile"
                    + " bootstrap is narrow (for three pairs it spans about the range of the"
                    + " observed differences): read it together with the t-test.",
                baseline,
                data.resamples(),
                data.bootstrapSeed())));
    List<List<String>> rows = new ArrayList<>();
    for (String variant : others) {
      for (Metric m : data.comparedColumns()) {
        PairedDifference d = data.difference(variant, m);
        rows.add(
            List.of(
                variant,
                data.name(m),
                String.valueOf(d.n()),
                Formats.difference(d.mean(), m.kind()),
                d.hasInterval() ? Formats.interval(d) : "no interval possible (n < 2)",
                Formats.p(d)));
      }
    }
    blocks.add(
        new Table(
            List.of(
                "Variant", "Column", "n", "Mean difference", "95% bootstrap CI", "Paired t-test"),
            rows,
            List.of(),
            2));
    blocks.add(new Heading(3, "On clean accuracy"));
    blocks.add(
        new Bullets(
            others.stream().map(v -> verdict(v, data.difference(v, Metric.CLEAN))).toList()));
  }

  /**
   * "advprop beats vanilla on clean accuracy at this scale: +0.52 points (95% CI [...], p = ...)".
   */
  private String verdict(String variant, PairedDifference d) {
    if (d.n() == 0) {
      return variant
          + " cannot be compared with "
          + baseline
          + " on clean accuracy: no seed where both finished.";
    }
    String diff = Formats.difference(d.mean(), d.metric().kind()) + " points";
    if (d.verdict() == PairedDifference.Verdict.NO_INTERVAL) {
      return variant
          + " cannot be told apart from "
          + baseline
          + " on clean accuracy at this scale: "
          + diff
          + " from n = 1 seed pair; no interval is possible with fewer than two.";
    }
    return variant
        + " "
        + phrase(d.verdict())
        + " "
        + baseline
        + " on clean accuracy at this scale: "
        + diff
        + " (95% CI "
        + Formats.interval(d)
        + ", "
        + Formats.p(d)
        + ", n = "
        + d.n()
        + " seed pairs)."
        + caveat(d);
  }

  /** When the interval excludes 0 but the t-test does not agree, say so. */
  private static String caveat(PairedDifference d) {
    boolean decided =
        d.verdict() == PairedDifference.Verdict.BEATS
            || d.verdict() == PairedDifference.Verdict.DOES_NOT_BEAT;
    if (decided && !(d.pValue() < 0.05)) {
      return " The t-test does not confirm it at the 5% level: more seeds would settle it.";
    }
    return "";
  }

  private static String phrase(PairedDifference.Verdict verdict) {
    return switch (verdict) {
      case BEATS -> "beats";
      case DOES_NOT_BEAT -> "does not beat (it is worse than)";
      case CANNOT_BE_TOLD_APART, NO_INTERVAL -> "cannot be told apart from";
    };
  }

  private void testBn() {
    if (data.testBnVariants().isEmpty()) {
      return;
    }
    blocks.add(new Heading(2, "Test-time BN: the same models evaluated with each BN set"));
    blocks.add(
        new Paragraph(
            "AdvProp evaluates with the main BN; these rows evaluate the same trained weights"
                + " with each auxiliary BN set instead (robust-<set>.json), mean ± std over the"
                + " seeds."));
    List<Metric> columns = data.testBnColumns();
    List<String> header = new ArrayList<>(List.of("Variant", "BN set", "n"));
    columns.forEach(m -> header.add(heading(m)));
    List<List<String>> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String variant : data.testBnVariants()) {
      for (String set : data.testBnSets(variant)) {
        int n = data.testBnSummary(variant, set, Metric.CLEAN).n();
        List<String> row = new ArrayList<>(List.of(variant, set, String.valueOf(n)));
        for (Metric m : columns) {
          String cell = Formats.summary(data.testBnSummary(variant, set, m), m.kind(), n);
          row.add(data.substituted(variant, set, m) ? cell + " " + DAGGER : cell);
        }
        rows.add(row);
      }
    }
    data.testBnVariants().stream()
        .flatMap(v -> data.testBnSets(v).stream())
        .distinct()
        .forEach(set -> notes.addAll(substitutionNotes(set, data.testBnVariants())));
    blocks.add(new Table(header, rows, notes, 2));
  }
}
