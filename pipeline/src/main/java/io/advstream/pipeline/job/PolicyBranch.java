package io.advstream.pipeline.job;

import io.advstream.augment.policy.Policies;
import io.advstream.avro.TaggedSample;
import org.apache.flink.streaming.api.datastream.DataStream;

/** An AUTOAUGMENT domain: every valid image augmented by one policy (its variant). */
public final class PolicyBranch implements DomainBranch {
  private final String policy;
  private final long epochSeed;

  /**
   * @param policy a policy string, e.g. {@code rand-m9-n2-mstd0.5} (checked here)
   */
  public PolicyBranch(String policy, long epochSeed) {
    this.policy = Policies.parse(policy).spec();
    this.epochSeed = epochSeed;
  }

  @Override
  public String name() {
    return "autoaugment:" + policy;
  }

  @Override
  public DataStream<TaggedSample> attach(DataStream<SourcedImage> images) {
    return images
        .map(new AugmentWithPolicy(policy, epochSeed))
        .name("Augment " + policy)
        .uid("augment-" + policy.replace(':', '-'));
  }
}
