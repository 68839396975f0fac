package io.advstream.pipeline.testing;

import io.advstream.pipeline.job.AugmentJobConfig;
import java.time.Duration;

/** AugmentJob settings the ITs share. */
public final class Jobs {
  private Jobs() {}

  /** An unbounded exactly-once job on the test's topics, checkpointing every 300 ms. */
  public static AugmentJobConfig config(KafkaFixture kafka, KafkaFixture.TestTopics topics) {
    return AugmentJobConfig.defaults(kafka.connection()).toBuilder()
        .topics(topics.raw().name(), topics.tagged().name(), topics.dlq().name())
        .groupId("it" + topics.suffix())
        .transactionalIdPrefix("it" + topics.suffix())
        .checkpointInterval(Duration.ofMillis(300))
        .parallelism(1)
        .build();
  }
}
