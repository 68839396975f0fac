package io.advstream.pipeline.testing;

import io.advstream.pipeline.job.AugmentJobConfig;
import io.advstream.pipeline.job.ValidationLimits;
import java.time.Duration;

/** AugmentJob settings the ITs share. */
public final class Jobs {
  private Jobs() {}

  /** An unbounded exactly-once job on the test's topics, checkpointing every 300 ms. */
  public static AugmentJobConfig config(KafkaFixture kafka, KafkaFixture.TestTopics topics) {
    return new AugmentJobConfig(
        kafka.connection(),
        topics.raw().name(),
        topics.tagged().name(),
        topics.dlq().name(),
        "it" + topics.suffix(),
        false,
        true,
        "it" + topics.suffix(),
        Duration.ofMillis(300),
        ValidationLimits.DEFAULT,
        1);
  }
}
