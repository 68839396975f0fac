package io.advstream.model.optim;

import java.util.Locale;

/**
 * The learning rate as a function of the optimizer step (0-based). Continuous training has no
 * natural end, so schedules that decay reach their final rate at {@code totalSteps} and stay there.
 */
public interface LearningRateSchedule {

  /** The rate to use for step {@code step}. */
  double at(long step);

  /** The same rate at every step. */
  static LearningRateSchedule constant(double lr) {
    requirePositive("lr", lr);
    return step -> lr;
  }

  /**
   * Linear warm-up from 0 to {@code lr} over {@code warmupSteps}, then cosine decay to {@code
   * minLr} at {@code totalSteps}.
   */
  static LearningRateSchedule cosine(double lr, long warmupSteps, long totalSteps, double minLr) {
    requirePositive("lr", lr);
    requireSteps(warmupSteps, totalSteps);
    return step -> {
      if (step < warmupSteps) {
        return lr * (step + 1) / warmupSteps;
      }
      double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
      return minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * progress));
    };
  }

  /**
   * One-cycle (Smith): cosine rise from {@code maxLr/25} to {@code maxLr} over the first {@code
   * pctStart} of {@code totalSteps}, then cosine fall to {@code maxLr/(25·10⁴)}, as PyTorch's
   * OneCycleLR with its defaults.
   */
  static LearningRateSchedule oneCycle(double maxLr, long totalSteps, double pctStart) {
    requirePositive("lr", maxLr);
    if (!(pctStart > 0 && pctStart < 1)) {
      throw new IllegalArgumentException("pctStart must be in (0, 1), got " + pctStart);
    }
    requireSteps(0, totalSteps);
    double initial = maxLr / 25;
    double last = initial / 1e4;
    long rise = Math.max(1, Math.round(pctStart * totalSteps));
    return step -> {
      if (step < rise) {
        return anneal(initial, maxLr, (double) step / rise);
      }
      double progress = Math.min(1.0, (double) (step - rise) / Math.max(1, totalSteps - rise));
      return anneal(maxLr, last, progress);
    };
  }

  /**
   * A schedule by name: {@code constant}, {@code cosine} or {@code onecycle}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  static LearningRateSchedule named(String name, double lr, long warmupSteps, long totalSteps) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "constant" -> constant(lr);
      case "cosine" -> cosine(lr, warmupSteps, totalSteps, 0);
      case "onecycle", "one-cycle" -> oneCycle(lr, totalSteps, 0.3);
      default ->
          throw new IllegalArgumentException(
              "unknown learning-rate schedule '" + name + "'; known: constant, cosine, onecycle");
    };
  }

  private static double anneal(double from, double to, double progress) {
    return to + (from - to) / 2 * (1 + Math.cos(Math.PI * progress));
  }

  private static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a positive number, got " + value);
    }
  }

  private static void requireSteps(long warmupSteps, long totalSteps) {
    if (warmupSteps < 0 || totalSteps <= warmupSteps) {
      throw new IllegalArgumentException(
          "need 0 <= warmup steps < total steps, got warmup="
              + warmupSteps
              + ", total="
              + totalSteps);
    }
  }
}
