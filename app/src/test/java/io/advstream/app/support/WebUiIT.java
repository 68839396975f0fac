package io.advstream.app.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.advstream.broker.EmbeddedKafkaBroker;
import io.advstream.broker.testing.Loopback;
import io.advstream.datasets.Datasets;
import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.ImageSource;
import io.advstream.pipeline.ingest.IngestOptions;
import io.advstream.pipeline.ingest.Ingestor;
import io.advstream.pipeline.job.AugmentJob;
import io.advstream.pipeline.job.AugmentJobConfig;
import io.advstream.pipeline.job.CleanBranch;
import io.advstream.pipeline.job.DomainMetrics;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.schemas.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local cluster's Web UI and REST API, as a user of the demo reaches them. */
class WebUiIT {
  private static final int IMAGES = 500;

  @TempDir Path work;

  @Test
  void webUiAnswersOnLoopbackAndShowsPerDomainCounter() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.createTemporary().start()) {
      run(KafkaConnection.of(broker.bootstrapServers()));
    }
  }

  private void run(KafkaConnection kafka) throws Exception {
    TopicAdmin.ensureTopics(
        kafka, 2, List.of(Topics.IMAGES_RAW, Topics.SAMPLES_TAGGED, Topics.IMAGES_DLQ));
    try (ImageSource test = Datasets.open(FashionMnistFixture.dir(), "test");
        Ingestor ingestor = new Ingestor(kafka)) {
      ingestor.ingest(test, new IngestOptions(Topics.IMAGES_RAW.name(), 0, IMAGES, false), n -> {});
    }
    int port = Ports.preferredOrFree(0);
    StreamExecutionEnvironment env = LocalFlink.environment(LocalFlink.configuration(port, work));
    AugmentJobConfig config =
        AugmentJobConfig.defaults(kafka).toBuilder()
            .checkpointInterval(Duration.ofMillis(300))
            .parallelism(1)
            .build();
    new AugmentJob(config, List.of(new CleanBranch())).addTo(env);
    JobClient job = env.executeAsync("web-ui-it");
    try {
      String jobId = job.getJobID().toString();
      FlinkRestClient rest = new FlinkRestClient("127.0.0.1", port);
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> rest.jobState(jobId).equals("RUNNING"));

      String html = get(port, "/");
      assertThat(html).containsIgnoringCase("<html").contains("Flink");

      FlinkRestClient.Vertex tagger = rest.vertexNamed(jobId, "Tag CLEAN").orElseThrow();
      String counter = "domain.CLEAN." + DomainMetrics.COUNTER;
      AtomicReference<Double> seen = new AtomicReference<>(0.0);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () -> {
                seen.set(rest.sumOverSubtasks(jobId, tagger.id(), counter).orElse(-1.0));
                return seen.get() == IMAGES;
              });
      assertThat(seen.get()).isEqualTo(IMAGES);
      assertThat(rest.metricIds(jobId, tagger.id()))
          .anySatisfy(id -> assertThat(id).endsWith("domain.CLEAN." + DomainMetrics.RATE));
      // The job's resolved settings are part of its configuration in the Web UI.
      assertThat(rest.userConfig(jobId))
          .containsEntry("advstream.branches", "clean")
          .containsEntry("advstream.exactly-once", "true")
          .containsKey("advstream.input-topic");

      Loopback.assertOnlyOnLoopback(port, "the Flink Web UI");
    } finally {
      job.cancel().get();
    }
  }

  private static String get(int port, String path) throws IOException, InterruptedException {
    var http = java.net.http.HttpClient.newHttpClient();
    var request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
            .build();
    return http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }
}
