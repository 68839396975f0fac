package io.advstream.trainer;

import io.advstream.avro.Domain;
import io.advstream.avro.TaggedSample;
import io.advstream.model.DomainRouting;
import io.advstream.schemas.AvroDecodeException;
import io.advstream.schemas.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Looks at the topics a trainer is about to read before it starts: the domains of the newest
 * committed samples (what the jobs feeding the topic make now), so that a routed domain nothing
 * produces is reported at once instead of holding every step back.
 */
public final class StreamProbe {
  private StreamProbe() {}

  /**
   * Domain keys ({@code clean}, {@code autoaugment:trivialwide}, ...) of the last {@code
   * perPartition} committed records of every partition; empty when the topic holds none.
   * Undecodable records are skipped here: the trainer dead-letters them when it reads them.
   */
  public static SortedSet<String> newestDomains(
      String bootstrap, Map<String, String> properties, String topic, int perPartition) {
    SortedSet<String> keys = new TreeSet<>();
    AvroSerde<TaggedSample> serde = AvroSerde.of(TaggedSample.class);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, properties)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        return keys;
      }
      List<TopicPartition> partitions = new ArrayList<>();
      infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
      for (TopicPartition tp : partitions) {
        consumer.seek(tp, Math.max(starts.get(tp), ends.get(tp) - perPartition));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!reachedEnd(consumer, partitions, ends) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          keyOf(serde, record.value()).ifPresent(keys::add);
        }
      }
    }
    return keys;
  }

  /** Whether {@code topic} holds no record at all (or does not exist yet). */
  public static boolean isEmpty(String bootstrap, Map<String, String> properties, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, properties)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        return true;
      }
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      return consumer.endOffsets(partitions).values().stream().allMatch(end -> end == 0);
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(
      String bootstrap, Map<String, String> properties) {
    Properties p = new Properties();
    p.putAll(properties);
    p.put("bootstrap.servers", bootstrap);
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    p.put("max.partition.fetch.bytes", String.valueOf(64 * 1024 * 1024));
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static boolean reachedEnd(
      KafkaConsumer<?, ?> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> ends) {
    // Transaction markers take offsets too: a position at or past the end offset is the end.
    return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
  }

  private static java.util.Optional<String> keyOf(AvroSerde<TaggedSample> serde, byte[] value) {
    try {
      TaggedSample sample = serde.decode(value);
      if (sample.getDomain() == Domain.UNKNOWN) {
        return java.util.Optional.empty();
      }
      String domain = DomainRouting.keyOf(sample.getDomain());
      String variant = sample.getVariant();
      return java.util.Optional.of(
          variant == null || variant.isEmpty() ? domain : domain + ":" + variant);
    } catch (AvroDecodeException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }
}
