package io.advstream.trainer;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.ModelSnapshot;
import io.advstream.schemas.AvroDecodeException;
import io.advstream.schemas.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends dead letters and snapshots with one idempotent producer, and reads the newest snapshot's
 * version back when a trainer starts.
 */
public final class KafkaTrainerSink implements TrainerSink {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String deadLetterTopic;
  private final String snapshotTopic;
  private final AvroSerde<DeadLetter> letters = AvroSerde.of(DeadLetter.class);
  private final AvroSerde<ModelSnapshot> snapshots = AvroSerde.of(ModelSnapshot.class);
  private final AtomicReference<Exception> error = new AtomicReference<>();
  private final Properties consumerProperties;

  public KafkaTrainerSink(
      String bootstrap,
      Map<String, String> properties,
      String deadLetterTopic,
      String snapshotTopic) {
    Properties p = new Properties();
    p.putAll(properties);
    p.put("bootstrap.servers", bootstrap);
    p.put("enable.idempotence", "true");
    p.put("acks", "all");
    // Snapshots of bigger networks are several MB.
    p.put("max.request.size", String.valueOf(64 * 1024 * 1024));
    p.put("compression.type", "lz4");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.consumerProperties = new Properties();
    consumerProperties.putAll(properties);
    consumerProperties.put("bootstrap.servers", bootstrap);
    consumerProperties.put("enable.auto.commit", "false");
    consumerProperties.put("max.partition.fetch.bytes", String.valueOf(64 * 1024 * 1024));
    consumerProperties.put("fetch.max.bytes", String.valueOf(64 * 1024 * 1024));
    this.deadLetterTopic = deadLetterTopic;
    this.snapshotTopic = snapshotTopic;
  }

  @Override
  public void deadLetter(DeadLetter letter) {
    String key = letter.getTopic() + "/" + letter.getPartition() + "@" + letter.getOffset();
    send(deadLetterTopic, key, letters.encode(letter));
  }

  @Override
  public void snapshot(ModelSnapshot snapshot) {
    send(snapshotTopic, snapshot.getArchitecture(), snapshots.encode(snapshot));
  }

  private void send(String topic, String key, byte[] value) {
    producer.send(
        new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value),
        (metadata, e) -> {
          if (e != null) {
            error.compareAndSet(null, e);
          }
        });
  }

  @Override
  public long lastPublishedVersion() {
    Properties p = new Properties();
    p.putAll(consumerProperties);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(snapshotTopic, Duration.ofSeconds(30)).stream()
              .map(info -> new TopicPartition(snapshotTopic, info.partition()))
              .toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long latest = 0;
      for (TopicPartition partition : partitions) {
        long end = ends.get(partition);
        if (end == 0) {
          continue;
        }
        consumer.seek(partition, end - 1);
        latest = Math.max(latest, lastVersionIn(consumer, partition, end));
      }
      return latest;
    }
  }

  /** The version of the last record before {@code end}; 0 when it is not a readable snapshot. */
  private long lastVersionIn(
      KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long end) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (consumer.position(partition) < end && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        if (record.offset() == end - 1) {
          try {
            return snapshots.decode(record.value()).getVersion();
          } catch (AvroDecodeException e) {
            return 0;
          }
        }
      }
    }
    return 0;
  }

  @Override
  public void flush() {
    producer.flush();
    Exception e = error.get();
    if (e != null) {
      throw new IllegalStateException("Kafka rejected a trainer output: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
