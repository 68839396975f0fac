package io.advstream.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * Per-channel mean and standard deviation of a data set's pixels in [0,1]: the network's fixed
 * input standardisation. Computed from the training data when a run starts and kept in the
 * network's state, so exports and snapshots carry the statistics they were trained with.
 */
public record InputStats(double[] mean, double[] std) {
  /**
   * Fashion-MNIST's training split, as {@code DatasetStatistics} computes it over all 60,000
   * images; used where a benchmark or test builds a network for that data without reading it.
   */
  public static final InputStats FASHION_MNIST =
      new InputStats(new double[] {0.2860}, new double[] {0.3530});

  public InputStats {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "input statistics need one mean and one std per channel, got "
              + mean.length
              + " and "
              + std.length);
    }
    for (int c = 0; c < std.length; c++) {
      if (!(std[c] > 0) || !Double.isFinite(mean[c])) {
        throw new IllegalArgumentException(
            "input statistics of channel "
                + c
                + ": mean="
                + mean[c]
                + ", std="
                + std[c]
                + " (std must be positive)");
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  public int channels() {
    return mean.length;
  }

  /**
   * The statistics networks were built with before they were recorded in exports and snapshots:
   * Fashion-MNIST's for grey inputs, CIFAR-10's for RGB. Only for reading such older files.
   */
  public static InputStats assumedForOlderFiles(InputShape input) {
    return input.channels() == 1
        ? FASHION_MNIST
        : new InputStats(
            new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616});
  }

  /** Parses {@code MEAN[,MEAN...]/STD[,STD...]}, e.g. {@code 0.286/0.353}. */
  public static InputStats parse(String text) {
    String[] parts = text.strip().split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "input statistics '"
              + text
              + "': expected MEAN[,MEAN...]/STD[,STD...], e.g. 0.286/0.353");
    }
    try {
      return new InputStats(numbers(parts[0]), numbers(parts[1]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("input statistics '" + text + "': " + e.getMessage(), e);
    }
  }

  private static double[] numbers(String list) {
    return Arrays.stream(list.split(",")).mapToDouble(s -> Double.parseDouble(s.strip())).toArray();
  }

  /** The form {@link #parse} reads: {@code 0.2860/0.3530}. */
  @Override
  public String toString() {
    return join(mean) + "/" + join(std);
  }

  private static String join(double[] values) {
    StringBuilder text = new StringBuilder();
    for (double v : values) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(String.format(Locale.ROOT, "%.4f", v));
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InputStats other
        && Arrays.equals(mean, other.mean)
        && Arrays.equals(std, other.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }
}
