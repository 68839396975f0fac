package io.advstream.trainer.eval;

import java.util.List;

/**
 * What a robustness evaluation measures.
 *
 * @param cleanImages clean top-1 on the first this many images
 * @param corruptionImages the corruption suite on the first this many images
 * @param attackImages the attacks on the first this many images
 * @param epsilons L∞ budgets of the attacks, pixels in [0, 1]; kept sorted ascending, without
 *     repeats
 * @param pgdIterations steps of the PGD attack (step size ε/4)
 * @param restarts random starts of every PGD attack; an image counts as robust only if it is
 *     classified right after each of them
 * @param seed every random draw (corruption noise, PGD random starts) derives from it
 * @param batchSize images per forward (and backward) pass
 */
public record RobustSettings(
    int cleanImages,
    int corruptionImages,
    int attackImages,
    List<Double> epsilons,
    int pgdIterations,
    int restarts,
    long seed,
    int batchSize) {
  /** Iterations of the convergence check at the largest ε. */
  public static final int CONVERGENCE_ITERATIONS = 50;

  /** PGD-k has converged when PGD-50 lowers its accuracy by at most this (1 point). */
  public static final double CONVERGENCE_TOLERANCE = 0.01;

  public static final List<Double> DEFAULT_EPSILONS =
      List.of(1 / 255.0, 2 / 255.0, 4 / 255.0, 8 / 255.0);

  public static final int DEFAULT_BATCH = 250;

  public RobustSettings {
    positive("cleanImages", cleanImages);
    positive("corruptionImages", corruptionImages);
    positive("attackImages", attackImages);
    positive("pgdIterations", pgdIterations);
    positive("restarts", restarts);
    positive("batchSize", batchSize);
    if (epsilons.isEmpty()) {
      throw new IllegalArgumentException("epsilons must name at least one budget");
    }
    for (double eps : epsilons) {
      if (!(eps > 0 && eps <= 1)) {
        throw new IllegalArgumentException("every epsilon must be in (0, 1], got " + eps);
      }
    }
    epsilons = epsilons.stream().distinct().sorted().toList();
  }

  /**
   * The defaults of {@code eval --robust}: 10000 clean, 2000 corrupted and 1000 attacked images.
   */
  public static RobustSettings defaults() {
    return new RobustSettings(10_000, 2000, 1000, DEFAULT_EPSILONS, 10, 1, 0, DEFAULT_BATCH);
  }

  public RobustSettings withImages(int clean, int corruption, int attack) {
    return new RobustSettings(
        clean, corruption, attack, epsilons, pgdIterations, restarts, seed, batchSize);
  }

  public RobustSettings withEpsilons(List<Double> values) {
    return new RobustSettings(
        cleanImages,
        corruptionImages,
        attackImages,
        values,
        pgdIterations,
        restarts,
        seed,
        batchSize);
  }

  public RobustSettings withAttack(int iterations, int restartCount) {
    return new RobustSettings(
        cleanImages,
        corruptionImages,
        attackImages,
        epsilons,
        iterations,
        restartCount,
        seed,
        batchSize);
  }

  public RobustSettings withSeed(long value) {
    return new RobustSettings(
        cleanImages,
        corruptionImages,
        attackImages,
        epsilons,
        pgdIterations,
        restarts,
        value,
        batchSize);
  }

  /** The largest budget, where the convergence check runs. */
  public double largestEpsilon() {
    return epsilons.get(epsilons.size() - 1);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
