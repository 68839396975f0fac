package io.advstream.bench;

import io.advstream.app.support.FlinkRestClient;
import io.advstream.app.support.FlinkTarget;
import io.advstream.avro.ImageRecord;
import io.advstream.datasets.Datasets;
import io.advstream.datasets.ImageSource;
import io.advstream.datasets.LabelledImage;
import io.advstream.pipeline.ingest.ImageRecords;
import io.advstream.pipeline.job.AugmentJob;
import io.advstream.pipeline.job.AugmentJobConfig;
import io.advstream.pipeline.job.CleanBranch;
import io.advstream.pipeline.job.DomainBranch;
import io.advstream.pipeline.job.PolicyBranch;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.schemas.AvroSerde;
import io.advstream.schemas.Topics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures images/s through two paths on the same broker, with the same records and producer:
 *
 * <ul>
 *   <li>baseline: produce to a topic, a consumer reads them back;
 *   <li>pipeline: produce to images.raw, the AugmentJob (CLEAN) writes samples.tagged, a
 *       read_committed consumer reads them back.
 * </ul>
 *
 * Each round times from the first send to the last record read, with the job already running, so
 * cluster start-up is not counted but checkpoint-bound commit latency is. With policies, every
 * image also goes through one AUTOAUGMENT branch per policy, each its own task at parallelism 1,
 * and a load probe then keeps the job saturated while it samples each task's busy and backpressured
 * time from the REST API: the figures that show whether augmentation is the bottleneck.
 */
final class PipelineBenchmark {
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(5);

  private final KafkaConnection kafka;
  private final Path dataDir;
  private final String split;
  private final int images;
  private final boolean exactlyOnce;
  private final List<String> policies;
  private final Duration probe;

  /**
   * @param policies one AUTOAUGMENT branch each, besides CLEAN
   * @param probe how long the load probe samples; zero skips it
   */
  PipelineBenchmark(
      KafkaConnection kafka,
      Path dataDir,
      String split,
      int images,
      boolean exactlyOnce,
      List<String> policies,
      Duration probe) {
    this.kafka = kafka;
    this.dataDir = dataDir;
    this.split = split;
    this.images = images;
    this.exactlyOnce = exactlyOnce;
    this.policies = List.copyOf(policies);
    this.probe = probe;
  }

  void run(int rounds, PrintStream out) throws Exception {
    List<ImageRecord> records = load();
    TopicAdmin.ensureTopics(
        kafka,
        2,
        List.of(
            Topics.IMAGES_RAW.named("bench.baseline"),
            Topics.IMAGES_RAW,
            Topics.SAMPLES_TAGGED,
            Topics.IMAGES_DLQ));
    out.printf(
        "bench pipeline: %,d images per round, %d rounds after 1 warm-up, %s, %d cores,"
            + " branches: CLEAN%s%n",
        images,
        rounds,
        exactlyOnce ? "exactly-once" : "at-least-once",
        Runtime.getRuntime().availableProcessors(),
        policies.stream().map(p -> ", AUTOAUGMENT " + p).reduce("", String::concat));

    double[] baseline = new double[rounds];
    try (KafkaProducer<String, ImageRecord> producer = producer();
        TailCounter tail = new TailCounter(kafka, "bench.baseline")) {
      round(producer, tail, "bench.baseline", records, images); // warm-up
      for (int r = 0; r < rounds; r++) {
        baseline[r] = round(producer, tail, "bench.baseline", records, (r + 2L) * images);
        out.printf("  baseline  round %d: %,9.0f images/s%n", r + 1, baseline[r]);
      }
    }

    double[] pipeline = new double[rounds];
    Path work = Files.createTempDirectory("advstream-bench-");
    AugmentJobConfig config =
        AugmentJobConfig.defaults(kafka).toBuilder()
            .exactlyOnce(exactlyOnce)
            .checkpointInterval(Duration.ofSeconds(1))
            .parallelism(1)
            .build();
    List<DomainBranch> branches = new ArrayList<>(List.of(new CleanBranch()));
    policies.forEach(p -> branches.add(new PolicyBranch(p, 0, 1)));
    long outputsPerRound = (long) images * branches.size();
    FlinkTarget flink = FlinkTarget.local(0, work);
    JobClient job = flink.submit(new AugmentJob(config, branches), "bench-pipeline", null);
    try (KafkaProducer<String, ImageRecord> producer = producer();
        TailCounter tail = new TailCounter(kafka, config.taggedTopic())) {
      // warm-up, includes job start
      round(producer, tail, config.inputTopic(), records, outputsPerRound);
      for (int r = 0; r < rounds; r++) {
        pipeline[r] =
            round(producer, tail, config.inputTopic(), records, (r + 2L) * outputsPerRound);
        out.printf("  pipeline  round %d: %,9.0f images/s%n", r + 1, pipeline[r]);
      }
      if (!probe.isZero()) {
        LoadProbe load =
            new LoadProbe(
                new FlinkRestClient(flink.restHost(), flink.port()), job.getJobID().toString());
        out.printf("load probe: job kept saturated, task load sampled each second for %s%n", probe);
        new SaturatingFeed(producer, tail, config.inputTopic(), records, branches.size())
            .during(() -> load.sample(probe, Duration.ofSeconds(1)));
        load.print(out);
      }
    } finally {
      job.cancel().get();
    }
    double base = median(baseline);
    double throughJob = median(pipeline);
    out.printf("baseline (Kafka produce+consume)           median %,9.0f images/s%n", base);
    out.printf("pipeline (ingest -> AugmentJob -> tagged)  median %,9.0f images/s%n", throughJob);
    out.printf("ratio pipeline / baseline: %.2f%n", throughJob / base);
  }

  /** Sends all records and returns images/s until the tail has seen {@code tailTarget}. */
  private double round(
      KafkaProducer<String, ImageRecord> producer,
      TailCounter tail,
      String topic,
      List<ImageRecord> records,
      long tailTarget)
      throws InterruptedException {
    long start = System.nanoTime();
    SaturatingFeed.send(producer, topic, records);
    long end = tail.awaitAtLeast(tailTarget, ROUND_TIMEOUT);
    return records.size() * 1e9 / (end - start);
  }

  private List<ImageRecord> load() throws Exception {
    List<ImageRecord> records = new ArrayList<>(images);
    try (ImageSource source = Datasets.open(dataDir, split)) {
      int epoch = 0;
      while (records.size() < images) {
        for (LabelledImage image : source) {
          if (records.size() == images) {
            break;
          }
          records.add(ImageRecords.from(image, epoch, Instant.now()));
        }
        epoch++;
      }
    }
    return records;
  }

  private KafkaProducer<String, ImageRecord> producer() {
    return new KafkaProducer<>(
        kafka.idempotentProducer(),
        new StringSerializer(),
        AvroSerde.of(ImageRecord.class).serializer());
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
