package io.advstream.trainer;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.ModelSnapshot;
import io.advstream.schemas.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends dead letters and snapshots with one idempotent producer. */
public final class KafkaTrainerSink implements TrainerSink {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String deadLetterTopic;
  private final String snapshotTopic;
  private final AvroSerde<DeadLetter> letters = AvroSerde.of(DeadLetter.class);
  private final AvroSerde<ModelSnapshot> snapshots = AvroSerde.of(ModelSnapshot.class);
  private final AtomicReference<Exception> error = new AtomicReference<>();

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
