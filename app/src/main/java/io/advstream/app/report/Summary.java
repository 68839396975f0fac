package io.advstream.app.report;

import java.util.Collection;

/**
 * Mean and sample standard deviation (n − 1 in the denominator) of one column over the seeds of a
 * variant. The mean is NaN when n = 0, the standard deviation when n &lt; 2.
 */
public record Summary(int n, double mean, double std) {
  public static Summary of(Collection<Double> values) {
    int n = values.size();
    if (n == 0) {
      return new Summary(0, Double.NaN, Double.NaN);
    }
    double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
    if (n < 2) {
      return new Summary(n, mean, Double.NaN);
    }
    double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
    return new Summary(n, mean, Math.sqrt(squares / (n - 1)));
  }
}
