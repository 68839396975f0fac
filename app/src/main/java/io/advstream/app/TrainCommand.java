package io.advstream.app;

import io.advstream.app.support.HeldOut;
import io.advstream.app.support.TrainingSession;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
  @Mixin KafkaOptions kafka;
  @Mixin DataOptions dataset;
  @Mixin TrainOptions train;

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
          "Prometheus metrics on 127.0.0.1; 0 = a free port, -1 = off (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Override
  public Integer call() throws Exception {
    KafkaConnection connection = kafka.connectionOrDefault();
    TopicAdmin.ensureTopics(
        connection,
        1,
        List.of(
            Topics.SAMPLES_TAGGED.named(train.samplesTopic),
            Topics.MODEL_SNAPSHOTS.named(train.snapshotTopic),
            Topics.IMAGES_DLQ.named(train.dlqTopic)));
    HeldOut heldOut = HeldOut.load(dataset.resolveDirectory(), "test", train.evalImages);
    TrainingSession session =
        new TrainingSession(
            train.toConfig(connection, runDir),
            heldOut,
            train.evalEvery,
            train.logEvery,
            System.out);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.set(true);
                  try {
                    done.await(60, TimeUnit.SECONDS); // let the run write its checkpoint
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    try {
      session.run(train.threads, metricsPort, stop::get);
    } finally {
      done.countDown();
    }
    return 0;
  }
}
