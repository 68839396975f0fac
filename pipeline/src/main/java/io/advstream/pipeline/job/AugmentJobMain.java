package io.advstream.pipeline.job;

import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.schemas.KafkaConfigFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The job jar's entry point: builds the AugmentJob from its arguments and runs it on the Flink
 * cluster that calls it, whether through REST ({@code /jars/:id/run}, as {@code advstream augment
 * --flink-address} does) or as the application of a deployment that has the jar in {@code
 * /opt/flink/usrlib}.
 *
 * <p>It never calls {@code System.exit}: on a session cluster it runs inside the JobManager. A bad
 * argument is an exception whose message the REST answer carries back.
 */
@Command(
    name = "augment-job",
    mixinStandardHelpOptions = true,
    description = {
      "The AugmentJob on a Flink cluster: read ImageRecords from Kafka, dead-letter bad ones, tag"
          + " every valid image per domain and write the samples exactly-once."
    })
public final class AugmentJobMain {
  /** Name of the job when {@code --job-name} is not given. */
  public static final String DEFAULT_JOB_NAME = "advstream-augment";

  private static final String DEFAULT_SNAPSHOTS_TOPIC = "model.snapshots";

  @Mixin AugmentJobOptions job;

  @Option(
      names = "--bootstrap-servers",
      required = true,
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka cluster the job reads from and writes to.")
  String bootstrapServers;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description =
          "Extra Kafka client property, e.g. compression.type=zstd (repeatable); never a secret.")
  Map<String, String> clientProperties = new TreeMap<>();

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Kafka client settings file (properties), e.g. SASL credentials; read where the job is"
              + " built, so the file must be there (a mounted secret on Kubernetes).")
  String kafkaConfig;

  @Option(
      names = "--snapshots-topic",
      defaultValue = DEFAULT_SNAPSHOTS_TOPIC,
      description =
          "Model snapshots the --adversarial branch attacks against (default: ${DEFAULT-VALUE}).")
  String snapshotsTopic;

  @Option(
      names = "--bounded",
      description = "Stop after the records present at start instead of running until cancelled.")
  boolean bounded;

  @Option(
      names = "--job-name",
      defaultValue = DEFAULT_JOB_NAME,
      description = "Name of the job in Flink (default: ${DEFAULT-VALUE}).")
  String jobName;

  public static void main(String[] args) throws Exception {
    CommandLine command = new CommandLine(new AugmentJobMain());
    command.parseArgs(args); // a bad argument throws, with picocli's message
    if (command.isUsageHelpRequested() || command.isVersionHelpRequested()) {
      command.usage(System.out);
      return;
    }
    AugmentJobMain main = command.getCommand();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    main.job().addTo(env);
    env.execute(main.jobName);
  }

  /** Parses arguments as {@link #main} does, for callers that check them before submitting. */
  public static AugmentJobMain parse(List<String> args) {
    CommandLine command = new CommandLine(new AugmentJobMain());
    command.parseArgs(args.toArray(String[]::new));
    return command.getCommand();
  }

  /**
   * The arguments for {@link #main} that describe a job: the Kafka cluster, the job's options (only
   * those that differ from their defaults), the snapshot topic and whether the job is bounded.
   */
  public static List<String> arguments(
      KafkaConnection kafka, AugmentJobOptions job, String snapshotsTopic, boolean bounded) {
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers()));
    new TreeMap<>(kafka.clientProperties())
        .forEach((key, value) -> args.addAll(List.of("--kafka-property", key + "=" + value)));
    if (!kafka.configFile().isEmpty()) {
      args.addAll(List.of("--kafka-config", kafka.configFile()));
    }
    if (!snapshotsTopic.equals(DEFAULT_SNAPSHOTS_TOPIC)) {
      args.addAll(List.of("--snapshots-topic", snapshotsTopic));
    }
    if (bounded) {
      args.add("--bounded");
    }
    args.addAll(job.toArgs());
    return args;
  }

  /**
   * The Kafka cluster and client settings given.
   *
   * @throws IllegalArgumentException for a secret given with --kafka-property
   */
  public KafkaConnection kafka() {
    KafkaConfigFile.refuseSecrets(clientProperties, "--kafka-property");
    return new KafkaConnection(bootstrapServers, clientProperties, kafkaConfig);
  }

  /** The job these arguments describe. */
  public AugmentJob job() {
    KafkaConnection kafka = kafka();
    return new AugmentJob(
        job.toConfig(kafka, bounded), job.branches(kafka, snapshotsTopic, bounded));
  }

  public AugmentJobOptions options() {
    return job;
  }

  public String snapshotsTopic() {
    return snapshotsTopic;
  }

  public boolean bounded() {
    return bounded;
  }

  public String jobName() {
    return jobName;
  }
}
