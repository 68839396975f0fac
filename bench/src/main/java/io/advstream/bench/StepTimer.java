package io.advstream.bench;

import java.util.function.LongConsumer;

/** Times a repeated piece of work the way every step benchmark here does. */
final class StepTimer {
  private StepTimer() {}

  /**
   * Runs {@code warmup} untimed repetitions, then {@code steps} timed ones; each gets its index.
   *
   * @return mean milliseconds of a timed repetition
   */
  static double meanMillis(int warmup, int steps, LongConsumer run) {
    for (int i = 0; i < warmup; i++) {
      run.accept(i);
    }
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      run.accept(warmup + i);
    }
    return (System.nanoTime() - start) / 1e6 / steps;
  }
}
