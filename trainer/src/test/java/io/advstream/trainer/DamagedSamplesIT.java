package io.advstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.Domain;
import io.advstream.avro.TaggedSample;
import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.DomainRouting;
import io.advstream.model.InputShape;
import io.advstream.model.StepRunner;
import io.advstream.model.testing.TestSnapshots;
import io.advstream.schemas.AvroDecodeException;
import io.advstream.schemas.AvroSerde;
import io.advstream.schemas.Buffers;
import io.advstream.schemas.testing.Mutations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer reading 1,000 damaged samples among real ones, after damaged records on the snapshot
 * topic: it must not crash, must train every usable sample, send every other one to the dead-letter
 * topic with its reason, and number its snapshots on from the last intact one.
 */
class DamagedSamplesIT {
  private static final int GOOD = 400;
  private static final int DAMAGED = 1000;
  private static final int TAIL = 32;
  private static final int BATCH = 16;
  private static final String ROUTING = "clean=main,adversarial=main,autoaugment=main";

  @TempDir Path runDir;

  private final AvroSerde<TaggedSample> serde = AvroSerde.of(TaggedSample.class);
  private final SampleDecoder oracle =
      new SampleDecoder(InputShape.FASHION_MNIST, 10, DomainRouting.parse(ROUTING));

  @Test
  void damagedSamplesAreDeadLetteredAndTheRestTrained() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.createTemporary().start()) {
      List<LabelledImage> images = FashionMnistFixture.train(GOOD + TAIL);
      SplittableRandom random = new SplittableRandom(17);
      List<byte[]> values = new ArrayList<>();
      for (int i = 0; i < GOOD; i++) {
        values.add(encode(images.get(i)));
      }
      for (int i = 0; i < DAMAGED; i++) {
        int at = random.nextInt(values.size() + 1);
        values.add(at, Mutations.damage(encode(images.get(i % GOOD)), random).bytes());
      }
      for (int i = GOOD; i < GOOD + TAIL; i++) {
        values.add(encode(images.get(i))); // read last: the run ends only after the rest was seen
      }
      byte[] intact = snapshot(7);
      List<byte[]> snapshots = new ArrayList<>(List.of(intact));
      for (int i = 0; i < 50; i++) {
        snapshots.add(Mutations.damage(intact, random).bytes());
      }

      Map<Long, byte[]> sent;
      try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
        sent = send(producer, "samples", values);
        send(producer, "snapshots", snapshots);
      }
      Set<Long> usable = new HashSet<>();
      sent.forEach(
          (offset, value) -> {
            if (oracle.decode(value, new RecordPosition("samples", 0, offset))
                instanceof SampleDecoder.Accepted) {
              usable.add(offset);
            }
          });
      int steps = usable.size() / BATCH;

      List<Long> trained = new ArrayList<>();
      List<Long> published = new ArrayList<>();
      TrainerListener record =
          new TrainerListener() {
            @Override
            public void onStep(
                long step, StepRunner.Result result, Map<String, List<TrainingSample>> batch) {
              batch.values().forEach(b -> b.forEach(s -> trained.add(s.position().offset())));
            }

            @Override
            public void onSnapshot(long step, long version) {
              published.add(version);
            }
          };
      try (KafkaSampleSource source =
              new KafkaSampleSource(broker.bootstrapServers(), Map.of(), "samples", "g");
          KafkaTrainerSink sink =
              new KafkaTrainerSink(broker.bootstrapServers(), Map.of(), "dlq", "snapshots")) {
        Trainer trainer = new Trainer(config(broker, steps), source, sink, record);
        CompletableFuture.runAsync(() -> trainer.run(() -> false)).get(3, TimeUnit.MINUTES);
        assertThat(trainer.step()).isEqualTo(steps);
      }

      Map<Long, DeadLetter> letters = deadLetters(broker);
      assertThat(trained).doesNotHaveDuplicates().hasSize(steps * BATCH);
      assertThat(usable).containsAll(trained);
      Set<Long> untrained = new HashSet<>(usable);
      trained.forEach(untrained::remove);
      assertThat(untrained)
          .as("usable samples not trained are only the last batch's remainder")
          .hasSizeLessThan(BATCH)
          .allMatch(offset -> offset >= GOOD + DAMAGED);
      Set<Long> unusable = new HashSet<>(sent.keySet());
      unusable.removeAll(usable);
      assertThat(letters.keySet()).containsExactlyInAnyOrderElementsOf(unusable);
      assertThat(letters.values())
          .allSatisfy(
              l -> {
                assertThat(l.getMessage()).isNotBlank();
                assertThat(l.getStage()).isEqualTo("trainer");
                assertThat(Buffers.toArray(l.getOriginalValue()))
                    .isEqualTo(sent.get(l.getOffset()));
              });
      assertThat(published).first().isEqualTo(8L);
    }
  }

  private byte[] encode(LabelledImage image) {
    Domain[] domains = {Domain.CLEAN, Domain.AUTOAUGMENT, Domain.ADVERSARIAL};
    Domain domain = domains[Math.floorMod(image.id().hashCode(), domains.length)];
    return serde.encode(TaggedSamples.of(image, domain, domain == Domain.CLEAN ? "" : "v"));
  }

  private static byte[] snapshot(long version) {
    return TestSnapshots.encoded(TestSnapshots.cnnSmall(1, "main"), version, 0);
  }

  private TrainerConfig config(EmbeddedKafkaBroker broker, int steps) {
    return TrainerConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .samplesTopic("samples")
        .snapshotTopic("snapshots")
        .deadLetterTopic("dlq")
        .groupId("g")
        .architecture("cnn-small")
        .routing(DomainRouting.parse(ROUTING))
        .batchSize(BATCH)
        .lr(0.05)
        .schedule("constant")
        .warmupSteps(0)
        .totalSteps(steps)
        .weightDecay(0)
        .seed(1)
        .checkpointEvery(1000)
        .snapshotEvery(steps)
        .maxBuffered(10_000)
        .runDir(runDir)
        .build();
  }

  private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafkaBroker broker) {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", broker.bootstrapServers(), "max.request.size", 8 << 20),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /** Sends every value to partition 0 of {@code topic}; the values by offset. */
  private static Map<Long, byte[]> send(
      KafkaProducer<byte[], byte[]> producer, String topic, List<byte[]> values) throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (byte[] value : values) {
      acks.add(producer.send(new ProducerRecord<>(topic, 0, null, value)));
    }
    Map<Long, byte[]> byOffset = new HashMap<>();
    for (int i = 0; i < values.size(); i++) {
      byOffset.put(acks.get(i).get().offset(), values.get(i));
    }
    return byOffset;
  }

  private static Map<Long, DeadLetter> deadLetters(EmbeddedKafkaBroker broker) throws Exception {
    AvroSerde<DeadLetter> letters = AvroSerde.of(DeadLetter.class);
    Map<Long, DeadLetter> byOffset = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", broker.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      TopicPartition dlq = new TopicPartition("dlq", 0);
      consumer.assign(List.of(dlq));
      consumer.seekToBeginning(List.of(dlq));
      long end = consumer.endOffsets(List.of(dlq)).get(dlq);
      while (consumer.position(dlq) < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          DeadLetter letter = decode(letters, r.value());
          assertThat(byOffset.put(letter.getOffset(), letter)).isNull();
        }
      }
    }
    return byOffset;
  }

  private static DeadLetter decode(AvroSerde<DeadLetter> serde, byte[] value) {
    try {
      return serde.decode(value);
    } catch (AvroDecodeException e) {
      throw new AssertionError(e);
    }
  }
}
