package io.advstream.trainer;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How old the models were that a step's pipeline-made adversarial samples were attacked with: the
 * trainer's step minus the step of each sample's snapshot. With snapshots every N steps, a branch
 * that keeps up stays within about 2·N.
 *
 * @param samples samples that carried a snapshot step
 * @param meanSteps their mean staleness in steps
 * @param maxSteps the largest
 */
public record Staleness(int samples, double meanSteps, long maxSteps) {

  /** The staleness of the samples in {@code batch} trained at {@code step}, if any has one. */
  public static Optional<Staleness> of(Map<String, List<TrainingSample>> batch, long step) {
    int count = 0;
    long sum = 0;
    long max = Long.MIN_VALUE;
    for (List<TrainingSample> samples : batch.values()) {
      for (TrainingSample sample : samples) {
        if (sample.modelStep() != null) {
          long age = step - sample.modelStep();
          count++;
          sum += age;
          max = Math.max(max, age);
        }
      }
    }
    return count == 0
        ? Optional.empty()
        : Optional.of(new Staleness(count, (double) sum / count, max));
  }

  /** The largest staleness in snapshot intervals. */
  public double maxIntervals(long snapshotEvery) {
    return snapshotEvery > 0 ? (double) maxSteps / snapshotEvery : Double.NaN;
  }
}
