package io.advstream.trainer;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.ModelSnapshot;
import io.advstream.model.ModelSnapshots;
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
  private static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(30);
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

  /**
   * The newest intact snapshot's version, so a new or resumed trainer numbers on from it and the
   * job's attackers take its snapshots as newer. Damaged or foreign records at the end of the topic
   * are passed over: the search goes back in doubling windows until it meets a snapshot whose
   * checksum holds.
   */
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
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, SEARCH_TIMEOUT);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, SEARCH_TIMEOUT);
      long latest = 0;
      for (TopicPartition partition : partitions) {
        latest =
            Math.max(
                latest, newestIn(consumer, partition, starts.get(partition), ends.get(partition)));
      }
      return latest;
    }
  }

  private long newestIn(
      KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long first, long end) {
    long upper = end;
    for (long window = 1; upper > first; window *= 2) {
      long lower = Math.max(first, upper - window);
      long newest = newestBetween(consumer, partition, lower, upper);
      if (newest > 0) {
        return newest;
      }
      upper = lower;
    }
    return 0;
  }

  /** The highest version among intact snapshots at offsets [lower, upper); 0 if there is none. */
  private long newestBetween(
      KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long lower, long upper) {
    consumer.seek(partition, lower);
    long newest = 0;
    long deadline = System.nanoTime() + SEARCH_TIMEOUT.toNanos();
    while (consumer.position(partition) < upper && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        if (record.offset() < upper && record.value() != null) {
          newest = Math.max(newest, intactVersion(record.value()));
        }
      }
    }
    return newest;
  }

  private long intactVersion(byte[] value) {
    try {
      ModelSnapshot snapshot = snapshots.decode(value);
      return ModelSnapshots.checksumMatches(snapshot) ? snapshot.getVersion() : 0;
    } catch (AvroDecodeException e) {
      return 0;
    }
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
