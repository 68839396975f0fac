package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.advstream.app.support.FlinkRestClient;
import io.advstream.app.support.FlinkTarget;
import io.advstream.avro.DeadLetter;
import io.advstream.avro.Domain;
import io.advstream.avro.ErrorKind;
import io.advstream.avro.ModelSnapshot;
import io.advstream.avro.TaggedSample;
import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.ModelSnapshots;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.pipeline.adversarial.AdversarialBranch;
import io.advstream.pipeline.adversarial.AttackSettings;
import io.advstream.pipeline.adversarial.KafkaSnapshotFeed;
import io.advstream.pipeline.ingest.ImageRecords;
import io.advstream.pipeline.job.AugmentJob;
import io.advstream.pipeline.job.AugmentJobConfig;
import io.advstream.pipeline.job.CleanBranch;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.pipeline.kafka.TopicReader;
import io.advstream.schemas.AvroSerde;
import io.advstream.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The pipeline placement end to end on a real broker and a local Flink cluster: the trainer
 * publishes snapshots while it trains on what the job makes against them, bad snapshots are thrown
 * in, and the job must reject them and keep going.
 */
class AdversarialPipelineIT {
  private static final int BATCH = 32;
  private static final int STEPS = 24;
  private static final int SNAPSHOT_EVERY = 4;
  private static final String ATTACK = "pgd-linf:eps=8/255,step=4/255,iters=2,random-start=1";

  @TempDir Path work;

  @Test
  void trainerAndJobCloseTheLoopAndBadSnapshotsAreRejected() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.createTemporary().start()) {
      KafkaConnection kafka = KafkaConnection.of(broker.bootstrapServers());
      TopicAdmin.ensureTopics(kafka, 1, Topics.ALL);
      AugmentJobConfig config =
          AugmentJobConfig.defaults(kafka).toBuilder()
              .checkpointInterval(Duration.ofSeconds(1))
              .parallelism(1)
              .build();
      AdversarialBranch adversarial =
          new AdversarialBranch(
              AttackSettings.of(ATTACK, "cnn-small").withBatch(16, 50),
              new KafkaSnapshotFeed(kafka, Topics.MODEL_SNAPSHOTS.name(), "it-snapshots", false),
              1);
      FlinkTarget flink = FlinkTarget.local(0, work.resolve("flink"));
      JobClient job =
          flink.submit(
              new AugmentJob(config, List.of(new CleanBranch(), adversarial)), "adv-it", null);
      String jobId = job.getJobID().toString();
      FlinkRestClient rest = new FlinkRestClient(flink.restHost(), flink.port());
      try {
        // Images sent before any snapshot exists wait for one.
        List<LabelledImage> images = FashionMnistFixture.train(BATCH * (STEPS + 4));
        send(kafka, images.subList(0, 64), 0);
        String attackVertex = awaitVertex(rest, jobId, "Attack");
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> metric(rest, jobId, attackVertex, "waitingForSnapshot") >= 64);
        assertThat(metric(rest, jobId, attackVertex, "snapshotVersion")).isEqualTo(-1);

        Path run = work.resolve("run");
        CompletableFuture<Integer> trainer =
            CompletableFuture.supplyAsync(() -> train(broker, run));
        // The rest of the images follow the trainer's first snapshot, at a pace its later ones
        // can keep up with, however long the trainer took to start.
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> metric(rest, jobId, attackVertex, "snapshotVersion") >= 1);
        CompletableFuture<Void> feed =
            CompletableFuture.runAsync(() -> send(kafka, images.subList(64, images.size()), 150));

        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> metric(rest, jobId, attackVertex, "snapshotVersion") >= 2);
        sendBadSnapshots(kafka);
        await().atMost(Duration.ofSeconds(60)).until(() -> badSnapshotLetters(kafka).size() >= 3);
        assertThat(badSnapshotLetters(kafka))
            .extracting(DeadLetter::getMessage)
            .anySatisfy(m -> assertThat(m).contains("checksum="))
            .anySatisfy(m -> assertThat(m).contains("architecture=resnet8, expected cnn-small"))
            .anySatisfy(m -> assertThat(m).startsWith("snapshot is not a ModelSnapshot record"));

        assertThat(trainer.get()).as("trainer exit code").isZero();
        feed.get();
        assertThat(rest.jobState(jobId)).isEqualTo("RUNNING");

        List<TaggedSample> samples = readCommitted(kafka, Topics.SAMPLES_TAGGED.name());
        List<TaggedSample> attacked =
            samples.stream().filter(s -> s.getDomain() == Domain.ADVERSARIAL).toList();
        assertThat(attacked).hasSizeGreaterThanOrEqualTo(BATCH * STEPS);
        assertThat(attacked)
            .allSatisfy(
                s -> {
                  assertThat(s.getProvenance().getModelVersion()).isNotNull().isBetween(1L, 999L);
                  assertThat(s.getProvenance().getModelStep()).isNotNull();
                });
        List<Long> versions =
            attacked.stream().map(s -> s.getProvenance().getModelVersion()).toList();
        for (int i = 1; i < versions.size(); i++) {
          assertThat(versions.get(i))
              .as("version of sample " + i)
              .isGreaterThanOrEqualTo(versions.get(i - 1));
        }
        assertThat(versions.stream().distinct().count())
            .as("the job picked up the trainer's newer snapshots")
            .isGreaterThanOrEqualTo(3);

        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        int maxColumn = header.indexOf("adversarial_staleness_max");
        List<Long> staleness =
            csv.subList(1, csv.size()).stream()
                .map(line -> line.split(",", -1)[maxColumn])
                .filter(value -> !value.isEmpty())
                .map(Long::parseLong)
                .toList();
        assertThat(staleness).as("every step trained pipeline-made samples").hasSize(STEPS);
        long worst = staleness.stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.println("largest staleness per step: " + staleness);
        assertThat(worst).isNotNegative();
        System.out.printf(
            "pipeline placement: %d adversarial samples, %d snapshot versions used, largest staleness"
                + " %d steps = %.1f snapshot intervals%n",
            attacked.size(),
            versions.stream().distinct().count(),
            worst,
            (double) worst / SNAPSHOT_EVERY);
      } finally {
        job.cancel().get();
      }
    }
  }

  private static int train(EmbeddedKafkaBroker broker, Path run) {
    return Main.run(
        "train",
        "--bootstrap-servers",
        broker.bootstrapServers(),
        "--model",
        "cnn-small",
        "--mode",
        "advprop",
        "--routing",
        "clean=main,adversarial=aux1",
        "--adv-source",
        "pipeline",
        "--batch-size",
        String.valueOf(BATCH),
        "--total-steps",
        String.valueOf(STEPS),
        "--warmup-steps",
        "2",
        "--snapshot-every",
        String.valueOf(SNAPSHOT_EVERY),
        "--eval-images",
        "200",
        "--eval-every",
        "0",
        "--run-dir",
        run.toString(),
        "--metrics-port",
        "-1");
  }

  /** A snapshot with a bad checksum, one of another architecture, and bytes that are no record. */
  private static void sendBadSnapshots(KafkaConnection kafka) {
    ModelSnapshot good =
        ModelSnapshots.of(
            ModelRegistry.create(
                "cnn-small",
                InputShape.FASHION_MNIST,
                10,
                List.of("main", "aux1"),
                1,
                DataType.FLOAT,
                InputStats.FASHION_MNIST),
            1000,
            0,
            Map.of("main", List.of("clean"), "aux1", List.of("adversarial")),
            Map.of());
    ModelSnapshot damaged =
        ModelSnapshot.newBuilder(good).setParameters(ByteBuffer.wrap(new byte[] {1})).build();
    ModelSnapshot otherArchitecture =
        ModelSnapshots.of(
            ModelRegistry.create(
                "resnet8",
                InputShape.FASHION_MNIST,
                10,
                List.of("main"),
                1,
                DataType.FLOAT,
                InputStats.FASHION_MNIST),
            1001,
            0,
            Map.of(),
            Map.of());
    AvroSerde<ModelSnapshot> serde = AvroSerde.of(ModelSnapshot.class);
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      // keyed, as the compacted topic requires: by architecture, and junk under its own key
      producer.send(snapshotRecord(damaged.getArchitecture(), serde.encode(damaged)));
      producer.send(
          snapshotRecord(otherArchitecture.getArchitecture(), serde.encode(otherArchitecture)));
      producer.send(snapshotRecord("junk", new byte[] {9, 9, 9}));
    }
  }

  private static void send(KafkaConnection kafka, List<LabelledImage> images, double perSecond) {
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      AvroSerde<io.advstream.avro.ImageRecord> serde =
          AvroSerde.of(io.advstream.avro.ImageRecord.class);
      long start = System.nanoTime();
      for (int i = 0; i < images.size(); i++) {
        if (perSecond > 0) {
          long due = start + (long) (i * 1e9 / perSecond);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        producer.send(
            new ProducerRecord<>(
                Topics.IMAGES_RAW.name(),
                serde.encode(ImageRecords.from(images.get(i), 0, Instant.now()))));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ProducerRecord<byte[], byte[]> snapshotRecord(String key, byte[] value) {
    return new ProducerRecord<>(
        Topics.MODEL_SNAPSHOTS.name(), key.getBytes(StandardCharsets.UTF_8), value);
  }

  private static KafkaProducer<byte[], byte[]> producer(KafkaConnection kafka) {
    return new KafkaProducer<>(
        kafka.idempotentProducer(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static String awaitVertex(FlinkRestClient rest, String jobId, String name) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> rest.vertexNamed(jobId, name), v -> v.isPresent())
        .orElseThrow()
        .id();
  }

  /** The job's dead letters for records of the snapshot topic. */
  private static List<DeadLetter> badSnapshotLetters(KafkaConnection kafka) {
    return TopicReader.readCommitted(
            kafka,
            Topics.IMAGES_DLQ.name(),
            Topics.IMAGES_DLQ.serde().deserializer(),
            Duration.ofSeconds(30))
        .stream()
        .map(ConsumerRecord::value)
        .filter(l -> l.getErrorKind() == ErrorKind.BAD_SNAPSHOT)
        .toList();
  }

  private static double metric(FlinkRestClient rest, String jobId, String vertex, String name)
      throws Exception {
    return rest.sumOverSubtasks(jobId, vertex, "adversarial." + name).orElse(-2.0);
  }

  private static List<TaggedSample> readCommitted(KafkaConnection kafka, String topic) {
    AvroSerde<TaggedSample> serde = AvroSerde.of(TaggedSample.class);
    List<TaggedSample> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            kafka.committedReader("it-reader"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos()) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<byte[], byte[]> r : records) {
          out.add(serde.decode(r.value()));
        }
        if (!records.isEmpty()) {
          quietSince = System.nanoTime();
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
