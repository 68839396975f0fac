package io.advstream.app.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Turns one run's files into column values: the rules every number in the report follows. */
public final class RunMetrics {

  /** Iterations of the convergence check that replaces a PGD-k that had not converged. */
  public static final int CONVERGENCE_ITERATIONS = 50;

  private RunMetrics() {}

  /**
   * The main table's values of {@code run}: its main-BN robustness, mCE against {@code
   * baselineSameSeed} (empty when the baseline run of that seed did not finish) and its timings.
   * Why an mCE could not be computed goes to {@code notes}.
   */
  static RunValues main(
      FinishedRun run, Optional<FinishedRun> baselineSameSeed, List<String> notes) {
    RunValues robustness = robustness(run.variant(), run.seed(), RunInfo.MAIN_BN, run.main());
    Map<Metric, Double> values = new HashMap<>(robustness.values());
    if (baselineSameSeed.isPresent() && !run.main().perCorruption().isEmpty()) {
      try {
        values.put(
            Metric.MCE,
            mce(run.main().perCorruption(), baselineSameSeed.get().main().perCorruption()));
      } catch (IllegalArgumentException e) {
        notes.add("no mCE for " + run.variant() + " seed " + run.seed() + ": " + e.getMessage());
      }
    }
    run.info().wallClockSeconds().ifPresent(s -> values.put(Metric.WALL_CLOCK, s));
    run.info().imagesPerSecond().ifPresent(r -> values.put(Metric.IMAGES_PER_SECOND, r));
    return new RunValues(
        run.variant(),
        run.seed(),
        RunInfo.MAIN_BN,
        values,
        robustness.pgdIterations(),
        robustness.substitutions());
  }

  /**
   * Clean, mean corruption, PGD and FGSM accuracies of one evaluation. PGD at ε is the result with
   * the headline iteration count k; at the convergence check's ε, when it says PGD-k had not
   * converged, the PGD-50 result is used instead and recorded as a {@link Substitution}.
   */
  static RunValues robustness(String variant, int seed, String bnSet, RobustEval eval) {
    Map<Metric, Double> values = new HashMap<>();
    Map<Metric, Integer> iterations = new HashMap<>();
    List<Substitution> substitutions = new ArrayList<>();
    values.put(Metric.CLEAN, eval.clean());
    if (!eval.perCorruption().isEmpty()) {
      values.put(Metric.CORRUPTION_MEAN, corruptionMean(eval.perCorruption()));
    }
    int k = headlineIterations(eval);
    Map<Eps, List<RobustEval.AttackResult>> pgd = new TreeMap<>();
    for (RobustEval.AttackResult a : eval.attacks()) {
      if (a.kind().equals(RobustEval.PGD_KIND)) {
        pgd.computeIfAbsent(a.eps(), e -> new ArrayList<>()).add(a);
      } else if (a.kind().equals(RobustEval.FGSM_KIND)) {
        values.putIfAbsent(Metric.fgsm(a.eps()), a.accuracy());
      }
    }
    RobustEval.Convergence convergence = eval.convergence();
    if (convergence != null && !convergence.converged()) {
      pgd.putIfAbsent(convergence.eps(), List.of());
    }
    pgd.forEach(
        (eps, results) -> {
          Metric metric = Metric.pgd(eps);
          if (convergence != null && !convergence.converged() && convergence.eps().equals(eps)) {
            double pgd50 =
                results.stream()
                    .filter(r -> r.iterations() == CONVERGENCE_ITERATIONS)
                    .map(RobustEval.AttackResult::accuracy)
                    .findFirst()
                    .orElse(convergence.pgd50());
            values.put(metric, pgd50);
            substitutions.add(
                new Substitution(variant, seed, bnSet, eps, k, convergence.pgdK(), pgd50));
          } else {
            results.stream()
                .filter(r -> r.iterations() == k)
                .findFirst()
                .ifPresent(
                    r -> {
                      values.put(metric, r.accuracy());
                      iterations.put(metric, k);
                    });
          }
        });
    return new RunValues(variant, seed, bnSet, values, iterations, substitutions);
  }

  /**
   * k of PGD-k: the iteration count of the PGD sweep, which runs at every ε, where the convergence
   * check adds PGD-{@value #CONVERGENCE_ITERATIONS} at one ε. The check's "headline" cannot give k:
   * it names PGD-{@value #CONVERGENCE_ITERATIONS} where PGD-k had not converged. So k is the count
   * found at the most ε, and on a tie (a sweep of one ε) the one that is not the check's; 0 without
   * PGD.
   */
  public static int headlineIterations(RobustEval eval) {
    Map<Integer, Long> epsPerCount =
        eval.attacks().stream()
            .filter(a -> a.kind().equals(RobustEval.PGD_KIND))
            .collect(
                java.util.stream.Collectors.groupingBy(
                    RobustEval.AttackResult::iterations, java.util.stream.Collectors.counting()));
    return epsPerCount.entrySet().stream()
        .max(
            java.util.Comparator.<Map.Entry<Integer, Long>>comparingLong(Map.Entry::getValue)
                .thenComparing(e -> e.getKey() != CONVERGENCE_ITERATIONS)
                .thenComparing(Map.Entry::getKey, java.util.Comparator.reverseOrder()))
        .map(Map.Entry::getKey)
        .orElse(0);
  }

  /** Mean over every corruption and severity of the accuracies. */
  public static double corruptionMean(Map<String, List<Double>> perCorruption) {
    return perCorruption.values().stream()
        .flatMap(List::stream)
        .mapToDouble(Double::doubleValue)
        .average()
        .orElseThrow(() -> new IllegalArgumentException("no corruption accuracies"));
  }

  /**
   * Mean corruption error of a variant against the baseline (Hendrycks & Dietterich): for each
   * corruption c, CE_c = Σ_s (1 − acc_variant(c,s)) / Σ_s (1 − acc_baseline(c,s)), and mCE is the
   * mean of CE_c over the corruptions. The baseline against itself is exactly 1.
   *
   * @throws IllegalArgumentException when the two runs evaluated different corruptions or
   *     severities, or the baseline made no error on a corruption (CE undefined)
   */
  public static double mce(Map<String, List<Double>> variant, Map<String, List<Double>> baseline) {
    if (baseline.isEmpty() || !variant.keySet().equals(baseline.keySet())) {
      throw new IllegalArgumentException(
          "the corruptions evaluated differ from the baseline's: "
              + variant.keySet()
              + " vs "
              + baseline.keySet());
    }
    double sum = 0;
    for (Map.Entry<String, List<Double>> e : baseline.entrySet()) {
      List<Double> v = variant.get(e.getKey());
      List<Double> b = e.getValue();
      if (v.size() != b.size()) {
        throw new IllegalArgumentException(
            e.getKey() + " has " + v.size() + " severities, the baseline's " + b.size());
      }
      double errors = 0;
      double baselineErrors = 0;
      for (int s = 0; s < b.size(); s++) {
        errors += 1 - v.get(s);
        baselineErrors += 1 - b.get(s);
      }
      if (baselineErrors == 0) {
        throw new IllegalArgumentException(
            "the baseline made no error on " + e.getKey() + ", so its CE is undefined");
      }
      sum += errors / baselineErrors;
    }
    return sum / baseline.size();
  }
}
