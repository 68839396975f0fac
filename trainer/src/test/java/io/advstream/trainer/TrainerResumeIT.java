package io.advstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.avro.DeadLetter;
import io.advstream.avro.Domain;
import io.advstream.avro.ErrorKind;
import io.advstream.avro.ModelSnapshot;
import io.advstream.avro.TaggedSample;
import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.DomainRouting;
import io.advstream.model.ModelSnapshots;
import io.advstream.model.NetworkState;
import io.advstream.model.StepRunner;
import io.advstream.schemas.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Crash the trainer at a random step, restart it: the run continues exactly. */
class TrainerResumeIT {
  private static final int STEPS = 24;
  private static final int BATCH = 16;
  private static EmbeddedKafkaBroker broker;

  @TempDir Path tmp;

  @BeforeAll
  static void startKafka() throws Exception {
    broker = EmbeddedKafkaBroker.createTemporary().start();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("samples", 1, (short) 1),
                  new NewTopic("dlq", 1, (short) 1),
                  new NewTopic("snapshots", 1, (short) 1)))
          .all()
          .get();
    }
    // Clean and adversarial-tagged samples of real images in one partition (one partition fixes the
    // record order, which bit-exact replay needs), plus bad records.
    List<LabelledImage> images = FashionMnistFixture.train(STEPS * BATCH + 40);
    AvroSerde<TaggedSample> serde = AvroSerde.of(TaggedSample.class);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", broker.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < images.size(); i++) {
        LabelledImage image = images.get(i);
        producer.send(
            new ProducerRecord<>(
                "samples", 0, null, serde.encode(TaggedSamples.of(image, Domain.CLEAN, ""))));
        producer.send(
            new ProducerRecord<>(
                "samples",
                0,
                null,
                serde.encode(TaggedSamples.of(image, Domain.ADVERSARIAL, "pgd"))));
        if (i % 100 == 7) {
          TaggedSample wrongShape =
              TaggedSample.newBuilder(TaggedSamples.of(image, Domain.CLEAN, ""))
                  .setHeight(32)
                  .build();
          producer.send(new ProducerRecord<>("samples", 0, null, serde.encode(wrongShape)));
          TaggedSample unknown =
              TaggedSample.newBuilder(TaggedSamples.of(image, Domain.CLEAN, ""))
                  .setDomain(Domain.UNKNOWN)
                  .build();
          producer.send(new ProducerRecord<>("samples", 0, null, serde.encode(unknown)));
        }
      }
    }
  }

  @AfterAll
  static void stopKafka() {
    broker.close();
  }

  private TrainerConfig config(Path runDir, String group) {
    return config(runDir, group, AdversarialConfig.fromPipeline());
  }

  private TrainerConfig config(Path runDir, String group, AdversarialConfig adversarial) {
    return TrainerConfig.builder()
        .bootstrapServers(broker.bootstrapServers())
        .samplesTopic("samples")
        .snapshotTopic("snapshots")
        .deadLetterTopic("dlq")
        .groupId(group)
        .architecture("cnn-small")
        .routing(DomainRouting.parse("clean=main,adversarial=aux1"))
        .batchSize(BATCH)
        .lr(0.05)
        .warmupSteps(2)
        .totalSteps(STEPS)
        .labelSmoothing(0.0)
        .seed(11)
        .checkpointEvery(5)
        .snapshotEvery(10)
        .maxBuffered(10_000)
        .runDir(runDir)
        .adversarial(adversarial)
        .build();
  }

  /** Trains, recording the offsets of every step; {@code crashAfter} > 0 simulates a crash. */
  private Map<Long, List<String>> train(
      TrainerConfig config, int crashAfter, Map<Long, List<String>> log) {
    TrainerListener recorder =
        new TrainerListener() {
          @Override
          public void onStep(
              long step, StepRunner.Result result, Map<String, List<TrainingSample>> batch) {
            List<String> offsets = new ArrayList<>();
            batch
                .values()
                .forEach(samples -> samples.forEach(s -> offsets.add(s.position().toString())));
            log.put(step, offsets);
            groupsTrained.addAll(result.groupLoss().keySet());
            if (step == crashAfter) {
              throw new IllegalStateException("simulated crash after step " + step);
            }
          }
        };
    try (KafkaSampleSource source =
            new KafkaSampleSource(
                broker.bootstrapServers(), config.kafkaProperties(), "samples", config.groupId());
        KafkaTrainerSink sink =
            new KafkaTrainerSink(broker.bootstrapServers(), Map.of(), "dlq", "snapshots")) {
      Trainer trainer = new Trainer(config, source, sink, recorder);
      log.keySet().removeIf(step -> step > trainer.step()); // steps lost with the crash are redone
      trainer.run(() -> false);
      lastNetwork = NetworkState.capture(trainer.network());
    } catch (IllegalStateException crash) {
      assertThat(crash).hasMessageContaining("simulated crash");
    }
    return log;
  }

  private Map<String, INDArray> lastNetwork;
  private final java.util.Set<String> groupsTrained = new java.util.TreeSet<>();

  /**
   * With adversarial examples made in the trainer (random starts included), a resumed run still
   * equals an uninterrupted one: the attack's random numbers are a function of seed and step.
   */
  @ParameterizedTest
  @CsvSource({
    "standard, 'pgd-linf:eps=4/255,step=1/255,iters=2,random-start=1', 1.0",
    "fast, 'fgsm:eps=4/255', 0.25"
  })
  void trainerMadeAdversarialExamplesResumeExactly(String mode, String attack, double fraction) {
    AdversarialConfig adversarial =
        new AdversarialConfig(AdversarialConfig.TRAINER, attack, mode, fraction);
    Map<Long, List<String>> straight =
        train(config(tmp.resolve("a"), "adv-a-" + mode, adversarial), 0, new TreeMap<>());
    Map<String, INDArray> straightNetwork = lastNetwork;
    int crashAt = 6 + new Random().nextInt(STEPS - 8);
    Map<Long, List<String>> resumed = new TreeMap<>();
    train(config(tmp.resolve("b"), "adv-b-" + mode, adversarial), crashAt, resumed);
    train(config(tmp.resolve("b"), "adv-b-" + mode, adversarial), 0, resumed);

    assertThat(groupsTrained).containsExactly("aux1", "main");
    List<String> all = new ArrayList<>();
    straight.values().forEach(all::addAll);
    assertThat(all)
        .as("only clean samples are read; the topic's adversarial ones are ignored")
        .doesNotHaveDuplicates()
        .hasSize(STEPS * BATCH);
    assertThat(resumed).isEqualTo(straight);
    lastNetwork.forEach(
        (name, value) ->
            assertThat(value)
                .as(name + " after crash at " + crashAt)
                .isEqualTo(straightNetwork.get(name)));
  }

  @Test
  void crashedAndResumedRunEqualsAnUninterruptedOne() {
    Map<Long, List<String>> straight = train(config(tmp.resolve("a"), "a"), 0, new TreeMap<>());
    Map<String, INDArray> straightNetwork = lastNetwork;

    int crashAt = 6 + new Random().nextInt(STEPS - 8);
    Map<Long, List<String>> resumed = new TreeMap<>();
    train(config(tmp.resolve("b"), "b"), crashAt, resumed);
    train(config(tmp.resolve("b"), "b"), 0, resumed);

    assertThat(resumed).as("crash after step " + crashAt).isEqualTo(straight);
    List<String> all = new ArrayList<>();
    straight.values().forEach(all::addAll);
    assertThat(all).doesNotHaveDuplicates().hasSize(STEPS * BATCH * 2);
    assertThat(lastNetwork.keySet()).isEqualTo(straightNetwork.keySet());
    lastNetwork.forEach(
        (name, value) ->
            assertThat(value)
                .as(name + " after crash at " + crashAt)
                .isEqualTo(straightNetwork.get(name)));
  }

  /**
   * A run stopped at --max-steps, in the middle of what it had polled, and resumed later equals an
   * uninterrupted one. Small fetches make the records polled but not trained at the stop fewer than
   * the resumed run goes on to train, so reading any of them twice would show.
   */
  @ParameterizedTest(name = "shuffle buffer {0}")
  @CsvSource({"0", "24"})
  void stoppedAndResumedRunEqualsAnUninterruptedOne(int shuffleBuffer) {
    String name = "stop-" + shuffleBuffer;
    Map<Long, List<String>> straight =
        train(shuffled(config(tmp.resolve("a"), name + "-a"), shuffleBuffer), 0, new TreeMap<>());
    Map<String, INDArray> straightNetwork = lastNetwork;

    TrainerConfig resumedConfig = shuffled(config(tmp.resolve("b"), name + "-b"), shuffleBuffer);
    Map<Long, List<String>> resumed = new TreeMap<>();
    train(
        resumedConfig.toBuilder()
            .maxSteps(7)
            .kafkaProperties(Map.of("max.partition.fetch.bytes", "20000"))
            .build(),
        0,
        resumed);
    assertThat(resumed).hasSize(7);
    train(resumedConfig, 0, resumed);

    assertThat(resumed).isEqualTo(straight);
    assertSameNetwork(straightNetwork, "after a stop at step 7");
  }

  /**
   * With a shuffle buffer, a run crashed after a checkpoint that held buffered samples resumes
   * exactly: the same samples in the same order in every step, and identical parameters.
   */
  @Test
  void shuffleBufferResumesExactlyWithTheSamplesItHeldAtTheCheckpoint() throws Exception {
    Map<Long, List<String>> straight =
        train(shuffled(config(tmp.resolve("a"), "shuffle-a"), 24), 0, new TreeMap<>());
    Map<String, INDArray> straightNetwork = lastNetwork;

    int crashAt = 6 + new Random().nextInt(STEPS - 8);
    TrainerConfig config = shuffled(config(tmp.resolve("b"), "shuffle-b"), 24);
    Map<Long, List<String>> resumed = new TreeMap<>();
    train(config, crashAt, resumed);
    Checkpoint atCrash =
        new CheckpointStore(tmp.resolve("b").resolve("checkpoints"), 3).latest().orElseThrow();
    assertThat(atCrash.shuffle().held())
        .as("the checkpoint holds a full buffer of each group")
        .containsOnlyKeys("main", "aux1")
        .allSatisfy((set, held) -> assertThat(held).hasSize(24));
    assertThat(atCrash.shuffle().draws()).allSatisfy((set, n) -> assertThat(n).isPositive());
    train(config, 0, resumed);

    assertThat(resumed).as("crash after step " + crashAt).isEqualTo(straight);
    assertSameNetwork(straightNetwork, "after a crash at step " + crashAt);
    List<String> all = new ArrayList<>();
    straight.values().forEach(all::addAll);
    assertThat(all).doesNotHaveDuplicates().hasSize(STEPS * BATCH * 2);
  }

  /**
   * The buffer reorders what a step trains, within each group and seeded by --seed; without it the
   * steps take the samples in arrival order.
   */
  @Test
  void shuffleBufferReordersEachGroupBySeed() {
    Map<Long, List<String>> off =
        train(config(tmp.resolve("off"), "order-off"), 0, new TreeMap<>());
    Map<Long, List<String>> on =
        train(shuffled(config(tmp.resolve("on"), "order-on"), 24), 0, new TreeMap<>());
    TrainerConfig otherSeed =
        shuffled(config(tmp.resolve("seed"), "order-seed"), 24).toBuilder().seed(12).build();
    Map<Long, List<String>> reseeded = train(otherSeed, 0, new TreeMap<>());

    for (List<String> step : off.values()) {
      assertThat(offsets(step.subList(0, BATCH))).as("clean, in arrival order").isSorted();
      assertThat(offsets(step.subList(BATCH, 2 * BATCH))).as("adversarial").isSorted();
    }
    assertThat(on).hasSameSizeAs(off).isNotEqualTo(off);
    assertThat(offsets(on.get(1L).subList(0, BATCH)))
        .as("clean, shuffled")
        .isNotEqualTo(offsets(on.get(1L).subList(0, BATCH)).stream().sorted().toList());
    assertThat(reseeded).hasSameSizeAs(on).isNotEqualTo(on);
    List<String> all = new ArrayList<>();
    on.values().forEach(all::addAll);
    assertThat(all).doesNotHaveDuplicates().hasSize(STEPS * BATCH * 2);
  }

  private static TrainerConfig shuffled(TrainerConfig config, int shuffleBuffer) {
    return config.toBuilder().shuffleBuffer(shuffleBuffer).build();
  }

  private static List<Long> offsets(List<String> positions) {
    return positions.stream().map(p -> Long.parseLong(p.substring(p.indexOf('@') + 1))).toList();
  }

  private void assertSameNetwork(Map<String, INDArray> expected, String when) {
    assertThat(lastNetwork.keySet()).isEqualTo(expected.keySet());
    lastNetwork.forEach(
        (name, value) -> assertThat(value).as(name + " " + when).isEqualTo(expected.get(name)));
  }

  /**
   * Runs share the snapshot topic (so do this class's tests): each run, fresh or resumed after a
   * crash, continues the version count of the topic, so readers never see a version twice.
   */
  @Test
  void snapshotVersionsKeepRisingAcrossRunsAndCrashes() {
    train(config(tmp.resolve("v1"), "v1"), 0, new TreeMap<>());
    train(config(tmp.resolve("v2"), "v2"), 3, new TreeMap<>()); // published, no checkpoint yet
    train(config(tmp.resolve("v2"), "v2"), 0, new TreeMap<>());
    List<Long> versions =
        readAll("snapshots", ModelSnapshot.class).stream().map(ModelSnapshot::getVersion).toList();
    assertThat(versions).hasSizeGreaterThan(3);
    for (int i = 1; i < versions.size(); i++) {
      assertThat(versions.get(i))
          .as("snapshot " + i + " of " + versions)
          .isGreaterThan(versions.get(i - 1));
    }
  }

  @Test
  void badSamplesAreDeadLetteredAndSnapshotsPublished() {
    train(config(tmp.resolve("c"), "c"), 0, new TreeMap<>());
    List<DeadLetter> letters = readAll("dlq", DeadLetter.class);
    assertThat(letters).isNotEmpty().allSatisfy(l -> assertThat(l.getStage()).isEqualTo("trainer"));
    assertThat(letters)
        .extracting(DeadLetter::getErrorKind)
        .contains(ErrorKind.BAD_DIMENSIONS, ErrorKind.UNKNOWN_DOMAIN);
    List<ModelSnapshot> snapshots = readAll("snapshots", ModelSnapshot.class);
    assertThat(snapshots)
        .isNotEmpty()
        .allSatisfy(s -> assertThat(ModelSnapshots.checksumMatches(s)).isTrue());
    assertThat(snapshots.get(0).getBnStates())
        .extracting(b -> b.getBnSet())
        .containsExactly("main", "aux1");
    ModelSnapshot tampered =
        ModelSnapshot.newBuilder(snapshots.get(0))
            .setParameters(ByteBuffer.wrap(new byte[] {1}))
            .build();
    assertThat(ModelSnapshots.checksumMatches(tampered)).isFalse();
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> List<T> readAll(
      String topic, Class<T> type) {
    AvroSerde<T> serde = AvroSerde.of(type);
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "max.partition.fetch.bytes",
                64 << 20),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(serde.deserialize(topic, r.value()));
        }
      }
    }
    return out;
  }
}
