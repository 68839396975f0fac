package io.advstream.app;

import io.advstream.app.config.ResolvedConfig;
import io.advstream.app.support.ConsoleView;
import io.advstream.app.support.FlinkTarget;
import io.advstream.pipeline.flink.FlinkRestClient;
import io.advstream.pipeline.job.AugmentJob;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import io.advstream.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the AugmentJob locally with the Web UI, or submits it to a cluster. */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    description = {
      "Run the AugmentJob: read ImageRecords, dead-letter bad ones with the reason, tag every valid"
          + " image per domain (CLEAN, AUTOAUGMENT per --policy, ADVERSARIAL with --adversarial)"
          + " and write the samples exactly-once.",
      "Without --flink-address it runs on a local Flink cluster in this process, Web UI on"
          + " http://127.0.0.1:8081. Ctrl-C cancels the job and prints the checkpoint to resume"
          + " from with --from-checkpoint."
    })
final class AugmentCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin KafkaOptions kafka;
  @Mixin JobOptions job;
  @Mixin SnapshotsTopicOption snapshots;
  @Spec CommandSpec spec;

  @Option(
      names = "--flink-address",
      paramLabel = "HOST:PORT",
      description =
          "Submit to this Flink cluster (JobManager REST address) instead of running locally.")
  String flinkAddress;

  @Option(
      names = "--web-ui-port",
      defaultValue = "8081",
      description = "Port of the local Web UI; a free one if busy (default: ${DEFAULT-VALUE}).")
  int webUiPort;

  @Option(
      names = "--from-checkpoint",
      paramLabel = "DIR",
      description = "Resume from a retained checkpoint (chk-N directory) or savepoint.")
  Path fromCheckpoint;

  @Option(
      names = "--bounded",
      description = "Stop after the records present at start instead of running until cancelled.")
  boolean bounded;

  @Option(
      names = "--work-dir",
      defaultValue = ".advstream/flink",
      description = "Local checkpoints and uploads (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions of topics this command creates (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() throws Exception {
    ResolvedConfig.print(spec, System.out);
    KafkaConnection connection = kafka.connectionOrDefault();
    TopicAdmin.ensureTopics(
        connection,
        partitions,
        List.of(
            Topics.IMAGES_RAW.named(job.inputTopic),
            Topics.SAMPLES_TAGGED.named(job.outputTopic),
            Topics.IMAGES_DLQ.named(job.dlqTopic),
            Topics.MODEL_SNAPSHOTS.named(snapshots.name)));
    FlinkTarget target =
        flinkAddress == null
            ? FlinkTarget.local(webUiPort, workDir)
            : FlinkTarget.remote(flinkAddress, workDir);
    AugmentJob augment =
        new AugmentJob(
            job.toConfig(connection, bounded), job.branches(connection, snapshots.name, bounded));
    JobClient client = target.submit(augment, "advstream-augment", fromCheckpoint);
    String jobId = client.getJobID().toString();
    System.out.printf("Job %s submitted; Flink Web UI: %s%n", jobId, target.webUiUrl());
    AtomicBoolean finished = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (finished.get()) {
                    return;
                  }
                  client.cancel();
                  if (target.isLocal()) {
                    System.out.printf(
                        "Cancelled. Resume with --from-checkpoint <latest chk-N> under %s%n",
                        workDir.resolve("checkpoints").resolve(jobId).toAbsolutePath());
                  }
                }));
    try (ConsoleView view =
        new ConsoleView(
                new FlinkRestClient(target.restHost(), target.port()), jobId, System.out, null)
            .start()) {
      client.getJobExecutionResult().get();
      finished.set(true);
    }
    System.out.println("Job finished.");
    return 0;
  }
}
