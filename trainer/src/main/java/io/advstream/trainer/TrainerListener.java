package io.advstream.trainer;

import io.advstream.model.StepRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Callbacks for progress, metrics and tests; every method has a no-op default. */
public interface TrainerListener {
  /**
   * Before the first step of a run, with the step it starts from and every group it will train (in
   * the order of the step's results).
   */
  default void onStart(long step, List<String> groups) {}

  /** After step {@code step} (1-based) trained on {@code batch}. */
  default void onStep(
      long step, StepRunner.Result result, Map<String, List<TrainingSample>> batch) {}

  /** After a step that trained pipeline-made adversarial samples, how old their models were. */
  default void onStaleness(long step, Staleness staleness) {}

  default void onCheckpoint(long step, Path checkpoint) {}

  default void onSnapshot(long step, long version) {}

  /** No step for a while because these groups have too few samples. */
  default void onStarving(List<String> groups, Map<String, Integer> buffered, long waitedMillis) {}

  /** A sample went to the dead-letter topic. */
  default void onRejected(RecordPosition position, String reason) {}

  /** A valid sample of a domain this run does not train, first of its kind. */
  default void onIgnored(String domainKey) {}
}
