package io.advstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.broker.testing.Loopback;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

  @TempDir Path dataDir;

  @Test
  void producesAndConsumesAndKeepsDataAcrossRestart() throws Exception {
    int port;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.create(dataDir, 0, Map.of()).start()) {
      port = broker.port();
      produce(broker.bootstrapServers(), "t1", 20);
      assertThat(consumeAll(broker.bootstrapServers(), "t1")).hasSize(20).startsWith("v0", "v1");
    }
    // Same directory and port: the formatted storage and the topic survive.
    try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.create(dataDir, port, Map.of()).start()) {
      assertThat(consumeAll(again.bootstrapServers(), "t1")).hasSize(20);
    }
  }

  @Test
  void listensOnLoopbackOnly() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.createTemporary().start()) {
      assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
      Loopback.assertOnlyOnLoopback(broker.port(), "the broker's client listener");
      Loopback.assertOnlyOnLoopback(broker.controllerPort(), "the broker's controller listener");
    }
  }

  private static void produce(String bootstrap, String topic, int n) throws Exception {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers", bootstrap,
            "key.serializer", StringSerializer.class,
            "value.serializer", StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      for (int i = 0; i < n; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
      }
    }
  }

  private static List<String> consumeAll(String bootstrap, String topic) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "group.id",
            "test-" + System.nanoTime(),
            "auto.offset.reset",
            "earliest",
            "key.deserializer",
            StringDeserializer.class,
            "value.deserializer",
            StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (values.size() < 20 && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
