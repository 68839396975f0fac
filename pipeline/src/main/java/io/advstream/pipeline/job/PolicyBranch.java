package io.advstream.pipeline.job;

import io.advstream.augment.policy.Policies;
import io.advstream.avro.TaggedSample;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** An AUTOAUGMENT domain: every valid image augmented by one policy (its variant). */
public final class PolicyBranch implements DomainBranch {
  private final String policy;
  private final long epochSeed;
  private final int parallelism;

  /**
   * A branch chained into the decoding task, at the job's parallelism.
   *
   * @param policy a policy string, e.g. {@code rand-m9-n2-mstd0.5} (checked here)
   */
  public PolicyBranch(String policy, long epochSeed) {
    this(policy, epochSeed, 0);
  }

  /**
   * @param parallelism above 0: the branch runs as its own task with this many subtasks, so it
   *     scales apart from the rest of the job and the Web UI shows its own busy and backpressure
   *     figures; 0: chained into the decoding task
   */
  public PolicyBranch(String policy, long epochSeed, int parallelism) {
    if (parallelism < 0) {
      throw new IllegalArgumentException(
          "augment parallelism must be 0 (chained) or positive, got " + parallelism);
    }
    this.policy = Policies.parse(policy).spec();
    this.epochSeed = epochSeed;
    this.parallelism = parallelism;
  }

  @Override
  public String name() {
    return "autoaugment:" + policy;
  }

  @Override
  public Attached attach(DataStream<SourcedImage> images) {
    SingleOutputStreamOperator<TaggedSample> augmented =
        images
            .map(new AugmentWithPolicy(policy, epochSeed))
            .name("Augment " + policy)
            .uid("augment-" + policy.replace(':', '-'));
    if (parallelism > 0) {
      augmented.setParallelism(parallelism).disableChaining();
    }
    return Attached.samplesOnly(augmented);
  }
}
