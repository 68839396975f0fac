package io.advstream.app.support;

import io.advstream.model.DomainRouting;
import io.advstream.model.StepRunner;
import io.advstream.trainer.Staleness;
import io.advstream.trainer.TrainerListener;
import io.advstream.trainer.TrainingSample;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo shows of a trainer running in the same process: its step, the clean samples it has
 * trained (which pace the feed), each BN set's recent loss and the staleness of pipeline-made
 * adversarial samples. Written by the training thread, read by the console thread.
 */
public final class TrainerWatch implements TrainerListener {
  /** Steps the recent loss is averaged over. */
  private static final int RECENT = 10;

  private final Map<String, Deque<Double>> recentLoss = new LinkedHashMap<>();
  private final Map<String, Long> samplesPerGroup = new LinkedHashMap<>();
  private volatile long step;
  private volatile long cleanTrained;
  private long stalenessSteps;
  private long stalenessSamples;
  private long stalenessMax = -1;

  @Override
  public synchronized void onStep(
      long stepDone, StepRunner.Result result, Map<String, List<TrainingSample>> batch) {
    result
        .groupLoss()
        .forEach(
            (group, loss) -> {
              Deque<Double> recent = recentLoss.computeIfAbsent(group, g -> new ArrayDeque<>());
              recent.addLast(loss);
              if (recent.size() > RECENT) {
                recent.removeFirst();
              }
            });
    result.groupSamples().forEach((group, n) -> samplesPerGroup.merge(group, (long) n, Long::sum));
    cleanTrained += result.groupSamples().getOrDefault(DomainRouting.MAIN, 0);
    step = stepDone;
  }

  @Override
  public synchronized void onStaleness(long stepDone, Staleness value) {
    stalenessSteps += Math.round(value.meanSteps() * value.samples());
    stalenessSamples += value.samples();
    stalenessMax = Math.max(stalenessMax, value.maxSteps());
  }

  public long step() {
    return step;
  }

  /** Clean samples trained so far: the feed stays a bounded number of images ahead of this. */
  public long cleanTrained() {
    return cleanTrained;
  }

  /** Each BN set's mean loss over its last {@value #RECENT} steps. */
  public synchronized Map<String, Double> recentLoss() {
    Map<String, Double> mean = new LinkedHashMap<>();
    recentLoss.forEach(
        (group, values) ->
            mean.put(group, values.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
    return mean;
  }

  /** Samples trained per BN set. */
  public synchronized Map<String, Long> samplesPerGroup() {
    return new LinkedHashMap<>(samplesPerGroup);
  }

  /** Largest staleness of a trained adversarial sample in steps, -1 before any. */
  public synchronized long maxStaleness() {
    return stalenessMax;
  }

  /** Mean staleness over every pipeline-made adversarial sample trained, NaN before any. */
  public synchronized double meanStaleness() {
    return stalenessSamples == 0 ? Double.NaN : (double) stalenessSteps / stalenessSamples;
  }
}
