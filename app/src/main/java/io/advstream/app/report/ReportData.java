package io.advstream.app.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every number of the report, computed from a runs directory and nothing else, so that tests and
 * other tools can recompute them: per-variant summaries of each column over the finished seeds,
 * paired differences against the baseline variant, the test-time BN comparison and the PGD-50
 * substitutions. Runs that did not finish are listed in {@link #missingRuns()} and never enter a
 * statistic.
 */
public final class ReportData {
  public static final int DEFAULT_RESAMPLES = 10_000;
  public static final long DEFAULT_BOOTSTRAP_SEED = 1L;

  private final GridRuns runs;
  private final int resamples;
  private final long bootstrapSeed;
  private final List<String> notes;
  private final Map<String, List<RunValues>> main = new LinkedHashMap<>();
  private final Map<String, Map<String, List<RunValues>>> testBn = new LinkedHashMap<>();
  private final List<Metric> columns;
  private final List<Metric> testBnColumns;
  private final List<Substitution> substitutions = new ArrayList<>();
  private final Map<Metric, SortedSet<Integer>> pgdIterations = new TreeMap<>();
  private final Map<String, Map<Metric, PairedDifference>> differences = new LinkedHashMap<>();

  private ReportData(GridRuns runs, int resamples, long bootstrapSeed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
    }
    this.runs = runs;
    this.resamples = resamples;
    this.bootstrapSeed = bootstrapSeed;
    List<String> remarks = new ArrayList<>(runs.notes());
    String baseline = runs.grid().baseline();
    SortedSet<Metric> mainColumns = new TreeSet<>();
    SortedSet<Metric> bnColumns = new TreeSet<>();
    for (String variant : runs.grid().variantNames()) {
      List<RunValues> values = new ArrayList<>();
      Map<String, List<RunValues>> bySet = new TreeMap<>();
      for (FinishedRun run : runs.finished()) {
        if (!run.variant().equals(variant)) {
          continue;
        }
        RunValues v = RunMetrics.main(run, finished(baseline, run.seed()), remarks);
        values.add(v);
        mainColumns.addAll(v.values().keySet());
        collect(v);
        if (run.evals().size() > 1) {
          for (Map.Entry<String, RobustEval> e : run.evals().entrySet()) {
            String set = e.getKey();
            RunValues bn =
                set.equals(RunInfo.MAIN_BN)
                    ? v
                    : RunMetrics.robustness(variant, run.seed(), set, e.getValue());
            if (bn != v) {
              collect(bn);
            }
            bySet.computeIfAbsent(set, s -> new ArrayList<>()).add(bn);
            bn.values().keySet().stream().filter(m -> m.kind().accuracy()).forEach(bnColumns::add);
          }
        }
      }
      main.put(variant, values);
      if (!bySet.isEmpty()) {
        testBn.put(variant, bySet);
      }
    }
    this.columns = List.copyOf(mainColumns);
    this.testBnColumns = List.copyOf(bnColumns);
    this.notes = List.copyOf(remarks);
    for (String variant : runs.grid().variantNames()) {
      if (variant.equals(baseline)) {
        continue;
      }
      Map<Metric, PairedDifference> byMetric = new LinkedHashMap<>();
      for (Metric m : comparedColumns()) {
        byMetric.put(
            m,
            PairedStats.compare(
                m,
                runs.grid().seeds(),
                perSeed(variant, m),
                perSeed(baseline, m),
                resamples,
                bootstrapSeed));
      }
      differences.put(variant, byMetric);
    }
  }

  /** Reads {@code runsDir} and computes with the default bootstrap. */
  public static ReportData load(Path runsDir) {
    return of(GridRuns.load(runsDir), DEFAULT_RESAMPLES, DEFAULT_BOOTSTRAP_SEED);
  }

  public static ReportData of(GridRuns runs, int resamples, long bootstrapSeed) {
    return new ReportData(runs, resamples, bootstrapSeed);
  }

  public GridRuns runs() {
    return runs;
  }

  public GridSpec grid() {
    return runs.grid();
  }

  public int resamples() {
    return resamples;
  }

  public long bootstrapSeed() {
    return bootstrapSeed;
  }

  public int expectedRuns() {
    return runs.grid().expectedRuns();
  }

  public List<FinishedRun> finishedRuns() {
    return runs.finished();
  }

  public List<MissingRun> missingRuns() {
    return runs.missing();
  }

  /** Remarks on the data a reader should know: files a finished run lacks, mCEs not computed. */
  public List<String> notes() {
    return notes;
  }

  /** Sum of wallClockSeconds over the finished runs. */
  public double totalWallClockSeconds() {
    return runs.finished().stream().mapToDouble(r -> r.info().wallClockSeconds().orElse(0)).sum();
  }

  /** Main-table columns, in table order: those measured by at least one finished run. */
  public List<Metric> columns() {
    return columns;
  }

  /** The columns compared with the baseline: accuracies and mCE. */
  public List<Metric> comparedColumns() {
    return columns.stream().filter(m -> m.kind().compared()).toList();
  }

  /** The PGD column the side-by-side plot shows: ε = 4/255 when measured, else the largest ε. */
  public Optional<Metric> headlinePgd() {
    List<Metric> pgd = columns.stream().filter(m -> m.kind() == Metric.Kind.PGD).toList();
    Metric fourOver255 = Metric.pgd(Eps.of(4 / 255.0));
    if (pgd.contains(fourOver255)) {
      return Optional.of(fourOver255);
    }
    return pgd.isEmpty() ? Optional.empty() : Optional.of(pgd.get(pgd.size() - 1));
  }

  /** Values of a column for a variant's finished runs, seed → value (main BN). */
  public Map<Integer, Double> perSeed(String variant, Metric metric) {
    return bySeed(runValues(variant), metric);
  }

  /** Mean ± sample std of a column over a variant's finished runs (main BN). */
  public Summary summary(String variant, Metric metric) {
    return Summary.of(perSeed(variant, metric).values());
  }

  /** Finished runs of a variant. */
  public int finishedCount(String variant) {
    return runValues(variant).size();
  }

  /** The variant minus the baseline, paired by seed; null for the baseline itself. */
  public PairedDifference difference(String variant, Metric metric) {
    Map<Metric, PairedDifference> byMetric = differences.get(variant);
    if (byMetric == null || !byMetric.containsKey(metric)) {
      return null;
    }
    return byMetric.get(metric);
  }

  /** Every PGD-50 substitution, main BN and test-BN evaluations alike. */
  public List<Substitution> substitutions() {
    return Collections.unmodifiableList(substitutions);
  }

  /** Whether a cell (variant, BN set, PGD column) holds at least one PGD-50 substitution. */
  public boolean substituted(String variant, String bnSet, Metric metric) {
    return substitutions.stream()
        .anyMatch(
            s ->
                s.variant().equals(variant)
                    && s.bnSet().equals(bnSet)
                    && Metric.pgd(s.eps()).equals(metric));
  }

  /** The k of PGD-k behind a PGD column (several when runs differ), without substitutions. */
  public SortedSet<Integer> pgdIterations(Metric metric) {
    return Collections.unmodifiableSortedSet(pgdIterations.getOrDefault(metric, new TreeSet<>()));
  }

  /** A column's name as the report writes it, without units: "PGD-10 ε=4/255", "mCE vs vanilla". */
  public String name(Metric metric) {
    return switch (metric.kind()) {
      case CLEAN -> "clean top-1";
      case CORRUPTION_MEAN -> "mean corruption accuracy";
      case MCE -> "mCE vs " + runs.grid().baseline();
      case PGD -> {
        SortedSet<Integer> ks = pgdIterations(metric);
        String k =
            ks.isEmpty()
                ? String.valueOf(RunMetrics.CONVERGENCE_ITERATIONS)
                : ks.stream().map(String::valueOf).collect(Collectors.joining("/"));
        yield "PGD-" + k + " ε=" + metric.eps().label();
      }
      case FGSM -> "FGSM ε=" + metric.eps().label();
      case WALL_CLOCK -> "wall-clock per run";
      case IMAGES_PER_SECOND -> "images/s";
    };
  }

  /** Variants whose runs were also evaluated with BN sets other than main. */
  public List<String> testBnVariants() {
    return List.copyOf(testBn.keySet());
  }

  /** The BN sets a variant was evaluated with: main first. */
  public List<String> testBnSets(String variant) {
    List<String> sets = new ArrayList<>(testBn.getOrDefault(variant, Map.of()).keySet());
    if (sets.remove(RunInfo.MAIN_BN)) {
      sets.add(0, RunInfo.MAIN_BN);
    }
    return sets;
  }

  /** Robustness columns of the test-BN table. */
  public List<Metric> testBnColumns() {
    return testBnColumns;
  }

  /** Mean ± sample std of a column for a variant evaluated with one BN set. */
  public Summary testBnSummary(String variant, String bnSet, Metric metric) {
    return Summary.of(
        bySeed(testBn.getOrDefault(variant, Map.of()).getOrDefault(bnSet, List.of()), metric)
            .values());
  }

  private List<RunValues> runValues(String variant) {
    List<RunValues> values = main.get(variant);
    if (values == null) {
      throw new IllegalArgumentException(
          "no variant " + variant + " in grid " + runs.grid().name());
    }
    return values;
  }

  private static Map<Integer, Double> bySeed(List<RunValues> values, Metric metric) {
    Map<Integer, Double> bySeed = new LinkedHashMap<>();
    for (RunValues v : values) {
      Double value = v.values().get(metric);
      if (value != null) {
        bySeed.put(v.seed(), value);
      }
    }
    return bySeed;
  }

  private Optional<FinishedRun> finished(String variant, int seed) {
    return runs.finished().stream()
        .filter(r -> r.variant().equals(variant) && r.seed() == seed)
        .findFirst();
  }

  /** Keeps a run's PGD-50 substitutions and PGD-k iteration counts for footnotes and labels. */
  private void collect(RunValues v) {
    substitutions.addAll(v.substitutions());
    v.pgdIterations()
        .forEach((metric, k) -> pgdIterations.computeIfAbsent(metric, m -> new TreeSet<>()).add(k));
  }
}
