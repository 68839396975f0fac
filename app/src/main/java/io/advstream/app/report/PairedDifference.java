package io.advstream.app.report;

import java.util.List;

/**
 * A variant minus the baseline on one column, seed by seed (only seeds where both runs finished and
 * measured it). {@code mean} is the mean difference in the column's units (fractions for
 * accuracies); the interval is a 95% percentile bootstrap over the seed pairs; {@code pValue} is
 * the two-sided paired t-test with n − 1 degrees of freedom. Interval and p are NaN when n &lt; 2;
 * p is NaN too when every difference is the same (the t statistic is then undefined).
 */
public record PairedDifference(
    Metric metric,
    List<Integer> seeds,
    List<Double> differences,
    double mean,
    double ciLow,
    double ciHigh,
    double pValue) {

  /** How a variant compares, decided by whether the interval excludes 0. */
  public enum Verdict {
    /** The whole interval is above 0. */
    BEATS,
    /** The whole interval is below 0. */
    DOES_NOT_BEAT,
    /** The interval holds 0. */
    CANNOT_BE_TOLD_APART,
    /** Fewer than two seed pairs: no interval. */
    NO_INTERVAL
  }

  public PairedDifference {
    seeds = List.copyOf(seeds);
    differences = List.copyOf(differences);
  }

  public int n() {
    return seeds.size();
  }

  public boolean hasInterval() {
    return n() >= 2;
  }

  /**
   * For mCE lower is better, so a variant beats the baseline when its difference is below 0; for
   * every other compared column, above 0.
   */
  public Verdict verdict() {
    if (!hasInterval()) {
      return Verdict.NO_INTERVAL;
    }
    boolean lowerIsBetter = metric.kind() == Metric.Kind.MCE;
    if (ciLow > 0) {
      return lowerIsBetter ? Verdict.DOES_NOT_BEAT : Verdict.BEATS;
    }
    if (ciHigh < 0) {
      return lowerIsBetter ? Verdict.BEATS : Verdict.DOES_NOT_BEAT;
    }
    return Verdict.CANNOT_BE_TOLD_APART;
  }
}
