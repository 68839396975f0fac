package io.advstream.trainer;

import io.advstream.model.DomainRouting;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.TrainingMode;
import io.advstream.schemas.KafkaConfigFile;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a training run is: data, model, optimisation and bookkeeping. Written as {@code
 * config.json} next to the run's results.
 *
 * @param bootstrapServers Kafka to read samples from and write snapshots and dead letters to
 * @param kafkaProperties extra client properties
 * @param kafkaConfigFile a client settings file (credentials) read when clients are made; empty for
 *     none. Only its name is in {@code config.json}.
 * @param samplesTopic tagged samples (read_committed)
 * @param snapshotTopic where model snapshots go
 * @param deadLetterTopic where unusable samples go, with the reason
 * @param groupId consumer group, for lag monitoring (positions come from checkpoints)
 * @param architecture model registry name
 * @param input image shape the model takes
 * @param classes number of classes
 * @param inputStats the data's per-channel pixel statistics the network standardises its input with
 * @param mode how domains share batch norm
 * @param routing domain to BN set, used by advprop and advtrain
 * @param batchSize clean samples per step (B)
 * @param auxRatio samples of each auxiliary group per step, as a fraction of B
 * @param lr peak learning rate
 * @param schedule constant, cosine or onecycle
 * @param warmupSteps linear warm-up of cosine
 * @param totalSteps where the schedule ends (and the run, if maxSteps is 0)
 * @param momentum SGD momentum
 * @param nesterov Nesterov momentum
 * @param weightDecay L2 on convolution and linear weights
 * @param labelSmoothing ε of label smoothing
 * @param seed initial weights, and the trainer's random draws (attacks, shuffle buffer)
 * @param checkpointEvery steps between checkpoints (also on shutdown)
 * @param snapshotEvery steps between published model snapshots; 0 = never
 * @param maxSteps stop after this step; 0 = at totalSteps
 * @param maxBuffered samples that may wait for a starving group before the run fails
 * @param shuffleBuffer samples each BN set holds in a seeded shuffle buffer (see {@link
 *     ShuffleBuffer}); 0 = off, samples train in arrival order
 * @param runDir checkpoints, metrics and the exported model
 * @param initFrom a checkpoint or exported model to start from (finetune), or null
 * @param adversarial where ADVERSARIAL samples come from: the pipeline or this trainer
 */
public record TrainerConfig(
    String bootstrapServers,
    Map<String, String> kafkaProperties,
    String kafkaConfigFile,
    String samplesTopic,
    String snapshotTopic,
    String deadLetterTopic,
    String groupId,
    String architecture,
    InputShape input,
    int classes,
    InputStats inputStats,
    TrainingMode mode,
    DomainRouting routing,
    int batchSize,
    double auxRatio,
    double lr,
    String schedule,
    long warmupSteps,
    long totalSteps,
    double momentum,
    boolean nesterov,
    double weightDecay,
    double labelSmoothing,
    long seed,
    long checkpointEvery,
    long snapshotEvery,
    long maxSteps,
    int maxBuffered,
    int shuffleBuffer,
    Path runDir,
    Path initFrom,
    AdversarialConfig adversarial) {

  public TrainerConfig {
    kafkaProperties = Map.copyOf(kafkaProperties);
    kafkaConfigFile = kafkaConfigFile == null ? "" : kafkaConfigFile;
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (!(auxRatio > 0)) {
      throw new IllegalArgumentException("aux ratio must be positive, got " + auxRatio);
    }
    if (shuffleBuffer < 0) {
      throw new IllegalArgumentException(
          "--shuffle-buffer must be >= 0 samples per BN set, got " + shuffleBuffer);
    }
    if (checkpointEvery <= 0) {
      throw new IllegalArgumentException(
          "checkpoint interval must be positive, got " + checkpointEvery);
    }
    if (mode == TrainingMode.FINETUNE && initFrom == null) {
      throw new IllegalArgumentException(
          "finetune needs a pretrained model to start from (--init-from)");
    }
  }

  /** A builder with the command line's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration, to change some fields of it. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.bootstrapServers = bootstrapServers;
    b.kafkaProperties = kafkaProperties;
    b.kafkaConfigFile = kafkaConfigFile;
    b.samplesTopic = samplesTopic;
    b.snapshotTopic = snapshotTopic;
    b.deadLetterTopic = deadLetterTopic;
    b.groupId = groupId;
    b.architecture = architecture;
    b.input = input;
    b.classes = classes;
    b.inputStats = inputStats;
    b.mode = mode;
    b.routing = routing;
    b.batchSize = batchSize;
    b.auxRatio = auxRatio;
    b.lr = lr;
    b.schedule = schedule;
    b.warmupSteps = warmupSteps;
    b.totalSteps = totalSteps;
    b.momentum = momentum;
    b.nesterov = nesterov;
    b.weightDecay = weightDecay;
    b.labelSmoothing = labelSmoothing;
    b.seed = seed;
    b.checkpointEvery = checkpointEvery;
    b.snapshotEvery = snapshotEvery;
    b.maxSteps = maxSteps;
    b.maxBuffered = maxBuffered;
    b.shuffleBuffer = shuffleBuffer;
    b.runDir = runDir;
    b.initFrom = initFrom;
    b.adversarial = adversarial;
    return b;
  }

  /** Builds a {@link TrainerConfig} field by field; unset fields keep the defaults. */
  public static final class Builder {
    private String bootstrapServers = "127.0.0.1:9092";
    private Map<String, String> kafkaProperties = Map.of();
    private String kafkaConfigFile = "";
    private String samplesTopic = "samples.tagged";
    private String snapshotTopic = "model.snapshots";
    private String deadLetterTopic = "images.dlq";
    private String groupId = "advstream-trainer";
    private String architecture = "resnet8";
    private InputShape input = InputShape.FASHION_MNIST;
    private int classes = 10;
    private InputStats inputStats = InputStats.FASHION_MNIST;
    private TrainingMode mode = TrainingMode.ADVPROP;
    private DomainRouting routing =
        DomainRouting.parse("clean=main,adversarial=aux1,autoaugment=aux2");
    private int batchSize = 128;
    private double auxRatio = 1.0;
    private double lr = 0.1;
    private String schedule = "cosine";
    private long warmupSteps = 50;
    private long totalSteps = 2000;
    private double momentum = 0.9;
    private boolean nesterov = true;
    private double weightDecay = 5e-4;
    private double labelSmoothing = 0;
    private long seed = 1;
    private long checkpointEvery = 100;
    private long snapshotEvery = 50;
    private long maxSteps = 0;
    private int maxBuffered = 100_000;
    private int shuffleBuffer = 0;
    private Path runDir = Path.of("runs", "train");
    private Path initFrom = null;
    private AdversarialConfig adversarial = AdversarialConfig.fromPipeline();

    private Builder() {}

    public Builder bootstrapServers(String value) {
      this.bootstrapServers = value;
      return this;
    }

    public Builder kafkaProperties(Map<String, String> value) {
      this.kafkaProperties = value;
      return this;
    }

    public Builder kafkaConfigFile(String value) {
      this.kafkaConfigFile = value;
      return this;
    }

    public Builder samplesTopic(String value) {
      this.samplesTopic = value;
      return this;
    }

    public Builder snapshotTopic(String value) {
      this.snapshotTopic = value;
      return this;
    }

    public Builder deadLetterTopic(String value) {
      this.deadLetterTopic = value;
      return this;
    }

    public Builder groupId(String value) {
      this.groupId = value;
      return this;
    }

    public Builder architecture(String value) {
      this.architecture = value;
      return this;
    }

    public Builder input(InputShape value) {
      this.input = value;
      return this;
    }

    public Builder classes(int value) {
      this.classes = value;
      return this;
    }

    public Builder inputStats(InputStats value) {
      this.inputStats = value;
      return this;
    }

    public Builder mode(TrainingMode value) {
      this.mode = value;
      return this;
    }

    public Builder routing(DomainRouting value) {
      this.routing = value;
      return this;
    }

    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    public Builder auxRatio(double value) {
      this.auxRatio = value;
      return this;
    }

    public Builder lr(double value) {
      this.lr = value;
      return this;
    }

    public Builder schedule(String value) {
      this.schedule = value;
      return this;
    }

    public Builder warmupSteps(long value) {
      this.warmupSteps = value;
      return this;
    }

    public Builder totalSteps(long value) {
      this.totalSteps = value;
      return this;
    }

    public Builder momentum(double value) {
      this.momentum = value;
      return this;
    }

    public Builder nesterov(boolean value) {
      this.nesterov = value;
      return this;
    }

    public Builder weightDecay(double value) {
      this.weightDecay = value;
      return this;
    }

    public Builder labelSmoothing(double value) {
      this.labelSmoothing = value;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder checkpointEvery(long value) {
      this.checkpointEvery = value;
      return this;
    }

    public Builder snapshotEvery(long value) {
      this.snapshotEvery = value;
      return this;
    }

    public Builder maxSteps(long value) {
      this.maxSteps = value;
      return this;
    }

    public Builder maxBuffered(int value) {
      this.maxBuffered = value;
      return this;
    }

    public Builder shuffleBuffer(int value) {
      this.shuffleBuffer = value;
      return this;
    }

    public Builder runDir(Path value) {
      this.runDir = value;
      return this;
    }

    public Builder initFrom(Path value) {
      this.initFrom = value;
      return this;
    }

    public Builder adversarial(AdversarialConfig value) {
      this.adversarial = value;
      return this;
    }

    public TrainerConfig build() {
      return new TrainerConfig(
          bootstrapServers,
          kafkaProperties,
          kafkaConfigFile,
          samplesTopic,
          snapshotTopic,
          deadLetterTopic,
          groupId,
          architecture,
          input,
          classes,
          inputStats,
          mode,
          routing,
          batchSize,
          auxRatio,
          lr,
          schedule,
          warmupSteps,
          totalSteps,
          momentum,
          nesterov,
          weightDecay,
          labelSmoothing,
          seed,
          checkpointEvery,
          snapshotEvery,
          maxSteps,
          maxBuffered,
          shuffleBuffer,
          runDir,
          initFrom,
          adversarial);
    }
  }

  /** What Kafka clients get: the config file's settings overridden by {@link #kafkaProperties}. */
  public Map<String, String> clientProperties() {
    return KafkaConfigFile.merged(kafkaConfigFile, kafkaProperties);
  }

  /** The step at which the run ends. */
  public long lastStep() {
    return maxSteps > 0 ? maxSteps : totalSteps;
  }
}
