package io.advstream.app;

import io.advstream.datasets.Datasets;
import io.advstream.datasets.ImageSource;
import io.advstream.datasets.PixelStatistics;
import io.advstream.model.DomainRouting;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.TrainingMode;
import io.advstream.pipeline.cli.HelpGroup;
import io.advstream.pipeline.kafka.KafkaConnection;
import io.advstream.trainer.AdversarialConfig;
import io.advstream.trainer.TrainerConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** Trainer settings shared by {@code train} and {@code demo}. */
@HelpGroup("Trainer")
final class TrainOptions {
  static final String DEFAULT_GROUP = "advstream-trainer";

  static final String AUTO = "auto";

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** Images of the train split that --input-stats auto reads (all of Fashion-MNIST's). */
  static final long STATS_IMAGES = 60_000;

  @Option(
      names = "--model",
      defaultValue = "resnet8",
      description = "cnn-small, resnet8 or resnet20 (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--mode",
      defaultValue = "advprop",
      description =
          "vanilla (clean only), advtrain (all domains, one BN), advprop (one BN per domain group), finetune (clean, from --init-from) (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(
      names = "--routing",
      defaultValue = "clean=main,adversarial=aux1,autoaugment=aux2",
      description =
          "Domain to BN set, DOMAIN[:VARIANT]=SET; clean must use main (default: ${DEFAULT-VALUE}).")
  String routing;

  @Option(
      names = "--input",
      defaultValue = "1x28x28",
      description = "Image shape CxHxW the model takes (default: ${DEFAULT-VALUE}).")
  String input;

  @Option(
      names = "--input-stats",
      defaultValue = AUTO,
      paramLabel = "MEAN/STD|auto",
      description =
          "Per-channel pixel mean and std in [0,1] the network standardises its input with, e.g."
              + " 0.2860/0.3530 (channels comma-separated); auto = computed from the train split of"
              + " --data. Recorded in the export and in snapshots (default: ${DEFAULT-VALUE}).")
  String inputStats;

  @Option(
      names = "--classes",
      defaultValue = "10",
      description = "Number of classes (default: ${DEFAULT-VALUE}).")
  int classes;

  @Option(
      names = "--batch-size",
      defaultValue = "128",
      description = "Clean samples per step, B (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--aux-ratio",
      defaultValue = "1.0",
      description =
          "Samples of each auxiliary group per step, as a fraction of B (default: ${DEFAULT-VALUE}).")
  double auxRatio;

  @Option(
      names = "--lr",
      defaultValue = "0.1",
      description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(
      names = "--schedule",
      defaultValue = "cosine",
      description = "constant, cosine or onecycle (default: ${DEFAULT-VALUE}).")
  String schedule;

  @Option(
      names = "--warmup-steps",
      defaultValue = "50",
      description = "Linear warm-up of cosine (default: ${DEFAULT-VALUE}).")
  long warmupSteps;

  @Option(
      names = "--total-steps",
      defaultValue = "2000",
      description =
          "Length of the schedule; training stops there unless --max-steps says otherwise (default: ${DEFAULT-VALUE}).")
  long totalSteps;

  @Option(
      names = "--max-steps",
      defaultValue = "0",
      description = "Stop after this step; 0 = at --total-steps (default: ${DEFAULT-VALUE}).")
  long maxSteps;

  @Option(
      names = "--momentum",
      defaultValue = "0.9",
      description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  double momentum;

  @Option(
      names = "--nesterov",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Nesterov momentum (default: ${DEFAULT-VALUE}).")
  boolean nesterov;

  @Option(
      names = "--weight-decay",
      defaultValue = "5e-4",
      description = "L2 on convolution and linear weights (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(
      names = "--label-smoothing",
      defaultValue = "0",
      description = "Label smoothing epsilon (default: ${DEFAULT-VALUE}).")
  double labelSmoothing;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description =
          "Initial weights, and the trainer's random draws: its attacks and the"
              + " --shuffle-buffer (default: ${DEFAULT-VALUE}).")
  long seed;

  int shuffleBuffer;

  @Option(
      names = "--shuffle-buffer",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Shuffle buffer per BN set, for streams whose order is correlated (e.g. a replay in"
              + " dataset order): a group's first N samples fill its buffer, then each new sample"
              + " takes the place of one of the N chosen uniformly at random, seeded by --seed,"
              + " which goes on to the batch. Checkpoints keep the buffers and their draws, so a"
              + " resumed run trains the same samples in the same order. Costs N samples of"
              + " memory per group, and the first step waits for N + batch samples of each. 0 ="
              + " off: samples train in arrival order (default: ${DEFAULT-VALUE}).")
  void shuffleBuffer(int n) {
    if (n < 0) {
      throw new ParameterException(
          command.commandLine(), "--shuffle-buffer must be >= 0 samples per BN set, got " + n);
    }
    shuffleBuffer = n;
  }

  @Option(
      names = "--checkpoint-every",
      defaultValue = "100",
      description =
          "Steps between checkpoints; one is also written on exit (default: ${DEFAULT-VALUE}).")
  long checkpointEvery;

  @Option(
      names = "--snapshot-every",
      defaultValue = "50",
      description =
          "Steps between model snapshots on --snapshots-topic; 0 = none (default: ${DEFAULT-VALUE}).")
  long snapshotEvery;

  @Option(
      names = "--max-buffered",
      defaultValue = "100000",
      description =
          "Samples that may wait for a starving group before the run stops with an error (default: ${DEFAULT-VALUE}).")
  int maxBuffered;

  @Option(
      names = "--init-from",
      paramLabel = "PATH",
      description = "Start from an exported model directory or a checkpoint (finetune).")
  Path initFrom;

  @Option(
      names = "--samples-topic",
      defaultValue = "samples.tagged",
      description = "Tagged samples to train on (default: ${DEFAULT-VALUE}).")
  String samplesTopic;

  @Option(
      names = "--trainer-dlq-topic",
      defaultValue = "images.dlq",
      description = "Where unusable samples go (default: ${DEFAULT-VALUE}).")
  String dlqTopic;

  @Option(
      names = "--trainer-group",
      defaultValue = DEFAULT_GROUP,
      description = "Consumer group, for lag monitoring (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "CPU threads of the ND4J backend; 0 = all cores (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--eval-images",
      defaultValue = "2000",
      description =
          "Held-out images (first N of the test split) for clean accuracy (default: ${DEFAULT-VALUE}).")
  int evalImages;

  @Option(
      names = "--eval-every",
      defaultValue = "100",
      description =
          "Steps between held-out evaluations; 0 = only at the end (default: ${DEFAULT-VALUE}).")
  long evalEvery;

  @Option(
      names = "--log-every",
      defaultValue = "10",
      description = "Steps between progress lines (default: ${DEFAULT-VALUE}).")
  long logEvery;

  @HelpGroup("Adversarial")
  @Option(
      names = "--adv-source",
      defaultValue = "pipeline",
      description =
          "Where ADVERSARIAL samples come from: pipeline (the tagged topic) or trainer (made each"
              + " step from the clean batch with the current weights and the adversarial BN set,"
              + " as in the paper) (default: ${DEFAULT-VALUE}).")
  String advSource;

  @HelpGroup("Adversarial")
  @Option(
      names = "--attack",
      defaultValue = "pgd-linf:eps=4/255,step=1/255,iters=5,random-start=1",
      description =
          "Attacker with --adv-source trainer: pgd-linf, ifgsm, fgsm or gd-l2 with options eps,"
              + " step, iters, random-start, target=none|random, bn=train|eval (default:"
              + " ${DEFAULT-VALUE}).")
  String attack;

  @HelpGroup("Adversarial")
  @Option(
      names = "--adv-mode",
      defaultValue = "standard",
      description =
          "standard (attack the whole clean batch), or fast (Fast AdvProp: --adv-fraction of the"
              + " batch, one step reusing the clean pass's input gradient; needs a one-step"
              + " attack such as fgsm:eps=4/255) (default: ${DEFAULT-VALUE}).")
  String advMode;

  @HelpGroup("Adversarial")
  @Option(
      names = "--adv-fraction",
      defaultValue = "0.2",
      description =
          "Fast mode: share of each clean batch made adversarial (default: ${DEFAULT-VALUE}).")
  double advFraction;

  TrainerConfig toConfig(KafkaConnection kafka, String snapshotsTopic, Path runDir) {
    return TrainerConfig.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .kafkaProperties(kafka.clientProperties())
        .kafkaConfigFile(kafka.configFile())
        .samplesTopic(samplesTopic)
        .snapshotTopic(snapshotsTopic)
        .deadLetterTopic(dlqTopic)
        .groupId(group)
        .architecture(model)
        .input(parseInput(input))
        .classes(classes)
        .inputStats(InputStats.parse(inputStats))
        .mode(TrainingMode.parse(mode))
        .routing(DomainRouting.parse(routing))
        .batchSize(batchSize)
        .auxRatio(auxRatio)
        .lr(lr)
        .schedule(schedule)
        .warmupSteps(warmupSteps)
        .totalSteps(totalSteps)
        .momentum(momentum)
        .nesterov(nesterov)
        .weightDecay(weightDecay)
        .labelSmoothing(labelSmoothing)
        .seed(seed)
        .checkpointEvery(checkpointEvery)
        .snapshotEvery(snapshotEvery)
        .maxSteps(maxSteps)
        .maxBuffered(maxBuffered)
        .shuffleBuffer(shuffleBuffer)
        .runDir(runDir)
        .initFrom(initFrom)
        .adversarial(new AdversarialConfig(advSource, attack, advMode, advFraction))
        .build();
  }

  /**
   * Refuses options this run would ignore: attacker settings while the pipeline makes the
   * adversarial samples, and domain settings while only clean samples are trained. Values from a
   * {@code --config} file are not refused, since a resolved configuration lists every option.
   *
   * @throws ParameterException naming the option and what would make it count
   */
  void rejectIgnored(CommandSpec spec) {
    ParseResult given = spec.commandLine().getParseResult();
    boolean attackInTrainer = advSource.strip().equalsIgnoreCase(AdversarialConfig.TRAINER);
    for (String option : List.of("--attack", "--adv-mode", "--adv-fraction")) {
      if (given.hasMatchedOption(option) && !attackInTrainer) {
        throw new ParameterException(
            spec.commandLine(),
            option
                + " sets the attack made in the trainer and needs --adv-source trainer; the job's"
                + " attack is set with 'augment --adversarial ATTACK'.");
      }
    }
    TrainingMode trainingMode = TrainingMode.parse(mode);
    if (trainingMode == TrainingMode.VANILLA || trainingMode == TrainingMode.FINETUNE) {
      for (String option : List.of("--routing", "--aux-ratio", "--adv-source")) {
        if (given.hasMatchedOption(option)) {
          throw new ParameterException(
              spec.commandLine(),
              "--mode "
                  + mode
                  + " trains clean samples only, so "
                  + option
                  + " would be ignored: drop it, or use --mode advprop (or advtrain).");
        }
      }
    }
  }

  /**
   * Replaces {@code --input-stats auto} by the statistics of {@code dataDir}'s train split, so the
   * resolved configuration shows the numbers; given statistics are checked.
   */
  void resolveInputStats(Path dataDir, java.io.PrintStream out) throws java.io.IOException {
    if (!inputStats.strip().equalsIgnoreCase(AUTO)) {
      try {
        inputStats = InputStats.parse(inputStats).toString();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--input-stats: " + e.getMessage(), e);
      }
      return;
    }
    try (ImageSource train = Datasets.open(dataDir, "train")) {
      PixelStatistics stats = PixelStatistics.of(train, STATS_IMAGES);
      inputStats = new InputStats(stats.mean(), stats.std()).toString();
      out.printf(
          "Input statistics %s (mean/std) from %,d images of %s/train%n",
          inputStats, stats.images(), train.name());
    }
  }

  static InputShape parseInput(String text) {
    try {
      return InputShape.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--input: " + e.getMessage(), e);
    }
  }
}
