package io.advstream.trainer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every partition of the samples topic as a read_committed consumer. Partitions are assigned
 * explicitly, not through group rebalancing: positions come from the trainer's checkpoint, which is
 * what makes resuming exact. Offsets are still committed to the group so lag shows in Kafka's
 * tools.
 */
public final class KafkaSampleSource implements SampleSource {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;

  public KafkaSampleSource(
      String bootstrap, Map<String, String> properties, String topic, String groupId) {
    Properties p = new Properties();
    p.putAll(properties);
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", groupId);
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    p.put("auto.offset.reset", "earliest");
    p.put("max.poll.records", "2000");
    consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      consumer.close();
      throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrap);
    }
    partitions = new ArrayList<>();
    infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
    consumer.assign(partitions);
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new java.util.HashSet<>(partitions));
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata c = committed.get(tp);
      if (c == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, c.offset());
      }
    }
  }

  @Override
  public List<SourceRecord> poll(Duration timeout) {
    List<SourceRecord> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      out.add(
          new SourceRecord(r.value(), new RecordPosition(r.topic(), r.partition(), r.offset())));
    }
    return out;
  }

  @Override
  public Map<String, Long> positions() {
    Map<String, Long> positions = new HashMap<>();
    for (TopicPartition tp : partitions) {
      positions.put(key(tp), consumer.position(tp));
    }
    return positions;
  }

  @Override
  public void seek(Map<String, Long> positions) {
    for (TopicPartition tp : partitions) {
      Long offset = positions.get(key(tp));
      if (offset == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, offset);
      }
    }
  }

  @Override
  public void commit(Map<String, Long> positions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Long offset = positions.get(key(tp));
      if (offset != null) {
        offsets.put(tp, new OffsetAndMetadata(offset));
      }
    }
    consumer.commitSync(offsets);
  }

  private static String key(TopicPartition tp) {
    return tp.topic() + "/" + tp.partition();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
