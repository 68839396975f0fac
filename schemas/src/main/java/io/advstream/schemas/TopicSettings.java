package io.advstream.schemas;

import java.util.Map;
import java.util.TreeMap;

/**
 * How a topic is made: what {@code TopicAdmin} gives a topic it creates and what the Kubernetes
 * manifests declare as KafkaTopics. Replication is left to the cluster's defaults ({@code
 * default.replication.factor}, {@code min.insync.replicas}): one broker on a laptop, three in a
 * deployment.
 *
 * @param partitions partitions on a cluster deployment: the most consumers that can share the topic
 *     (Flink source subtasks, trainers); commands on one machine may ask for fewer
 * @param config topic-level settings, e.g. {@code retention.ms}, {@code cleanup.policy}
 */
public record TopicSettings(int partitions, Map<String, String> config) {
  /** Largest record a topic takes: model snapshots are several MB. */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private static final long HOUR_MS = 60L * 60 * 1000;
  private static final long DAY_MS = 24 * HOUR_MS;

  public TopicSettings {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    config = Map.copyOf(config);
  }

  /** Deleted after {@code retentionDays}; records up to {@link #MAX_MESSAGE_BYTES}. */
  public static TopicSettings retained(int partitions, int retentionDays) {
    return new TopicSettings(
        partitions,
        Map.of(
            "cleanup.policy", "delete",
            "retention.ms", String.valueOf(retentionDays * DAY_MS),
            "max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES)));
  }

  /**
   * Compacted: the newest record per key stays, older ones go once their segment has rolled (every
   * {@code segmentHours}) and the cleaner has passed.
   */
  public static TopicSettings compacted(int partitions, int segmentHours) {
    return new TopicSettings(
        partitions,
        Map.of(
            "cleanup.policy", "compact",
            "segment.ms", String.valueOf(segmentHours * HOUR_MS),
            "max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES)));
  }

  /** The settings in key order, for printing and comparing. */
  public TreeMap<String, String> sortedConfig() {
    return new TreeMap<>(config);
  }
}
