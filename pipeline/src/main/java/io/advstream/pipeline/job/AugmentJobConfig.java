package io.advstream.pipeline.job;

import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.schemas.Topics;
import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of one AugmentJob.
 *
 * @param kafka the cluster the job reads from and writes to
 * @param inputTopic ImageRecords to tag
 * @param taggedTopic where TaggedSamples go, exactly-once
 * @param deadLetterTopic where rejected records go, with the reason
 * @param groupId consumer group; offsets are committed on checkpoints for monitoring
 * @param bounded stop after the records present when the job starts (tests, benchmarks)
 * @param exactlyOnce transactional sinks (consumers then need read_committed); else at-least-once
 * @param transactionalIdPrefix unique per job on a cluster; keep it across restarts
 * @param checkpointInterval how often state is checkpointed and output transactions commit
 * @param limits what counts as a valid image
 * @param parallelism operator parallelism; 0 keeps the environment's default
 */
public record AugmentJobConfig(
    KafkaConnection kafka,
    String inputTopic,
    String taggedTopic,
    String deadLetterTopic,
    String groupId,
    boolean bounded,
    boolean exactlyOnce,
    String transactionalIdPrefix,
    Duration checkpointInterval,
    ValidationLimits limits,
    int parallelism)
    implements Serializable {

  public AugmentJobConfig {
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException(
          "checkpointInterval must be positive, got " + checkpointInterval);
    }
    if (parallelism < 0) {
      throw new IllegalArgumentException("parallelism must be >= 0, got " + parallelism);
    }
  }

  /** The default topics of the catalogue, exactly-once, checkpoints every 2 s. */
  public static AugmentJobConfig defaults(KafkaConnection kafka) {
    return new AugmentJobConfig(
        kafka,
        Topics.IMAGES_RAW.name(),
        Topics.SAMPLES_TAGGED.name(),
        Topics.IMAGES_DLQ.name(),
        "advstream-augment",
        false,
        true,
        "advstream-augment",
        Duration.ofSeconds(2),
        ValidationLimits.DEFAULT,
        0);
  }

  public AugmentJobConfig withTopics(String input, String tagged, String deadLetters) {
    return new AugmentJobConfig(
        kafka,
        input,
        tagged,
        deadLetters,
        groupId,
        bounded,
        exactlyOnce,
        transactionalIdPrefix,
        checkpointInterval,
        limits,
        parallelism);
  }

  public AugmentJobConfig withGroupAndTransactionPrefix(String group, String prefix) {
    return new AugmentJobConfig(
        kafka,
        inputTopic,
        taggedTopic,
        deadLetterTopic,
        group,
        bounded,
        exactlyOnce,
        prefix,
        checkpointInterval,
        limits,
        parallelism);
  }

  public AugmentJobConfig withBounded(boolean stopAtLatest) {
    return new AugmentJobConfig(
        kafka,
        inputTopic,
        taggedTopic,
        deadLetterTopic,
        groupId,
        stopAtLatest,
        exactlyOnce,
        transactionalIdPrefix,
        checkpointInterval,
        limits,
        parallelism);
  }

  public AugmentJobConfig withExactlyOnce(boolean transactional) {
    return new AugmentJobConfig(
        kafka,
        inputTopic,
        taggedTopic,
        deadLetterTopic,
        groupId,
        bounded,
        transactional,
        transactionalIdPrefix,
        checkpointInterval,
        limits,
        parallelism);
  }

  public AugmentJobConfig withCheckpointInterval(Duration interval) {
    return new AugmentJobConfig(
        kafka,
        inputTopic,
        taggedTopic,
        deadLetterTopic,
        groupId,
        bounded,
        exactlyOnce,
        transactionalIdPrefix,
        interval,
        limits,
        parallelism);
  }

  public AugmentJobConfig withParallelism(int operatorParallelism) {
    return new AugmentJobConfig(
        kafka,
        inputTopic,
        taggedTopic,
        deadLetterTopic,
        groupId,
        bounded,
        exactlyOnce,
        transactionalIdPrefix,
        checkpointInterval,
        limits,
        operatorParallelism);
  }
}
