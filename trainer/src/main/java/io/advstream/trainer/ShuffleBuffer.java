package io.advstream.trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A seeded shuffle buffer per BN set, for live streams whose order is correlated (a replay in
 * dataset order, a producer that sends one class after another). A set's first {@code N} samples
 * fill its buffer; from then on each new sample takes the place of one of the {@code N} held,
 * chosen uniformly at random, and that one goes on to the batch (the scheme of tf.data's shuffle).
 * Sets are buffered apart because each set is batched apart. {@code N = 0} passes every sample
 * straight through.
 *
 * <p>Draw {@code n} of a set is a function of the run's seed, the set's name and {@code n} alone,
 * so the whole state is the held samples in buffer order and the number of draws per set: a buffer
 * restored from them continues exactly as the original would have.
 */
public final class ShuffleBuffer {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  // Keeps these draws apart from the attacks', which come from seed * GOLDEN_GAMMA + step.
  private static final long SALT = 0x53_48_55_46_46_4C_45L; // "SHUFFLE"

  private final int capacity;
  private final long seed;
  private final Map<String, List<TrainingSample>> held = new LinkedHashMap<>();
  private final Map<String, Long> draws = new LinkedHashMap<>();

  /**
   * @param capacity samples held per BN set; 0 = off
   * @param seed the run's seed
   */
  public ShuffleBuffer(int capacity, long seed) {
    if (capacity < 0) {
      throw new IllegalArgumentException(
          "--shuffle-buffer must be >= 0 samples per BN set, got " + capacity);
    }
    this.capacity = capacity;
    this.seed = seed;
  }

  /** Takes a sample; returns the one that leaves, or empty while the sample's set fills up. */
  public Optional<TrainingSample> offer(TrainingSample sample) {
    if (capacity == 0) {
      return Optional.of(sample);
    }
    List<TrainingSample> buffer =
        held.computeIfAbsent(sample.bnSet(), set -> new ArrayList<>(capacity));
    if (buffer.size() < capacity) {
      buffer.add(sample);
      return Optional.empty();
    }
    return Optional.of(buffer.set(draw(sample.bnSet()), sample));
  }

  /** The slot of the set's next draw, uniform over the buffer. */
  private int draw(String set) {
    long n = draws.getOrDefault(set, 0L);
    draws.put(set, n + 1);
    long stream = new SplittableRandom(seed * GOLDEN_GAMMA ^ SALT ^ set.hashCode()).nextLong();
    return new SplittableRandom(stream + n * GOLDEN_GAMMA).nextInt(capacity);
  }

  /** The samples held per set, in buffer order; a checkpoint stores them. */
  public Map<String, List<TrainingSample>> held() {
    Map<String, List<TrainingSample>> copy = new LinkedHashMap<>();
    held.forEach((set, samples) -> copy.put(set, List.copyOf(samples)));
    return copy;
  }

  /** Draws made per set so far; a checkpoint stores them. */
  public Map<String, Long> draws() {
    return Map.copyOf(draws);
  }

  /**
   * Continues from a checkpoint's {@link #held} and {@link #draws}.
   *
   * @throws IllegalStateException if a set holds more samples than this buffer's capacity, i.e. the
   *     checkpoint was written with a larger {@code --shuffle-buffer}
   */
  public void restore(Map<String, List<TrainingSample>> samples, Map<String, Long> drawn) {
    samples.forEach(
        (set, list) -> {
          if (list.size() > capacity) {
            throw new IllegalStateException(
                "the checkpoint holds "
                    + list.size()
                    + " samples of BN set "
                    + set
                    + " in its shuffle buffer, more than --shuffle-buffer "
                    + capacity);
          }
        });
    held.clear();
    draws.clear();
    samples.forEach((set, list) -> held.put(set, new ArrayList<>(list)));
    draws.putAll(drawn);
  }
}
