package io.advstream.app.soak;

import io.advstream.pipeline.kafka.KafkaConnection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer-group lag as {@code kafka-consumer-groups.sh --describe} reports it: per partition the
 * last stable offset (read_committed end) less the offset the group has committed, summed over the
 * topic's partitions. A group that has committed nothing on a partition lags by all of it.
 */
public final class ConsumerLag implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 10;

  private final Admin admin;

  public ConsumerLag(KafkaConnection kafka) {
    this.admin = Admin.create(kafka.properties());
  }

  /**
   * Records of {@code topic} the group {@code group} has not committed yet, or -1 when Kafka does
   * not answer in time.
   */
  public long of(String group, String topic) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> ends =
          admin
              .describeTopics(java.util.List.of(topic))
              .allTopicNames()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .stream()
              .collect(
                  Collectors.toMap(
                      p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      long lag = 0;
      for (var end :
          admin
              .listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .entrySet()) {
        OffsetAndMetadata position = committed.get(end.getKey());
        lag += end.getValue().offset() - (position == null ? 0 : position.offset());
      }
      return Math.max(0, lag);
    } catch (ExecutionException | TimeoutException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
