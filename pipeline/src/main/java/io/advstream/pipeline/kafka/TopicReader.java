package io.advstream.pipeline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a whole topic as a read_committed consumer sees it at the moment of the call: everything up
 * to the last stable offset of every partition. For checks and benchmarks, not for tailing.
 */
public final class TopicReader {
  private TopicReader() {}

  /**
   * All committed records of {@code topic}, decoded with {@code values}.
   *
   * @throws IllegalStateException if the end is not reached within {@code timeout}
   */
  public static <V> List<ConsumerRecord<byte[], V>> readCommitted(
      KafkaConnection kafka, String topic, Deserializer<V> values, Duration timeout) {
    List<ConsumerRecord<byte[], V>> records = new ArrayList<>();
    forEachCommitted(kafka, topic, values, timeout, records::add);
    return records;
  }

  /**
   * Hands every committed record of {@code topic}, decoded with {@code values}, to {@code each}
   * without keeping them: for topics too big to hold in memory.
   *
   * @throws IllegalStateException if the end is not reached within {@code timeout}
   */
  public static <V> void forEachCommitted(
      KafkaConnection kafka,
      String topic,
      Deserializer<V> values,
      Duration timeout,
      Consumer<ConsumerRecord<byte[], V>> each) {
    try (KafkaConsumer<byte[], V> consumer =
        new KafkaConsumer<>(
            kafka.committedReader("topic-reader-" + UUID.randomUUID()),
            new ByteArrayDeserializer(),
            values)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "did not reach the end of "
                  + topic
                  + " within "
                  + timeout
                  + " (end offsets "
                  + end
                  + ")");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }

  /** Number of committed records in {@code topic}, without decoding them. */
  public static long countCommitted(KafkaConnection kafka, String topic, Duration timeout) {
    return readCommitted(kafka, topic, new ByteArrayDeserializer(), timeout).size();
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
