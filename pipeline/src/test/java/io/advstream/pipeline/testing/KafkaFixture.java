package io.advstream.pipeline.testing;

import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.schemas.Topic;
import io.advstream.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A real embedded KRaft broker for one test class, with a fresh set of topics per test. */
public final class KafkaFixture implements BeforeAllCallback, AfterAllCallback {
  private EmbeddedKafkaBroker broker;

  @Override
  public void beforeAll(ExtensionContext context) {
    broker = EmbeddedKafkaBroker.createTemporary().start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    broker.close();
  }

  public KafkaConnection connection() {
    return KafkaConnection.of(broker.bootstrapServers());
  }

  /** The four catalogue topics under names no other test uses, created with 2 partitions. */
  public TestTopics freshTopics() {
    String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    TestTopics topics =
        new TestTopics(
            Topics.IMAGES_RAW.named(Topics.IMAGES_RAW.name() + suffix),
            Topics.SAMPLES_TAGGED.named(Topics.SAMPLES_TAGGED.name() + suffix),
            Topics.IMAGES_DLQ.named(Topics.IMAGES_DLQ.name() + suffix),
            suffix);
    TopicAdmin.ensureTopics(connection(), 2, List.of(topics.raw(), topics.tagged(), topics.dlq()));
    return topics;
  }

  /** Sends raw bytes as they are, for records no serde would write. */
  public void sendRaw(String topic, List<byte[]> values) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", broker.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>(topic, null, value)).get();
      }
    }
  }

  /** Every committed value of {@code topic}, as a read_committed consumer sees it now. */
  public <T extends org.apache.avro.specific.SpecificRecord> java.util.List<T> committedValues(
      io.advstream.schemas.Topic<T> topic) {
    return io.advstream.pipeline.kafka.TopicReader.readCommitted(
            connection(),
            topic.name(),
            topic.serde().deserializer(),
            java.time.Duration.ofSeconds(60))
        .stream()
        .map(org.apache.kafka.clients.consumer.ConsumerRecord::value)
        .toList();
  }

  /** Topic names of one test. */
  public record TestTopics(
      Topic<io.advstream.avro.ImageRecord> raw,
      Topic<io.advstream.avro.TaggedSample> tagged,
      Topic<io.advstream.avro.DeadLetter> dlq,
      String suffix) {}
}
