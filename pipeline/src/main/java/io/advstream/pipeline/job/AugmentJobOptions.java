package io.advstream.pipeline.job;

import io.advstream.pipeline.adversarial.AdversarialBranch;
import io.advstream.pipeline.adversarial.AttackSettings;
import io.advstream.pipeline.adversarial.KafkaSnapshotFeed;
import io.advstream.pipeline.cli.HelpGroup;
import io.advstream.pipeline.kafka.KafkaConnection;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The AugmentJob's settings as command-line options: the one definition that the {@code augment}
 * and {@code demo} commands mix in and that {@link AugmentJobMain}, the job jar's entry point,
 * parses on the cluster. {@link #toArgs()} writes them back as arguments, so a command can hand
 * what its user typed to the job jar.
 *
 * <p>Fields are public for the commands that read them; picocli fills them.
 */
@HelpGroup("Job")
public class AugmentJobOptions {
  public static final String DEFAULT_GROUP = "advstream-augment";
  public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "advstream-augment";

  @Option(
      names = "--input-topic",
      defaultValue = "images.raw",
      description = "ImageRecords to tag (default: ${DEFAULT-VALUE}).")
  public String inputTopic;

  @Option(
      names = "--output-topic",
      defaultValue = "samples.tagged",
      description = "Tagged samples, written exactly-once (default: ${DEFAULT-VALUE}).")
  public String outputTopic;

  @Option(
      names = "--dlq-topic",
      defaultValue = "images.dlq",
      description = "Dead letters: rejected records with the reason (default: ${DEFAULT-VALUE}).")
  public String dlqTopic;

  @Option(
      names = "--group",
      defaultValue = DEFAULT_GROUP,
      description = "Kafka consumer group of the job (default: ${DEFAULT-VALUE}).")
  public String group;

  @Option(
      names = "--transactional-id-prefix",
      defaultValue = DEFAULT_TRANSACTIONAL_ID_PREFIX,
      description =
          "Prefix of the sink's Kafka transactional ids; unique per job on a cluster, unchanged across restarts (default: ${DEFAULT-VALUE}).")
  public String transactionalIdPrefix;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Parallelism of every operator (default: ${DEFAULT-VALUE}).")
  public int parallelism;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description =
          "Checkpoint interval; output becomes visible to read_committed consumers at each checkpoint (default: ${DEFAULT-VALUE}).")
  public Duration checkpointInterval;

  @Option(
      names = "--at-least-once",
      description =
          "Write without Kafka transactions (faster, duplicates possible after a failure).")
  public boolean atLeastOnce;

  @Option(
      names = "--max-pixel-bytes",
      defaultValue = "8388608",
      description = "Larger images are dead-lettered as OVERSIZED (default: ${DEFAULT-VALUE}).")
  public int maxPixelBytes;

  @Option(
      names = "--max-side",
      defaultValue = "4096",
      description =
          "Images taller or wider are dead-lettered as BAD_DIMENSIONS (default: ${DEFAULT-VALUE}).")
  public int maxSide;

  @HelpGroup("Augmentation")
  @Option(
      names = "--policy",
      paramLabel = "POLICY",
      split = ",",
      description =
          "Add an AUTOAUGMENT domain augmented by this policy, e.g. rand-m9-n2-mstd0.5,"
              + " autoaugment:imagenet, trivialwide (repeatable or comma-separated; see 'advstream policies').")
  public List<String> policies = new ArrayList<>();

  @HelpGroup("Augmentation")
  @Option(
      names = "--augment-seed",
      defaultValue = "0",
      description =
          "Epoch seed of the augmentations: with the record id and policy it fixes each sample (default: ${DEFAULT-VALUE}).")
  public long augmentSeed;

  @HelpGroup("Augmentation")
  @Option(
      names = "--augment-parallelism",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Run each --policy branch as its own Flink task with N subtasks, scaled apart from the"
              + " rest and shown as its own vertex (busy, backpressure) in the Web UI; 0 chains it"
              + " into the decoding task (default: ${DEFAULT-VALUE}).")
  public int augmentParallelism;

  @HelpGroup("Adversarial")
  @Option(
      names = "--adversarial",
      paramLabel = "ATTACK",
      description =
          "Add an ADVERSARIAL domain: every image attacked against the trainer's newest model"
              + " snapshot (from --snapshots-topic), e.g. pgd-linf:eps=4/255,step=1/255,iters=5,"
              + "random-start=1 or fgsm:eps=4/255. Attacks use the BN set the trainer routes"
              + " adversarial samples to, with its running statistics (bn=eval). Images wait for"
              + " the first snapshot.")
  public String adversarial;

  @HelpGroup("Adversarial")
  @Option(
      names = "--adversarial-model",
      defaultValue = "resnet8",
      paramLabel = "NAME",
      description =
          "Architecture the snapshots must have; others are rejected (default: ${DEFAULT-VALUE}).")
  public String adversarialModel;

  @HelpGroup("Adversarial")
  @Option(
      names = "--adversarial-parallelism",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Subtasks of the attack task, scaled apart from the rest of the job; 0 = --parallelism"
              + " (default: ${DEFAULT-VALUE}).")
  public int adversarialParallelism;

  @HelpGroup("Adversarial")
  @Option(
      names = "--adversarial-wait",
      defaultValue = "10000",
      paramLabel = "IMAGES",
      description =
          "Images kept (in checkpointed state) while no snapshot has arrived; beyond that they get"
              + " no adversarial sample, counted in the imagesNotAttacked metric (default:"
              + " ${DEFAULT-VALUE}).")
  public int adversarialWait;

  @HelpGroup("Adversarial")
  @Option(
      names = "--adversarial-batch",
      defaultValue = "32",
      paramLabel = "IMAGES",
      description =
          "Images attacked together, one forward/backward per batch (default: ${DEFAULT-VALUE}).")
  public int adversarialBatch;

  @HelpGroup("Adversarial")
  @Option(
      names = "--adversarial-delay",
      defaultValue = "50ms",
      converter = DurationConverter.class,
      description =
          "Longest an image waits for its attack batch to fill (default: ${DEFAULT-VALUE}).")
  public Duration adversarialDelay;

  @HelpGroup("Adversarial")
  @Option(
      names = "--max-snapshot-bytes",
      defaultValue = "33554432",
      description = "Larger snapshots are rejected (default: ${DEFAULT-VALUE}).")
  public long maxSnapshotBytes;

  /** CLEAN, one AUTOAUGMENT branch per --policy, and ADVERSARIAL with --adversarial. */
  public List<DomainBranch> branches(
      KafkaConnection kafka, String snapshotsTopic, boolean bounded) {
    List<DomainBranch> branches = new ArrayList<>(List.of(new CleanBranch()));
    policies.forEach(p -> branches.add(new PolicyBranch(p, augmentSeed, augmentParallelism)));
    if (adversarial != null) {
      AttackSettings settings =
          AttackSettings.of(adversarial, adversarialModel)
              .withWaitBound(adversarialWait)
              .withMaxSnapshotBytes(maxSnapshotBytes)
              .withBatch(adversarialBatch, adversarialDelay.toMillis())
              .withEpochSeed(augmentSeed);
      branches.add(
          new AdversarialBranch(
              settings,
              new KafkaSnapshotFeed(kafka, snapshotsTopic, group + "-snapshots", bounded),
              adversarialParallelism));
    }
    return branches;
  }

  public AugmentJobConfig toConfig(KafkaConnection kafka, boolean bounded) {
    return AugmentJobConfig.defaults(kafka).toBuilder()
        .topics(inputTopic, outputTopic, dlqTopic)
        .groupId(group)
        .transactionalIdPrefix(transactionalIdPrefix)
        .bounded(bounded)
        .exactlyOnce(!atLeastOnce)
        .checkpointInterval(checkpointInterval)
        .limits(new ValidationLimits(maxSide, maxPixelBytes))
        .parallelism(parallelism)
        .build();
  }

  /**
   * The options whose values differ from their defaults, as arguments that give an equal instance
   * when parsed again. Options a subclass adds are left out: the job does not know them.
   */
  public List<String> toArgs() {
    AugmentJobOptions defaults = new AugmentJobOptions();
    new CommandLine(defaults).parseArgs();
    CommandSpec defaultSpec = CommandSpec.forAnnotatedObject(defaults);
    List<String> args = new ArrayList<>();
    for (OptionSpec option : CommandSpec.forAnnotatedObject(this).options()) {
      if (!(option.userObject() instanceof Field field)
          || field.getDeclaringClass() != AugmentJobOptions.class) {
        continue;
      }
      String name = option.longestName();
      Object value = option.getValue();
      if (Objects.equals(value, defaultSpec.findOption(name).getValue())) {
        continue;
      }
      if (option.arity().max() == 0) {
        if (!Boolean.TRUE.equals(value)) {
          throw new IllegalStateException(
              name + ": only flags that are off by default are written");
        }
        args.add(name);
      } else if (value instanceof Collection<?> values) {
        for (Object element : values) {
          args.add(name);
          args.add(text(element));
        }
      } else if (value != null) {
        args.add(name);
        args.add(text(value));
      }
    }
    return args;
  }

  private static String text(Object value) {
    return value instanceof Duration duration
        ? DurationConverter.format(duration)
        : value.toString();
  }

  /** The job's four topics under the names these options give them, for creating them. */
  public List<io.advstream.schemas.Topic<?>> topics(String snapshotsTopic) {
    return List.of(
        io.advstream.schemas.Topics.IMAGES_RAW.named(inputTopic),
        io.advstream.schemas.Topics.SAMPLES_TAGGED.named(outputTopic),
        io.advstream.schemas.Topics.IMAGES_DLQ.named(dlqTopic),
        io.advstream.schemas.Topics.MODEL_SNAPSHOTS.named(snapshotsTopic));
  }
}
