package io.advstream.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Times several configurations in alternation: every round runs a few steps of each, so a machine
 * whose speed drifts (a shared host, another process, thermal limits) slows all of them alike and
 * ratios taken within a round stay sound. Sequential runs of one configuration after another would
 * put such a drift into the ratios.
 */
final class InterleavedRounds {
  /**
   * A configuration under test.
   *
   * @param step one step; gets the step index
   * @param afterWarmup run once when the warm-up ends, e.g. to clear a profile
   */
  record Contender(String name, LongConsumer step, Runnable afterWarmup) {}

  /**
   * Per-round timings of one contender.
   *
   * @param millisPerStep mean ms of a step in each round
   * @param heapBytesPerStep Java heap the benchmark thread allocated per timed step
   */
  record Timing(String name, double[] millisPerStep, double heapBytesPerStep) {
    double medianMillis() {
      return median(millisPerStep);
    }
  }

  private InterleavedRounds() {}

  /**
   * Runs {@code warmup} untimed steps of each contender, then {@code rounds} rounds of {@code
   * stepsPerRound} timed steps of each.
   */
  static List<Timing> run(List<Contender> contenders, int warmup, int rounds, int stepsPerRound) {
    if (rounds < 1 || stepsPerRound < 1) {
      throw new IllegalArgumentException(
          "need at least one round of one step, got " + rounds + " × " + stepsPerRound);
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int n = contenders.size();
    long[] next = new long[n];
    for (int c = 0; c < n; c++) {
      for (int i = 0; i < warmup; i++) {
        contenders.get(c).step().accept(next[c]++);
      }
      contenders.get(c).afterWarmup().run();
    }
    double[][] millis = new double[n][rounds];
    long[] heap = new long[n];
    for (int r = 0; r < rounds; r++) {
      for (int c = 0; c < n; c++) {
        LongConsumer step = contenders.get(c).step();
        long heapBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        for (int i = 0; i < stepsPerRound; i++) {
          step.accept(next[c]++);
        }
        millis[c][r] = (System.nanoTime() - start) / 1e6 / stepsPerRound;
        heap[c] += threads.getCurrentThreadAllocatedBytes() - heapBefore;
      }
    }
    List<Timing> timings = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      timings.add(
          new Timing(
              contenders.get(c).name(), millis[c], heap[c] / (double) (rounds * stepsPerRound)));
    }
    return timings;
  }

  /** {@code scale · numerator[r] / denominator[r]} for every round r. */
  static double[] ratios(double[] numerator, double[] denominator, double scale) {
    double[] r = new double[numerator.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = scale * numerator[i] / denominator[i];
    }
    return r;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** "median (min–max)" of per-round values. */
  static String describe(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return String.format(
        "%.2f (rounds %.2f–%.2f)", median(values), sorted[0], sorted[sorted.length - 1]);
  }
}
