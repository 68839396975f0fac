package io.advstream.app;

import io.advstream.app.config.ResolvedConfig;
import io.advstream.app.support.HeldOutSlices;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.schemas.Topics;
import io.advstream.trainer.HeldOut;
import io.advstream.trainer.RoutingCoverage;
import io.advstream.trainer.StreamProbe;
import io.advstream.trainer.TrainerConfig;
import io.advstream.trainer.TrainingSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Continuous training from the tagged stream. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train on the tagged-sample stream: shared convolutions, one batch norm per domain group"
          + " (AdvProp), SGD with a schedule. Checkpoints (model, optimizer, read positions, waiting"
          + " samples) go to --run-dir; starting again with the same --run-dir resumes exactly.",
      "Ctrl-C stops after the current step and writes a checkpoint. At the end the model is"
          + " exported with the main BN only and evaluated on held-out images."
    })
final class TrainCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin KafkaOptions kafka;
  @Mixin DataOptions dataset;
  @Mixin TrainOptions train;
  @Mixin SnapshotsTopicOption snapshots;
  @Spec CommandSpec spec;

  /** Records per partition looked at to see which domains the stream carries now. */
  private static final int NEWEST = 500;

  @Option(
      names = "--run-dir",
      defaultValue = "runs/train",
      description =
          "Checkpoints, metrics.csv, config.json and the export (default: ${DEFAULT-VALUE}).")
  Path runDir;

  @Option(
      names = "--metrics-port",
      defaultValue = "0",
      description =
          "Port of the Prometheus metrics (/metrics) and health (/-/healthy) endpoint; 0 = a free"
              + " port, -1 = off (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--metrics-host",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description =
          "Address the metrics endpoint listens on, e.g. 0.0.0.0 in a container for the scraper"
              + " (default: ${DEFAULT-VALUE}).")
  String metricsHost;

  @Override
  public Integer call() throws Exception {
    KafkaConnection connection = kafka.connectionOrDefault();
    TopicAdmin.ensureTopics(
        connection,
        1,
        List.of(
            Topics.SAMPLES_TAGGED.named(train.samplesTopic),
            Topics.MODEL_SNAPSHOTS.named(snapshots.name),
            Topics.IMAGES_DLQ.named(train.dlqTopic)));
    train.rejectIgnored(spec);
    Path dataDir = dataset.resolveDirectory();
    train.resolveInputStats(dataDir, System.out);
    TrainerConfig config = train.toConfig(connection, snapshots.name, runDir);
    ResolvedConfig.print(spec, System.out);
    rejectUnproducedDomains(config);
    HeldOut heldOut = HeldOutSlices.load(dataDir, "test", train.evalImages);
    TrainingSession session =
        new TrainingSession(config, heldOut, train.evalEvery, train.logEvery, System.out);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.set(true);
                  try {
                    done.await(TrainingSession.CHECKPOINT_ON_STOP_SECONDS, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    try {
      session.run(train.threads, metricsHost, metricsPort, stop::get);
    } finally {
      done.countDown();
    }
    return 0;
  }

  /**
   * Refuses to start when the newest committed samples lack a domain the run trains: every step
   * would wait for it. An empty topic proves nothing yet, and neither do missing ADVERSARIAL
   * samples while no model snapshot exists: the job's attack waits for this trainer's first one.
   */
  private void rejectUnproducedDomains(TrainerConfig config) {
    SortedSet<String> produced =
        StreamProbe.newestDomains(
            config.bootstrapServers(), config.clientProperties(), config.samplesTopic(), NEWEST);
    if (produced.isEmpty()) {
      System.out.println(
          "note: "
              + config.samplesTopic()
              + " holds no committed samples yet; steps start when every routed domain has some.");
      return;
    }
    List<String> missing =
        new ArrayList<>(
            RoutingCoverage.missing(
                config.mode(), config.routing(), config.adversarial(), produced));
    boolean adversarialMissing = missing.stream().anyMatch(key -> key.startsWith("adversarial"));
    if (adversarialMissing
        && StreamProbe.isEmpty(
            config.bootstrapServers(), config.clientProperties(), config.snapshotTopic())) {
      missing.removeIf(key -> key.startsWith("adversarial"));
      System.out.println(
          "note: no ADVERSARIAL samples yet; a job with --adversarial makes them once this"
              + " trainer has published its first snapshot on "
              + config.snapshotTopic());
    }
    if (!missing.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "--mode "
              + train.mode
              + " --routing "
              + config.routing()
              + ": "
              + RoutingCoverage.describe(
                  missing,
                  produced,
                  "among the newest "
                      + NEWEST
                      + " committed records per partition of "
                      + config.samplesTopic()));
    }
  }
}
