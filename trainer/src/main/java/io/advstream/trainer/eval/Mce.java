package io.advstream.trainer.eval;

import io.advstream.augment.corrupt.Corruption;
import java.util.List;
import java.util.Map;

/**
 * Mean corruption error (Hendrycks & Dietterich, ICLR 2019): per corruption c, CE_c = Σ_s
 * err_model(c, s) / Σ_s err_baseline(c, s) over the severities s, and mCE the mean of CE_c over the
 * model's corruptions. Below 1: more robust than the baseline.
 */
public final class Mce {
  private Mce() {}

  /**
   * @param model accuracy per severity per corruption id
   * @param baseline the same for the baseline model; it must hold every corruption of {@code model}
   * @throws IllegalArgumentException naming a corruption the baseline lacks, has another number of
   *     severities for, or makes no error on (its CE is undefined)
   */
  public static double of(Map<String, List<Double>> model, Map<String, List<Double>> baseline) {
    if (model.isEmpty()) {
      throw new IllegalArgumentException("no corruption results to compare");
    }
    double sum = 0;
    for (Map.Entry<String, List<Double>> e : model.entrySet()) {
      sum += corruptionError(e.getKey(), e.getValue(), baseline.get(e.getKey()));
    }
    return sum / model.size();
  }

  /** CE of one corruption. */
  static double corruptionError(String id, List<Double> model, List<Double> baseline) {
    if (baseline == null) {
      throw new IllegalArgumentException("the baseline has no results for corruption '" + id + "'");
    }
    if (baseline.size() != model.size()) {
      throw new IllegalArgumentException(
          "corruption '"
              + id
              + "': the baseline has "
              + baseline.size()
              + " severities, the model "
              + model.size());
    }
    double baselineErrors = errors(baseline);
    if (!(baselineErrors > 0)) {
      throw new IllegalArgumentException(
          "corruption '"
              + id
              + "': the baseline makes no error at any severity, so CE is undefined");
    }
    return errors(model) / baselineErrors;
  }

  /**
   * @throws IllegalArgumentException unless {@code baseline} holds five severities for every
   *     corruption of the suite
   */
  public static void requireComplete(Map<String, List<Double>> baseline) {
    for (Corruption c : Corruption.values()) {
      List<Double> values = baseline.get(c.id());
      if (values == null || values.size() != Corruption.MAX_SEVERITY) {
        throw new IllegalArgumentException(
            "the baseline has "
                + (values == null ? "no results" : values.size() + " severities")
                + " for corruption '"
                + c.id()
                + "'; it needs "
                + Corruption.MAX_SEVERITY);
      }
    }
  }

  private static double errors(List<Double> accuracies) {
    double sum = 0;
    for (double a : accuracies) {
      sum += 1 - a;
    }
    return sum;
  }
}
