package io.advstream.app;

import io.advstream.app.config.ResolvedConfig;
import io.advstream.app.support.ConsoleView;
import io.advstream.app.support.FlinkRestClient;
import io.advstream.app.support.FlinkTarget;
import io.advstream.app.support.JobJar;
import io.advstream.pipeline.job.AugmentJob;
import io.advstream.pipeline.job.AugmentJobMain;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.pipeline.kafka.TopicAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the AugmentJob locally with the Web UI, or submits the job jar to a cluster. */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    description = {
      "Run the AugmentJob: read ImageRecords, dead-letter bad ones with the reason, tag every valid"
          + " image per domain (CLEAN, AUTOAUGMENT per --policy, ADVERSARIAL with --adversarial)"
          + " and write the samples exactly-once.",
      "Without --flink-address it runs on a local Flink cluster in this process, Web UI on"
          + " http://127.0.0.1:8081. Ctrl-C cancels the job and prints the checkpoint to resume"
          + " from with --from-checkpoint.",
      "With --flink-address it uploads the job jar to that cluster's REST API and runs it there"
          + " with these options; it follows the job until it ends, and Ctrl-C cancels it."
    })
final class AugmentCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin KafkaOptions kafka;
  @Mixin JobOptions job;
  @Mixin SnapshotsTopicOption snapshots;
  @Mixin FlinkClusterOptions cluster;
  @Spec CommandSpec spec;

  @Option(
      names = "--web-ui-port",
      defaultValue = "8081",
      description = "Port of the local Web UI; a free one if busy (default: ${DEFAULT-VALUE}).")
  int webUiPort;

  @Option(
      names = "--from-checkpoint",
      paramLabel = "DIR",
      description =
          "Resume from a retained checkpoint (chk-N directory) or savepoint; with --flink-address"
              + " a path or URI the cluster can read.")
  String fromCheckpoint;

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
    // Built here in both cases: bad options fail before any topic, upload or job exists.
    AugmentJob augment =
        new AugmentJob(
            job.toConfig(connection, bounded), job.branches(connection, snapshots.name, bounded));
    Path jar = cluster.remote() ? JobJar.locate(cluster.jobJar) : null;
    TopicAdmin.ensureTopics(connection, partitions, job.topics(snapshots.name));
    return cluster.remote()
        ? runOnCluster(cluster.target(webUiPort, workDir), jar, connection)
        : runLocally(augment);
  }

  private int runLocally(AugmentJob augment) throws Exception {
    FlinkTarget target = FlinkTarget.local(webUiPort, workDir);
    JobClient client =
        target.submit(
            augment, "advstream-augment", fromCheckpoint == null ? null : Path.of(fromCheckpoint));
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
                  System.out.printf(
                      "Cancelled. Resume with --from-checkpoint <latest chk-N> under %s%n",
                      workDir.resolve("checkpoints").resolve(jobId).toAbsolutePath());
                }));
    try (ConsoleView view = new ConsoleView(target.rest(), jobId, System.out, null).start()) {
      client.getJobExecutionResult().get();
      finished.set(true);
    }
    System.out.println("Job finished.");
    return 0;
  }

  private int runOnCluster(FlinkTarget target, Path jar, KafkaConnection connection)
      throws Exception {
    List<String> args = AugmentJobMain.arguments(connection, job, snapshots.name, bounded);
    System.out.printf("Submitting %s to %s%n", jar, target.webUiUrl());
    String jobId = target.submitJobJar(jar, args, fromCheckpoint);
    System.out.printf("Job %s submitted; Flink Web UI: %s%n", jobId, target.webUiUrl());
    FlinkRestClient rest = target.rest();
    AtomicBoolean ended = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (ended.get()) {
                    return;
                  }
                  try {
                    String checkpoint = rest.latestCheckpoint(jobId).orElse(null);
                    rest.cancel(jobId);
                    System.out.println(
                        checkpoint == null
                            ? "Cancelled."
                            : "Cancelled. Its last checkpoint: "
                                + checkpoint
                                + " (kept if the cluster retains checkpoints on cancellation)");
                  } catch (Exception e) {
                    System.err.printf("could not cancel job %s: %s%n", jobId, e.getMessage());
                  }
                }));
    String state;
    try (ConsoleView view = new ConsoleView(rest, jobId, System.out, null).start()) {
      state = rest.awaitTermination(jobId, Duration.ofSeconds(1));
      ended.set(true);
    }
    if (state.equals("FINISHED")) {
      System.out.println("Job finished.");
      return 0;
    }
    String cause = rest.rootException(jobId).map(AugmentCommand::summary).orElse("no exception");
    throw new IllegalStateException(
        "job " + jobId + " ended " + state + " on the cluster: " + cause);
  }

  /** The first line of a stack trace and the innermost cause. */
  private static String summary(String stackTrace) {
    List<String> lines = stackTrace.lines().toList();
    String innermost =
        lines.stream().filter(l -> l.startsWith("Caused by: ")).reduce((a, b) -> b).orElse("");
    return innermost.isEmpty() ? lines.get(0) : lines.get(0) + " ... " + innermost;
  }
}
