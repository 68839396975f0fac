package io.advstream.app.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.stat.inference.TTest;

/** Paired comparison of a variant with the baseline over the seeds both finished. */
public final class PairedStats {
  private PairedStats() {}

  /**
   * Pairs {@code variant} and {@code baseline} values (seed → value) on the seeds in {@code
   * seedOrder} that both have, and summarises the differences.
   */
  public static PairedDifference compare(
      Metric metric,
      List<Integer> seedOrder,
      Map<Integer, Double> variant,
      Map<Integer, Double> baseline,
      int resamples,
      long bootstrapSeed) {
    List<Integer> seeds = new ArrayList<>();
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (int seed : seedOrder) {
      if (variant.containsKey(seed) && baseline.containsKey(seed)) {
        seeds.add(seed);
        a.add(variant.get(seed));
        b.add(baseline.get(seed));
      }
    }
    double[] x = a.stream().mapToDouble(Double::doubleValue).toArray();
    double[] y = b.stream().mapToDouble(Double::doubleValue).toArray();
    double[] d = new double[x.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = x[i] - y[i];
    }
    double mean = d.length == 0 ? Double.NaN : Arrays.stream(d).sum() / d.length;
    double low = Double.NaN;
    double high = Double.NaN;
    double p = Double.NaN;
    if (d.length >= 2) {
      double[] interval = bootstrapInterval(d, resamples, bootstrapSeed);
      low = interval[0];
      high = interval[1];
      p = pairedTTestP(x, y);
    }
    return new PairedDifference(
        metric, seeds, Arrays.stream(d).boxed().toList(), mean, low, high, p);
  }

  /**
   * The 95% percentile bootstrap interval of the mean of {@code differences}: {@code resamples}
   * times, draw n differences with replacement ({@link Random} seeded with {@code seed}, so the
   * interval is the same on every run) and take their mean; the interval runs from the 2.5% to the
   * 97.5% quantile of those means (linear interpolation between order statistics).
   */
  public static double[] bootstrapInterval(double[] differences, int resamples, long seed) {
    if (differences.length < 2 || resamples < 1) {
      throw new IllegalArgumentException("a bootstrap needs two or more pairs and resamples");
    }
    Random random = new Random(seed);
    int n = differences.length;
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += differences[random.nextInt(n)];
      }
      means[r] = sum / n;
    }
    Arrays.sort(means);
    return new double[] {quantile(means, 0.025), quantile(means, 0.975)};
  }

  /**
   * Two-sided p of the paired t-test (t = mean difference / (sd / √n), n − 1 degrees of freedom);
   * NaN when every difference is the same.
   */
  public static double pairedTTestP(double[] variant, double[] baseline) {
    double first = variant[0] - baseline[0];
    boolean allEqual = true;
    for (int i = 1; i < variant.length; i++) {
      allEqual &= variant[i] - baseline[i] == first;
    }
    return allEqual ? Double.NaN : new TTest().pairedTTest(variant, baseline);
  }

  private static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int below = (int) Math.floor(h);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
  }
}
