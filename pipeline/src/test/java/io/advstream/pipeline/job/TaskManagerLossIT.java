package io.advstream.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.advstream.avro.Domain;
import io.advstream.avro.ModelSnapshot;
import io.advstream.avro.TaggedSample;
import io.advstream.datasets.Datasets;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.ImageSource;
import io.advstream.model.testing.TestSnapshots;
import io.advstream.pipeline.adversarial.AdversarialBranch;
import io.advstream.pipeline.adversarial.AttackSettings;
import io.advstream.pipeline.adversarial.KafkaSnapshotFeed;
import io.advstream.pipeline.ingest.IngestOptions;
import io.advstream.pipeline.ingest.Ingestor;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.pipeline.kafka.TopicReader;
import io.advstream.pipeline.testing.Jobs;
import io.advstream.pipeline.testing.KafkaFixture;
import io.advstream.pipeline.testing.TestFlink;
import io.advstream.schemas.Topic;
import io.advstream.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TaskManager of a two-TaskManager cluster terminated while the three-domain job runs at
 * parallelism 2 and images keep arriving: the job restarts from its last checkpoint under its
 * fixed-delay restart strategy on a replacement TaskManager, and every image is tagged exactly once
 * per domain.
 */
class TaskManagerLossIT {
  private static final int IMAGES = 1500;

  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          () -> {
            Configuration conf = TestFlink.configuration(0, Path.of("target", "flink-tm-loss-it"));
            TestFlink.set(conf, "restart-strategy.type", "fixed-delay");
            TestFlink.set(conf, "restart-strategy.fixed-delay.attempts", "20");
            TestFlink.set(conf, "restart-strategy.fixed-delay.delay", "500 ms");
            // a lost TaskManager is noticed by its closed connection, not after the 50 s default
            TestFlink.set(conf, "heartbeat.interval", "1000");
            TestFlink.set(conf, "heartbeat.timeout", "5000");
            return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf)
                .setNumberTaskManagers(2)
                .setNumberSlotsPerTaskManager(1)
                .build();
          });

  @Test
  void lostTaskManagerCostsNoImageAndDuplicatesNone(@InjectMiniCluster MiniCluster flink)
      throws Exception {
    KafkaFixture.TestTopics topics = KAFKA.freshTopics();
    Topic<ModelSnapshot> snapshots =
        Topics.MODEL_SNAPSHOTS.named(Topics.MODEL_SNAPSHOTS.name() + topics.suffix());
    TopicAdmin.ensureTopics(KAFKA.connection(), 1, List.of(snapshots));
    publishSnapshot(snapshots.name());

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    new AugmentJob(
            Jobs.config(KAFKA, topics).toBuilder().parallelism(2).build(),
            List.of(
                new CleanBranch(),
                new PolicyBranch("rand-m9-n2", 0),
                new AdversarialBranch(
                    AttackSettings.of("pgd-linf:eps=2/255,step=2/255,iters=1", "cnn-small"),
                    new KafkaSnapshotFeed(
                        KAFKA.connection(), snapshots.name(), "tm" + topics.suffix(), false),
                    0)))
        .addTo(env);
    JobClient job = env.executeAsync("task-manager-loss-it");
    try {
      CompletableFuture<Long> ingest = ingestAsync(topics.raw().name());
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> committed(topics) >= 300);
      flink.terminateTaskManager(0).get();
      flink.startTaskManager(); // as Kubernetes would restart the pod
      assertThat(ingest.get()).isEqualTo(IMAGES);

      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> committed(topics) >= 3L * IMAGES);
      AccessExecutionGraph graph = flink.getExecutionGraph(job.getJobID()).get();
      assertThat(graph.getFailureInfo()).as("the job failed over").isNotNull();

      List<TaggedSample> samples = KAFKA.committedValues(topics.tagged());
      Map<Domain, Long> perDomain =
          samples.stream()
              .collect(Collectors.groupingBy(TaggedSample::getDomain, Collectors.counting()));
      assertThat(perDomain)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  Domain.CLEAN, (long) IMAGES,
                  Domain.AUTOAUGMENT, (long) IMAGES,
                  Domain.ADVERSARIAL, (long) IMAGES));
      assertThat(
              samples.stream()
                  .map(s -> s.getDomain() + "/" + s.getProvenance().getSourceId())
                  .distinct()
                  .count())
          .as("each image once per domain")
          .isEqualTo(3L * IMAGES);
      assertThat(KAFKA.committedValues(topics.dlq())).isEmpty();
    } finally {
      job.cancel().get();
    }
  }

  private static void publishSnapshot(String topic) throws Exception {
    byte[] snapshot = TestSnapshots.encoded(TestSnapshots.cnnSmall(1, "main", "aux1"), 1, 0);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers",
                KAFKA.connection().bootstrapServers(),
                "max.request.size",
                8 << 20),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer
          .send(new ProducerRecord<>(topic, "resnet8".getBytes(StandardCharsets.UTF_8), snapshot))
          .get();
    }
  }

  /** Real images at 300/s, so the TaskManager goes while images still arrive. */
  private static CompletableFuture<Long> ingestAsync(String topic) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (ImageSource test = Datasets.open(FashionMnistFixture.fullDir(), "test");
              Ingestor ingestor = new Ingestor(KAFKA.connection())) {
            return ingestor.ingest(test, new IngestOptions(topic, 300, IMAGES, false), n -> {});
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static long committed(KafkaFixture.TestTopics topics) {
    return TopicReader.countCommitted(
        KAFKA.connection(), topics.tagged().name(), Duration.ofSeconds(30));
  }
}
