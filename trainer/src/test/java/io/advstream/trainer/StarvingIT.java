package io.advstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.avro.Domain;
import io.advstream.avro.TaggedSample;
import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.DomainRouting;
import io.advstream.schemas.AvroSerde;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An AdvProp trainer fed clean samples only waits, says why, and trains on no other mix. */
class StarvingIT {
  @TempDir Path runDir;

  @Test
  void missingAdversarialSamplesHoldTrainingBackWithAWarningAndMetric() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.createTemporary().start()) {
      AvroSerde<TaggedSample> serde = AvroSerde.of(TaggedSample.class);
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", broker.bootstrapServers()),
              new ByteArraySerializer(),
              new ByteArraySerializer())) {
        for (LabelledImage image : FashionMnistFixture.train(100)) {
          producer
              .send(
                  new ProducerRecord<>(
                      "samples", serde.encode(TaggedSamples.of(image, Domain.CLEAN, ""))))
              .get();
        }
      }
      TrainerConfig config =
          TrainerConfig.builder()
              .bootstrapServers(broker.bootstrapServers())
              .samplesTopic("samples")
              .snapshotTopic("snapshots")
              .deadLetterTopic("dlq")
              .groupId("g")
              .architecture("cnn-small")
              .routing(DomainRouting.parse("clean=main,adversarial=aux1"))
              .batchSize(16)
              .lr(0.05)
              .schedule("constant")
              .warmupSteps(0)
              .totalSteps(10)
              .weightDecay(0)
              .seed(1)
              .checkpointEvery(5)
              .snapshotEvery(0)
              .maxBuffered(10_000)
              .runDir(runDir)
              .build();
      AtomicReference<List<String>> starving = new AtomicReference<>();
      AtomicReference<Map<String, Integer>> buffered = new AtomicReference<>();
      TrainerMetrics metrics = new TrainerMetrics();
      TrainerListener warning =
          new TrainerListener() {
            @Override
            public void onStarving(
                List<String> groups, Map<String, Integer> waiting, long waitedMillis) {
              starving.set(groups);
              buffered.set(waiting);
            }
          };
      try (KafkaSampleSource source =
              new KafkaSampleSource(broker.bootstrapServers(), Map.of(), "samples", "g");
          KafkaTrainerSink sink =
              new KafkaTrainerSink(broker.bootstrapServers(), Map.of(), "dlq", "snapshots")) {
        Trainer trainer =
            new Trainer(config, source, sink, new Listeners(List.of(metrics, warning)));
        CompletableFuture<Void> run =
            CompletableFuture.runAsync(() -> trainer.run(() -> starving.get() != null));
        run.get(60, TimeUnit.SECONDS);
        assertThat(trainer.step()).as("no step without adversarial samples").isZero();
      }
      assertThat(starving.get()).containsExactly("aux1");
      assertThat(buffered.get()).containsEntry("main", 100).containsEntry("aux1", 0);
      java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
      io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.builder()
          .build()
          .write(text, metrics.registry().scrape());
      assertThat(text.toString(java.nio.charset.StandardCharsets.UTF_8))
          .contains("advstream_trainer_starving{group=\"aux1\"} 1.0");
    }
  }
}
