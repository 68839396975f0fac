package io.advstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.advstream.app.support.BrokerProcess;
import io.advstream.avro.Domain;
import io.advstream.avro.TaggedSample;
import io.advstream.datasets.Datasets;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.ImageSource;
import io.advstream.model.DomainRouting;
import io.advstream.model.StepRunner;
import io.advstream.model.TrainingMode;
import io.advstream.pipeline.adversarial.AdversarialBranch;
import io.advstream.pipeline.adversarial.AttackSettings;
import io.advstream.pipeline.adversarial.KafkaSnapshotFeed;
import io.advstream.pipeline.flink.LoopbackCluster;
import io.advstream.pipeline.ingest.IngestOptions;
import io.advstream.pipeline.ingest.Ingestor;
import io.advstream.pipeline.job.AugmentJob;
import io.advstream.pipeline.job.AugmentJobConfig;
import io.advstream.pipeline.job.CleanBranch;
import io.advstream.pipeline.job.PolicyBranch;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.pipeline.kafka.TopicReader;
import io.advstream.schemas.Topics;
import io.advstream.trainer.KafkaSampleSource;
import io.advstream.trainer.KafkaTrainerSink;
import io.advstream.trainer.Trainer;
import io.advstream.trainer.TrainerConfig;
import io.advstream.trainer.TrainerListener;
import io.advstream.trainer.TrainingSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker killed with SIGKILL and restarted on its data directory while ingest, the three-domain
 * job and an AdvProp trainer run: every image is tagged exactly once per domain, and each BN set's
 * trainer trained its domain's committed samples in topic order, none skipped and none twice.
 */
class BrokerRestartIT {
  private static final int IMAGES = 800;
  private static final int BATCH = 16;
  private static final int STEPS = 40;
  private static final Map<String, Domain> SETS =
      Map.of("main", Domain.CLEAN, "aux1", Domain.AUTOAUGMENT, "aux2", Domain.ADVERSARIAL);

  @TempDir Path work;

  @Test
  void killedBrokerCostsNoSampleAndDuplicatesNone() throws Exception {
    int port = freePort();
    Path data = work.resolve("kafka");
    BrokerProcess broker = BrokerProcess.start(port, data, work.resolve("broker-1.log"));
    KafkaConnection kafka = KafkaConnection.of(broker.bootstrapServers());
    TopicAdmin.ensureTopics(kafka, 1, List.copyOf(Topics.ALL));
    JobClient job = startJob(kafka);
    Map<String, List<String>> trained = new ConcurrentHashMap<>();
    try (KafkaSampleSource source =
            new KafkaSampleSource(
                kafka.bootstrapServers(), Map.of(), Topics.SAMPLES_TAGGED.name(), "trainer");
        KafkaTrainerSink sink =
            new KafkaTrainerSink(
                kafka.bootstrapServers(),
                Map.of(),
                Topics.IMAGES_DLQ.name(),
                Topics.MODEL_SNAPSHOTS.name())) {
      Trainer trainer = new Trainer(trainerConfig(kafka), source, sink, record(trained));
      CompletableFuture<Void> training = CompletableFuture.runAsync(() -> trainer.run(() -> false));
      CompletableFuture<Long> ingest = ingestAsync(kafka);

      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> trainer.step() >= 5 && committed(kafka) >= 300);
      broker.handle().destroyForcibly(); // SIGKILL: no clean shutdown, transactions left open
      assertThat(broker.handle().onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
      long killedAtStep = trainer.step();
      broker = BrokerProcess.start(port, data, work.resolve("broker-2.log"));

      assertThat(ingest.get(3, TimeUnit.MINUTES)).isEqualTo(IMAGES);
      training.get(5, TimeUnit.MINUTES);
      assertThat(trainer.step()).isEqualTo(STEPS).isGreaterThan(killedAtStep);
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> committed(kafka) >= 3L * IMAGES);

      Map<Domain, List<String>> committed = committedByDomain(kafka);
      for (Domain domain : SETS.values()) {
        assertThat(committed.get(domain))
            .as("%s: every image once", domain)
            .hasSize(IMAGES)
            .doesNotHaveDuplicates();
      }
      SETS.forEach(
          (set, domain) ->
              assertThat(trained.get(set))
                  .as("BN set %s trained the committed %s samples in order", set, domain)
                  .hasSize(STEPS * BATCH)
                  .isEqualTo(committed.get(domain).subList(0, STEPS * BATCH)));
    } finally {
      job.cancel().get();
      broker.close();
    }
  }

  private JobClient startJob(KafkaConnection kafka) throws Exception {
    Configuration conf = LoopbackCluster.configuration(0, work.resolve("flink"));
    LoopbackCluster.set(conf, "restart-strategy.type", "fixed-delay");
    LoopbackCluster.set(conf, "restart-strategy.fixed-delay.attempts", "1000");
    LoopbackCluster.set(conf, "restart-strategy.fixed-delay.delay", "1 s");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    AugmentJobConfig config =
        AugmentJobConfig.defaults(kafka).toBuilder()
            .checkpointInterval(Duration.ofMillis(500))
            .parallelism(1)
            .build();
    new AugmentJob(
            config,
            List.of(
                new CleanBranch(),
                new PolicyBranch("rand-m9-n2", 0),
                new AdversarialBranch(
                    AttackSettings.of("pgd-linf:eps=2/255,step=2/255,iters=1", "cnn-small"),
                    new KafkaSnapshotFeed(kafka, Topics.MODEL_SNAPSHOTS.name(), "job", false),
                    0)))
        .addTo(env);
    return env.executeAsync("broker-restart-it");
  }

  private TrainerConfig trainerConfig(KafkaConnection kafka) {
    return TrainerConfig.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .samplesTopic(Topics.SAMPLES_TAGGED.name())
        .snapshotTopic(Topics.MODEL_SNAPSHOTS.name())
        .deadLetterTopic(Topics.IMAGES_DLQ.name())
        .groupId("trainer")
        .architecture("cnn-small")
        .mode(TrainingMode.ADVPROP)
        .routing(DomainRouting.parse("clean=main,autoaugment=aux1,adversarial=aux2"))
        .batchSize(BATCH)
        .lr(0.05)
        .schedule("constant")
        .warmupSteps(0)
        .totalSteps(STEPS)
        .seed(1)
        .checkpointEvery(10)
        .snapshotEvery(5)
        .maxBuffered(100_000)
        .runDir(work.resolve("run"))
        .build();
  }

  /** The source ids each BN set trained, in step order. */
  private static TrainerListener record(Map<String, List<String>> trained) {
    return new TrainerListener() {
      @Override
      public void onStep(
          long step, StepRunner.Result result, Map<String, List<TrainingSample>> batch) {
        batch.forEach(
            (set, samples) ->
                samples.forEach(
                    s ->
                        trained
                            .computeIfAbsent(
                                set, k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(sourceId(s))));
      }
    };
  }

  private static String sourceId(TrainingSample sample) {
    try {
      return Topics.SAMPLES_TAGGED.serde().decode(sample.raw()).getProvenance().getSourceId();
    } catch (io.advstream.schemas.AvroDecodeException e) {
      throw new AssertionError(e);
    }
  }

  private static Map<Domain, List<String>> committedByDomain(KafkaConnection kafka) {
    Map<Domain, List<String>> byDomain = new EnumMap<>(Domain.class);
    for (ConsumerRecord<byte[], TaggedSample> r :
        TopicReader.readCommitted(
            kafka,
            Topics.SAMPLES_TAGGED.name(),
            Topics.SAMPLES_TAGGED.serde().deserializer(),
            Duration.ofSeconds(60))) {
      byDomain
          .computeIfAbsent(r.value().getDomain(), d -> new ArrayList<>())
          .add(r.value().getProvenance().getSourceId());
    }
    return byDomain;
  }

  private static CompletableFuture<Long> ingestAsync(KafkaConnection kafka) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (ImageSource test = Datasets.open(FashionMnistFixture.fullDir(), "test");
              Ingestor ingestor = new Ingestor(kafka)) {
            return ingestor.ingest(
                test, new IngestOptions(Topics.IMAGES_RAW.name(), 150, IMAGES, false), n -> {});
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static long committed(KafkaConnection kafka) {
    return TopicReader.countCommitted(kafka, Topics.SAMPLES_TAGGED.name(), Duration.ofSeconds(30));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket =
        new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
