package io.advstream.pipeline.ingest;

import java.util.SplittableRandom;

/**
 * The order a replay sends the images of each pass in: the dataset's own, or a fresh seeded
 * permutation per pass, as a data loader shuffles every epoch.
 *
 * <p>Pass {@code p} (0-based) of seed {@code S} is the Fisher–Yates shuffle of {@code 0..n-1} that
 * swaps position {@code i} (from {@code n-1} down to 1) with {@code nextInt(i + 1)} of {@code new
 * SplittableRandom(S * 0x9E3779B97F4A7C15L + p)}: a function of seed and pass alone, so the same
 * seed gives the same sequence on every machine and a pass can be recomputed without the others.
 *
 * @param shuffled whether passes are permuted
 * @param seed the permutations' seed; 0 when not shuffled
 */
public record PassOrder(boolean shuffled, long seed) {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  public PassOrder {
    if (!shuffled && seed != 0) {
      throw new IllegalArgumentException("a seed (" + seed + ") only applies to shuffled passes");
    }
  }

  /** Every pass in the dataset's order. */
  public static PassOrder datasetOrder() {
    return new PassOrder(false, 0);
  }

  /** Every pass in its own permutation drawn from {@code seed}. */
  public static PassOrder shuffled(long seed) {
    return new PassOrder(true, seed);
  }

  /**
   * The dataset positions pass {@code pass} sends, in sending order.
   *
   * @throws IllegalStateException if passes are not shuffled (they are read front to back)
   */
  public int[] permutation(int size, int pass) {
    if (!shuffled) {
      throw new IllegalStateException("passes in dataset order have no permutation");
    }
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed * GOLDEN_GAMMA + pass);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  @Override
  public String toString() {
    return shuffled ? "shuffled per pass (seed " + seed + ")" : "dataset order";
  }
}
