package io.advstream.pipeline.adversarial;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Starts every partition at its last record: a new job needs the newest snapshot only, not the
 * whole history of the run. A job restored from a checkpoint resumes at its checkpointed offsets
 * instead.
 */
final class LatestRecordOffsets implements OffsetsInitializer {
  @Override
  public Map<TopicPartition, Long> getPartitionOffsets(
      Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
    Map<TopicPartition, Long> end = retriever.endOffsets(partitions);
    Map<TopicPartition, Long> begin = retriever.beginningOffsets(partitions);
    Map<TopicPartition, Long> start = new HashMap<>();
    end.forEach(
        (partition, offset) -> start.put(partition, Math.max(begin.get(partition), offset - 1)));
    return start;
  }

  @Override
  public OffsetResetStrategy getAutoOffsetResetStrategy() {
    return OffsetResetStrategy.LATEST;
  }
}
