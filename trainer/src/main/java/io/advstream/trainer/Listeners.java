package io.advstream.trainer;

import io.advstream.model.StepRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Several listeners as one, called in order. */
public final class Listeners implements TrainerListener {
  private final List<TrainerListener> all;

  public Listeners(List<TrainerListener> all) {
    this.all = List.copyOf(all);
  }

  @Override
  public void onStart(long step, List<String> groups) {
    all.forEach(l -> l.onStart(step, groups));
  }

  @Override
  public void onStep(long step, StepRunner.Result result, Map<String, List<TrainingSample>> batch) {
    all.forEach(l -> l.onStep(step, result, batch));
  }

  @Override
  public void onStaleness(long step, Staleness staleness) {
    all.forEach(l -> l.onStaleness(step, staleness));
  }

  @Override
  public void onCheckpoint(long step, Path checkpoint) {
    all.forEach(l -> l.onCheckpoint(step, checkpoint));
  }

  @Override
  public void onSnapshot(long step, long version) {
    all.forEach(l -> l.onSnapshot(step, version));
  }

  @Override
  public void onStarving(List<String> groups, Map<String, Integer> buffered, long waitedMillis) {
    all.forEach(l -> l.onStarving(groups, buffered, waitedMillis));
  }

  @Override
  public void onRejected(RecordPosition position, String reason) {
    all.forEach(l -> l.onRejected(position, reason));
  }

  @Override
  public void onIgnored(String domainKey) {
    all.forEach(l -> l.onIgnored(domainKey));
  }
}
