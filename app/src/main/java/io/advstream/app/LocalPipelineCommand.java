package io.advstream.app;

import io.advstream.app.config.ResolvedConfig;
import io.advstream.app.support.BrokerProcess;
import io.advstream.app.support.ConsoleView;
import io.advstream.app.support.FlinkRestClient;
import io.advstream.app.support.FlinkTarget;
import io.advstream.app.support.HeldOutSlices;
import io.advstream.app.support.JobJar;
import io.advstream.app.support.PipelineStatus;
import io.advstream.app.support.Ports;
import io.advstream.app.support.ProcessTreeMemory;
import io.advstream.app.support.TrainerWatch;
import io.advstream.avro.ImageRecord;
import io.advstream.datasets.Datasets;
import io.advstream.datasets.ImageSource;
import io.advstream.datasets.LabelledImage;
import io.advstream.pipeline.ingest.ImageRecords;
import io.advstream.pipeline.ingest.IngestOptions;
import io.advstream.pipeline.ingest.Ingestor;
import io.advstream.pipeline.ingest.MalformedRecords;
import io.advstream.pipeline.job.AugmentJob;
import io.advstream.pipeline.job.AugmentJobConfig;
import io.advstream.pipeline.job.AugmentJobMain;
import io.advstream.pipeline.job.DomainBranch;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.pipeline.kafka.TopicReader;
import io.advstream.trainer.TrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Everything on one machine, or on the clusters given: the broker (a child JVM unless
 * --bootstrap-servers), a local Flink cluster with its Web UI (unless --flink-address), the
 * AugmentJob, a feed of Fashion-MNIST images, the trainer and a live view. The demo runs it for a
 * number of images, the soak for a number of minutes.
 */
abstract class LocalPipelineCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin KafkaOptions kafka;
  @Mixin DataOptions dataset;
  @Mixin ShuffleSeedOption shuffle;
  @Mixin JobOptions job;
  @Mixin TrainOptions train;
  @Mixin SnapshotsTopicOption snapshots;
  @Mixin FlinkClusterOptions cluster;
  @Spec CommandSpec spec;

  /** Set once the feed has sent its last image. */
  private volatile boolean feedDone;

  @Option(
      names = "--rate",
      defaultValue = "0",
      paramLabel = "IMAGES/S",
      description = "Cap on the send rate; 0 = no cap (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--feed-ahead",
      defaultValue = "auto",
      paramLabel = "IMAGES|auto|off",
      description =
          "Images the feed may run ahead of the clean samples the trainer has trained; auto ="
              + " half a snapshot interval of batches (at least two batches), plus"
              + " --shuffle-buffer, while the job attacks, so its adversarial samples stay within"
              + " two snapshot intervals of the trainer, else off; off = not paced by the trainer"
              + " (default: ${DEFAULT-VALUE}).")
  String feedAhead;

  @Option(
      names = "--bad-records",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Also send 50 malformed records to show the dead-letter topic (default: ${DEFAULT-VALUE}).")
  boolean badRecords;

  @Option(
      names = "--web-ui-port",
      defaultValue = "8081",
      description = "Flink Web UI port; a free one if busy (default: ${DEFAULT-VALUE}).")
  int webUiPort;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Embedded broker port; a free one if busy (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Broker data, checkpoints and logs of this run; cleared at start (default:"
              + " .advstream/<command>, e.g. .advstream/demo).")
  Path workDir;

  /** --images: images per epoch, or null for the default of the mode; 0 with --loop = endless. */
  abstract Long images();

  /** Whether the feed replays the dataset until stopped. */
  abstract boolean loop();

  /** Passes over the first --images images. */
  abstract int epochs();

  /** Whether broker, job and Web UI stay up after the summary, until Ctrl-C. */
  abstract boolean keepRunning();

  @Override
  public Integer call() throws Exception {
    if (workDir == null) {
      workDir = Path.of(".advstream", spec.name());
    }
    DemoPlan plan = plan();
    Path dataDir = dataset.resolveDirectory();
    clear(workDir);
    train.resolveInputStats(dataDir, System.out);
    ResolvedConfig.print(spec, System.out);
    ResolvedConfig.write(spec, workDir.resolve("config.yaml"));
    long start = System.nanoTime();
    BrokerProcess broker = null;
    try {
      KafkaConnection connection;
      if (kafka.external()) {
        connection = kafka.connectionOrDefault();
        System.out.println("Kafka: " + connection.bootstrapServers() + " (external)");
      } else {
        int port = Ports.preferredOrFree(kafkaPort);
        broker =
            BrokerProcess.start(
                port,
                workDir.resolve("kafka"),
                workDir.resolve("logs/broker.log"),
                brokerHeapReports());
        connection = kafka.connectionTo(broker.bootstrapServers());
        System.out.println("Kafka: embedded broker on " + connection.bootstrapServers());
      }
      return run(plan, connection, dataDir, broker, start);
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  private int run(
      DemoPlan plan, KafkaConnection connection, Path dataDir, BrokerProcess broker, long start)
      throws Exception {
    TopicAdmin.ensureTopics(connection, 2, job.topics(snapshots.name));
    AugmentJobConfig config = job.toConfig(connection, false);
    List<DomainBranch> branches = job.branches(connection, snapshots.name, false);
    System.out.printf(
        "Domains: %s; trainer %s %s, routing %s%n",
        plan.describeDomains(), train.model, train.mode, train.routing);
    FlinkTarget flink = cluster.target(webUiPort, workDir.resolve("flink"));
    String jobId;
    Cancel cancel;
    if (flink.isLocal()) {
      JobClient client = flink.submit(new AugmentJob(config, branches), "advstream-demo", null);
      jobId = client.getJobID().toString();
      cancel = () -> client.cancel().get();
    } else {
      jobId =
          flink.submitJobJar(
              JobJar.locate(cluster.jobJar),
              AugmentJobMain.arguments(connection, job, snapshots.name, false),
              null);
      cancel = () -> flink.rest().cancel(jobId);
    }
    System.out.println("Flink Web UI: " + flink.webUiUrl() + "  (job " + jobId + ")");

    TrainerWatch watch = new TrainerWatch();
    CompletableFuture<TrainingSession.Summary> training = startTrainer(connection, dataDir, watch);
    AtomicLong sent = new AtomicLong();
    ConsoleView view =
        new ConsoleView(
                new FlinkRestClient(flink.restHost(), flink.port()),
                jobId,
                System.out,
                sent::get,
                () -> trainerPart(watch))
            .start();
    try (ImageSource source = Datasets.open(dataDir, dataset.split);
        Ingestor ingestor = new Ingestor(connection)) {
      CountDownLatch interrupted = new CountDownLatch(1);
      Thread stopper =
          new Thread(
              () -> {
                ingestor.stop();
                interrupted.countDown();
              });
      Runtime.getRuntime().addShutdownHook(stopper);
      IngestOptions options = ingestOptions(plan);
      System.out.printf(
          "Sending %s images of %s/%s (%s)%s%s%n",
          options.total(source.size()) < 0
              ? "endless"
              : String.format("%,d", options.total(source.size())),
          source.name(),
          dataset.split,
          plan.passOrder(),
          rate > 0 ? String.format(", at most %,.0f images/s", rate) : "",
          plan.feedAhead() > 0
              ? String.format(", at most %,d ahead of the trainer", plan.feedAhead())
              : "");
      feedStarting(
          new Running(
              connection, broker, ingestor, view, watch, sent::get, config, branches.size()));
      long images = ingestor.ingest(source, options, sent::set, allowance(plan, watch, training));
      feedDone = true;
      feedEnded();
      int bad = badRecords ? sendMalformed(connection, source, config) : 0;
      long expectedIn = images + bad;
      while (view.latest().recordsIn() < expectedIn && interrupted.getCount() > 0) {
        Thread.sleep(200);
      }
      // One sample per image and domain branch (CLEAN, one per --policy, --adversarial).
      long expectedSamples = images * branches.size();
      long committed = awaitTagged(connection, expectedSamples);
      view.close();
      TrainingSession.Summary trained = training.get();
      summary(connection, view.latest(), images, bad, committed, start, broker);
      trainerSummary(trained, watch);
      int verdict = verdict(images);
      if (broker != null && (committed != expectedSamples || view.latest().deadLetters() != bad)) {
        // Fresh topics on the embedded broker: anything but an exact match is a bug.
        throw new IllegalStateException(
            "expected "
                + expectedSamples
                + " tagged samples and "
                + bad
                + " dead letters, found "
                + committed
                + " and "
                + view.latest().deadLetters());
      }
      if (keepRunning()) {
        System.out.println("Still running (Ctrl-C to stop). Web UI: " + flink.webUiUrl());
        interrupted.await();
      }
      return verdict;
    } finally {
      view.close();
      cancel.run();
    }
  }

  /** The parts of a running demo that a longer run built on it (the soak) watches and stops. */
  record Running(
      KafkaConnection connection,
      BrokerProcess broker,
      Ingestor ingestor,
      ConsoleView view,
      TrainerWatch watch,
      LongSupplier imagesSent,
      AugmentJobConfig job,
      int domains) {}

  /** Resolves the options into what this run does. */
  DemoPlan plan() {
    return DemoPlan.resolve(this);
  }

  /** How often the embedded broker reports its heap; zero = never (the demo does not ask). */
  Duration brokerHeapReports() {
    return Duration.ZERO;
  }

  /**
   * When the trainer stops before --total-steps: a feed of unknown length (--images 0, the soak)
   * gives it no last step, so it stops once the feed has ended.
   */
  boolean trainerShouldStop() {
    return feedDone && train.totalSteps == DemoPlan.UNTIL_STOPPED;
  }

  /** Called once broker, job, trainer and live view run, just before the feed starts. */
  void feedStarting(Running running) {}

  /** Called once the feed has sent its last image. */
  void feedEnded() {}

  /** Waits until the job's samples are committed and returns how many there are. */
  long awaitTagged(KafkaConnection connection, long expected) throws InterruptedException {
    return awaitCommitted(connection, expected);
  }

  /** The exit code once the summary is out: 0, the demo's counts were checked above. */
  int verdict(long imagesSent) {
    return 0;
  }

  /** Cancels the job, wherever it runs. */
  private interface Cancel {
    void run() throws Exception;
  }

  /** Trains on the tagged stream while it is being produced, for --total-steps (see DemoPlan). */
  private CompletableFuture<TrainingSession.Summary> startTrainer(
      KafkaConnection connection, Path dataDir, TrainerWatch watch) throws java.io.IOException {
    TrainingSession session = trainingSession(connection, dataDir, 0);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return session.run(train.threads, this::trainerShouldStop, watch);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  /** What the feed sends: --images per epoch, every epoch. */
  IngestOptions ingestOptions(DemoPlan plan) {
    // Every epoch goes over the first --images images, in its own order; with --loop, --images
    // counts the whole stream instead.
    return new IngestOptions(
        job.inputTopic,
        rate,
        plan.imagesSent(),
        loop() || epochs() > 1,
        plan.passOrder(),
        loop() ? 0 : (int) Math.min(Integer.MAX_VALUE, plan.images()));
  }

  /**
   * The trainer of this run, in {@code <work-dir>/train}, for the --total-steps its plan settled.
   *
   * @param logEvery steps between progress lines; 0 = none
   */
  TrainingSession trainingSession(KafkaConnection connection, Path dataDir, long logEvery)
      throws java.io.IOException {
    return new TrainingSession(
        train.toConfig(connection, snapshots.name, workDir.resolve("train")),
        HeldOutSlices.load(dataDir, "test", train.evalImages),
        train.evalEvery,
        logEvery,
        System.out);
  }

  /**
   * How many images the feed may have sent: the clean samples trained plus --feed-ahead, and no
   * limit once the trainer has stopped (it has taken all it will) or when the feed is not paced.
   */
  private static LongSupplier allowance(
      DemoPlan plan, TrainerWatch watch, CompletableFuture<?> training) {
    long feedAhead = plan.feedAhead();
    if (feedAhead <= 0) {
      return () -> Long.MAX_VALUE;
    }
    return () -> training.isDone() ? Long.MAX_VALUE : watch.cleanTrained() + feedAhead;
  }

  /** The trainer's part of the live line: step, each BN set's recent loss, staleness. */
  private String trainerPart(TrainerWatch watch) {
    StringBuilder part =
        new StringBuilder(
            train.totalSteps == DemoPlan.UNTIL_STOPPED
                ? "step " + watch.step()
                : String.format("step %d/%d", watch.step(), train.totalSteps));
    watch.recentLoss().forEach((set, loss) -> part.append(String.format(" %s %.2f", set, loss)));
    if (watch.maxStaleness() >= 0) {
      part.append(String.format(" | stale max %d", watch.maxStaleness()));
    }
    return part.toString();
  }

  private void trainerSummary(TrainingSession.Summary trained, TrainerWatch watch) {
    System.out.printf(
        "  trainer        %d steps at %,.0f images/s; held-out accuracy %.4f with the main BN"
            + " (exported: %s)%n",
        trained.steps(), trained.imagesPerSecond(), trained.heldOutAccuracy(), trained.export());
    Map<String, Double> loss = watch.recentLoss();
    watch
        .samplesPerGroup()
        .forEach(
            (set, n) ->
                System.out.printf(
                    "  BN set %-7s %,d samples trained, loss %.3f (mean of the last steps)%n",
                    set, n, loss.getOrDefault(set, Double.NaN)));
    if (watch.maxStaleness() >= 0) {
      System.out.printf(
          "  staleness      adversarial samples %.1f steps behind the trainer on average, %d at"
              + " most (%.1f snapshot intervals of %d steps)%n",
          watch.meanStaleness(),
          watch.maxStaleness(),
          train.snapshotEvery > 0
              ? (double) watch.maxStaleness() / train.snapshotEvery
              : Double.NaN,
          train.snapshotEvery);
    }
  }

  /** Sends the malformed record set built from the dataset's first image. */
  private static int sendMalformed(
      KafkaConnection connection, ImageSource source, AugmentJobConfig config) throws Exception {
    LabelledImage first = source.iterator().next();
    ImageRecord valid = ImageRecords.from(first, 0, Instant.now());
    MalformedRecords bad = new MalformedRecords(valid, config.limits());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            connection.idempotentProducer(),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (byte[] value : bad.values()) {
        producer.send(new ProducerRecord<>(config.inputTopic(), null, value));
      }
      producer.flush();
    }
    return bad.values().size();
  }

  /** Waits until read_committed consumers see every tagged sample (after a checkpoint). */
  private long awaitCommitted(KafkaConnection connection, long expected)
      throws InterruptedException {
    long deadline =
        System.nanoTime() + Duration.ofSeconds(60).toNanos() + job.checkpointInterval.toNanos();
    long committed = 0;
    while (System.nanoTime() < deadline) {
      committed = TopicReader.countCommitted(connection, job.outputTopic, Duration.ofSeconds(30));
      if (committed >= expected) {
        break;
      }
      Thread.sleep(500);
    }
    return committed;
  }

  private void summary(
      KafkaConnection connection,
      PipelineStatus status,
      long images,
      int bad,
      long committed,
      long start,
      BrokerProcess broker) {
    long dlq = TopicReader.countCommitted(connection, job.dlqTopic, Duration.ofSeconds(30));
    double seconds = (System.nanoTime() - start) / 1e9;
    long rss = ProcessTreeMemory.rssBytes(ProcessHandle.current());
    System.out.println();
    System.out.println("Summary");
    System.out.printf("  sent           %,d images + %d malformed records%n", images, bad);
    System.out.printf(
        "  job read       %,d records (%,d valid, %,d dead-lettered)%n",
        status.recordsIn(), status.valid(), status.deadLetters());
    status
        .samplesPerDomain()
        .forEach(
            (key, n) -> {
              int slash = key.indexOf('/');
              System.out.printf(
                  "  %-14s %,d samples%s%n",
                  slash < 0 ? key : key.substring(0, slash),
                  n,
                  slash < 0 ? "" : " (" + key.substring(slash + 1) + ")");
            });
    System.out.printf(
        "  %-14s %,d committed samples (read_committed)%n", job.outputTopic, committed);
    System.out.printf("  %-14s %,d dead letters%n", job.dlqTopic, dlq);
    System.out.printf("  time           %.1f s in all, start-up and pacing included%n", seconds);
    System.out.printf(
        "  memory         %,d MB RSS for the whole process tree%s%n",
        rss / (1024 * 1024), broker == null ? "" : " (incl. broker)");
  }

  private static void clear(Path dir) throws java.io.IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
  }
}
