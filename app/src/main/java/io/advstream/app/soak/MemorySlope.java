package io.advstream.app.soak;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * How fast a memory figure grows once the run has warmed up: the least-squares slope over the
 * samples after the warm-up, in MB per hour, with its standard error. A leak shows as a slope
 * several standard errors above zero; a flat heap as one within about two of it.
 *
 * @param series what was measured
 * @param samples samples the fit used
 * @param mbPerHour slope, NaN with fewer than three samples
 * @param standardError of the slope, MB per hour
 */
public record MemorySlope(String series, int samples, double mbPerHour, double standardError) {
  private static final double MB = 1024.0 * 1024.0;

  /**
   * Fits {@code bytes} of each sample taken at or after {@code warmUpSeconds}; samples where the
   * figure is unknown (negative) are left out.
   */
  public static MemorySlope fit(
      String series,
      List<SoakSample> samples,
      double warmUpSeconds,
      ToDoubleFunction<SoakSample> bytes) {
    SimpleRegression regression = new SimpleRegression();
    for (SoakSample sample : samples) {
      double value = bytes.applyAsDouble(sample);
      if (sample.seconds() >= warmUpSeconds && value >= 0) {
        regression.addData(sample.seconds() / 3600.0, value / MB);
      }
    }
    int n = (int) regression.getN();
    if (n < 3) {
      return new MemorySlope(series, n, Double.NaN, Double.NaN);
    }
    return new MemorySlope(series, n, regression.getSlope(), regression.getSlopeStdErr());
  }

  /** Whether the slope is more than two standard errors above zero. */
  public boolean growing() {
    return mbPerHour > 2 * standardError;
  }

  /** {@code +12.3 ± 4.5 MB/h over 42 samples}, and whether that is growth. */
  public String describe() {
    if (Double.isNaN(mbPerHour)) {
      return String.format("%-27s too few samples after the warm-up (%d)", series, samples);
    }
    return String.format(
        "%-27s %+8.1f ± %.1f MB/h over %d samples%s",
        series,
        mbPerHour,
        standardError,
        samples,
        growing() ? "  (growing: more than 2 standard errors above 0)" : "");
  }
}
