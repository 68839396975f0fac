package io.advstream.pipeline.job;

import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.schemas.Topics;
import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of one AugmentJob. Start from {@link #defaults} and change what differs with {@link
 * #toBuilder()}.
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

  /**
   * The settings as text, for the job's configuration in the Flink Web UI (Job → Configuration).
   * Client properties are left out: they may hold credentials.
   */
  public java.util.Map<String, String> describe() {
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    settings.put("advstream.bootstrap-servers", kafka.bootstrapServers());
    settings.put("advstream.input-topic", inputTopic);
    settings.put("advstream.output-topic", taggedTopic);
    settings.put("advstream.dlq-topic", deadLetterTopic);
    settings.put("advstream.group", groupId);
    settings.put("advstream.bounded", String.valueOf(bounded));
    settings.put("advstream.exactly-once", String.valueOf(exactlyOnce));
    settings.put("advstream.transactional-id-prefix", transactionalIdPrefix);
    settings.put("advstream.checkpoint-interval", DurationConverter.format(checkpointInterval));
    settings.put("advstream.max-side", String.valueOf(limits.maxSide()));
    settings.put("advstream.max-pixel-bytes", String.valueOf(limits.maxPixelBytes()));
    settings.put("advstream.parallelism", String.valueOf(parallelism));
    return settings;
  }

  /** The catalogue's topics, unbounded, exactly-once, checkpoints every 2 s, default limits. */
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

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some settings of a config and keeps the rest. */
  public static final class Builder {
    private KafkaConnection kafka;
    private String inputTopic;
    private String taggedTopic;
    private String deadLetterTopic;
    private String groupId;
    private boolean bounded;
    private boolean exactlyOnce;
    private String transactionalIdPrefix;
    private Duration checkpointInterval;
    private ValidationLimits limits;
    private int parallelism;

    private Builder(AugmentJobConfig c) {
      kafka = c.kafka;
      inputTopic = c.inputTopic;
      taggedTopic = c.taggedTopic;
      deadLetterTopic = c.deadLetterTopic;
      groupId = c.groupId;
      bounded = c.bounded;
      exactlyOnce = c.exactlyOnce;
      transactionalIdPrefix = c.transactionalIdPrefix;
      checkpointInterval = c.checkpointInterval;
      limits = c.limits;
      parallelism = c.parallelism;
    }

    public Builder topics(String input, String tagged, String deadLetters) {
      inputTopic = input;
      taggedTopic = tagged;
      deadLetterTopic = deadLetters;
      return this;
    }

    public Builder groupId(String group) {
      groupId = group;
      return this;
    }

    public Builder transactionalIdPrefix(String prefix) {
      transactionalIdPrefix = prefix;
      return this;
    }

    public Builder bounded(boolean stopAtLatest) {
      bounded = stopAtLatest;
      return this;
    }

    public Builder exactlyOnce(boolean transactional) {
      exactlyOnce = transactional;
      return this;
    }

    public Builder checkpointInterval(Duration interval) {
      checkpointInterval = interval;
      return this;
    }

    public Builder limits(ValidationLimits validation) {
      limits = validation;
      return this;
    }

    public Builder parallelism(int operatorParallelism) {
      parallelism = operatorParallelism;
      return this;
    }

    public AugmentJobConfig build() {
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
          parallelism);
    }
  }
}
