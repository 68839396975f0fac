package io.advstream.trainer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects samples per BN set until one step's worth of each is there: {@code B} clean and {@code
 * B·ratio} of every auxiliary set. Samples are taken in arrival order, so the batches are a
 * function of the record order alone, not of how polls happened to split it — which makes training
 * reproducible and exactly resumable.
 *
 * <p>A step never trains a different mix than configured: when a set starves, samples of the others
 * wait (up to {@code maxBuffered} in all), and {@link #starving()} says which sets hold the step
 * back.
 */
public final class BatchAssembler {
  private final Map<String, Integer> perStep;
  private final Map<String, Deque<TrainingSample>> buffers = new LinkedHashMap<>();
  private final int maxBuffered;
  private int buffered;

  /**
   * @param perStep samples each BN set contributes to one step, e.g. {main=128, aux1=128}
   * @param maxBuffered samples that may wait in all before the trainer gives up with an error
   */
  public BatchAssembler(Map<String, Integer> perStep, int maxBuffered) {
    if (perStep.isEmpty() || perStep.values().stream().anyMatch(n -> n <= 0)) {
      throw new IllegalArgumentException(
          "every BN set needs a positive batch size, got " + perStep);
    }
    this.perStep = new LinkedHashMap<>(perStep);
    this.maxBuffered = maxBuffered;
    perStep.keySet().forEach(set -> buffers.put(set, new ArrayDeque<>()));
  }

  /**
   * Adds a sample; returns a full step when this sample completed one.
   *
   * @throws IllegalStateException when more than {@code maxBuffered} samples wait for a starving
   *     set, naming it
   */
  public Optional<Map<String, List<TrainingSample>>> offer(TrainingSample sample) {
    Deque<TrainingSample> buffer = buffers.get(sample.bnSet());
    if (buffer == null) {
      throw new IllegalArgumentException(
          "sample of BN set " + sample.bnSet() + " but this step takes " + perStep.keySet());
    }
    buffer.addLast(sample);
    buffered++;
    if (!starving().isEmpty()) {
      if (buffered > maxBuffered) {
        throw new IllegalStateException(
            buffered
                + " samples are waiting for BN set(s) "
                + starving()
                + " that receive too few samples; is the branch producing that domain running?");
      }
      return Optional.empty();
    }
    Map<String, List<TrainingSample>> step = new LinkedHashMap<>();
    perStep.forEach(
        (set, n) -> {
          List<TrainingSample> taken = new ArrayList<>(n);
          Deque<TrainingSample> from = buffers.get(set);
          for (int i = 0; i < n; i++) {
            taken.add(from.removeFirst());
          }
          step.put(set, taken);
        });
    buffered -= perStep.values().stream().mapToInt(Integer::intValue).sum();
    return Optional.of(step);
  }

  /**
   * Puts a sample that was waiting when a checkpoint was written back at the end of its set's
   * queue. No step forms: the checkpoint was written with it waiting, and the next {@link #offer}
   * continues from there.
   */
  public void putBack(TrainingSample sample) {
    Deque<TrainingSample> buffer = buffers.get(sample.bnSet());
    if (buffer == null) {
      throw new IllegalArgumentException(
          "sample of BN set " + sample.bnSet() + " but this step takes " + perStep.keySet());
    }
    buffer.addLast(sample);
    buffered++;
  }

  /** BN sets that have fewer samples than a step needs. */
  public List<String> starving() {
    return perStep.entrySet().stream()
        .filter(e -> buffers.get(e.getKey()).size() < e.getValue())
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Samples waiting per BN set (for metrics). */
  public Map<String, Integer> bufferedPerSet() {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    buffers.forEach((set, b) -> sizes.put(set, b.size()));
    return sizes;
  }

  /** Every waiting sample in arrival order per set; a checkpoint stores them. */
  public List<TrainingSample> waiting() {
    List<TrainingSample> all = new ArrayList<>(buffered);
    buffers.values().forEach(all::addAll);
    return all;
  }
}
