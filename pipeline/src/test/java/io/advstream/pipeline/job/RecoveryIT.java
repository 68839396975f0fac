package io.advstream.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.advstream.avro.TaggedSample;
import io.advstream.datasets.Datasets;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.ImageSource;
import io.advstream.pipeline.ingest.IngestOptions;
import io.advstream.pipeline.ingest.Ingestor;
import io.advstream.pipeline.kafka.TopicReader;
import io.advstream.pipeline.testing.Jobs;
import io.advstream.pipeline.testing.KafkaFixture;
import io.advstream.pipeline.testing.Ports;
import io.advstream.pipeline.testing.RestProbe;
import io.advstream.pipeline.testing.TestFlink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Cancel the job while images are still arriving, restart it from its last checkpoint. */
class RecoveryIT {
  private static final int IMAGES = 3000;

  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  @TempDir Path work;

  @Test
  void restoredJobOutputsEveryInputExactlyOnce() throws Exception {
    KafkaFixture.TestTopics topics = KAFKA.freshTopics();
    AugmentJob job = new AugmentJob(Jobs.config(KAFKA, topics), List.of(new CleanBranch()));

    int firstPort = Ports.free();
    JobClient first = start(job, TestFlink.configuration(firstPort, work));
    String firstJobId = first.getJobID().toString();
    RestProbe rest = new RestProbe(firstPort);
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> rest.jobState(firstJobId).equals("RUNNING"));

    // Images keep arriving (1,000/s for 3 s) while the job is cancelled and restarted.
    CompletableFuture<Long> ingest =
        CompletableFuture.supplyAsync(
            () -> {
              try (ImageSource test = Datasets.open(FashionMnistFixture.fullDir(), "test");
                  Ingestor ingestor = new Ingestor(KAFKA.connection())) {
                return ingestor.ingest(
                    test, new IngestOptions(topics.raw().name(), 1000, IMAGES, false), n -> {});
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> committed(topics) >= 300);
    first.cancel().get();
    long atCancel = committed(topics);
    Path checkpoint = latestCheckpoint(work.resolve("checkpoints").resolve(firstJobId));
    assertThat(atCancel).as("cancelled mid-stream").isBetween(300L, IMAGES - 1L);
    assertThat(ingest.get()).isEqualTo(IMAGES);

    Configuration restore = TestFlink.configuration(0, work);
    TestFlink.set(restore, "execution.state-recovery.path", checkpoint.toUri().toString());
    // Another consumer group: only the checkpointed source offsets can avoid replaying everything.
    AugmentJob restored =
        new AugmentJob(
            Jobs.config(KAFKA, topics).toBuilder().groupId("other-group" + topics.suffix()).build(),
            List.of(new CleanBranch()));
    int secondPort = Ports.free();
    TestFlink.set(restore, "rest.port", String.valueOf(secondPort));
    JobClient second = start(restored, restore);
    try {
      String secondJobId = second.getJobID().toString();
      RestProbe secondRest = new RestProbe(secondPort);
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> secondRest.restoredFrom(secondJobId).isPresent());
      assertThat(secondRest.restoredFrom(secondJobId).orElseThrow())
          .contains(checkpoint.getFileName().toString());
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> committed(topics) >= IMAGES);
      Thread.sleep(1500); // a few more checkpoints: a duplicate would be committed by now
      List<TaggedSample> samples = KAFKA.committedValues(topics.tagged());
      assertThat(samples).hasSize(IMAGES);
      assertThat(samples.stream().map(s -> s.getProvenance().getSourceId()).distinct().count())
          .isEqualTo(IMAGES);
    } finally {
      second.cancel().get();
    }
  }

  private static JobClient start(AugmentJob job, Configuration conf) throws Exception {
    StreamExecutionEnvironment env = TestFlink.environment(conf);
    job.addTo(env);
    return env.executeAsync("recovery-it");
  }

  private static long committed(KafkaFixture.TestTopics topics) {
    return TopicReader.countCommitted(
        KAFKA.connection(), topics.tagged().name(), Duration.ofSeconds(30));
  }

  private static Path latestCheckpoint(Path jobDir) throws IOException {
    try (Stream<Path> dirs = Files.list(jobDir)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("chk-"))
          .filter(d -> Files.exists(d.resolve("_metadata")))
          .max(
              Comparator.comparingInt(
                  d -> Integer.parseInt(d.getFileName().toString().substring(4))))
          .orElseThrow(() -> new AssertionError("no completed checkpoint in " + jobDir));
    }
  }
}
