package io.advstream.trainer;

import io.advstream.model.DomainRouting;
import io.advstream.model.InputShape;
import io.advstream.model.TrainingMode;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a training run is: data, model, optimisation and bookkeeping. Written as {@code
 * config.json} next to the run's results.
 *
 * @param bootstrapServers Kafka to read samples from and write snapshots and dead letters to
 * @param kafkaProperties extra client properties
 * @param samplesTopic tagged samples (read_committed)
 * @param snapshotTopic where model snapshots go
 * @param deadLetterTopic where unusable samples go, with the reason
 * @param groupId consumer group, for lag monitoring (positions come from checkpoints)
 * @param architecture model registry name
 * @param input image shape the model takes
 * @param classes number of classes
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
 * @param seed initial weights
 * @param checkpointEvery steps between checkpoints (also on shutdown)
 * @param snapshotEvery steps between published model snapshots; 0 = never
 * @param maxSteps stop after this step; 0 = at totalSteps
 * @param maxBuffered samples that may wait for a starving group before the run fails
 * @param runDir checkpoints, metrics and the exported model
 * @param initFrom a checkpoint or exported model to start from (finetune), or null
 * @param adversarial where ADVERSARIAL samples come from: the pipeline or this trainer
 */
public record TrainerConfig(
    String bootstrapServers,
    Map<String, String> kafkaProperties,
    String samplesTopic,
    String snapshotTopic,
    String deadLetterTopic,
    String groupId,
    String architecture,
    InputShape input,
    int classes,
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
    Path runDir,
    Path initFrom,
    AdversarialConfig adversarial) {

  public TrainerConfig {
    kafkaProperties = Map.copyOf(kafkaProperties);
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (!(auxRatio > 0)) {
      throw new IllegalArgumentException("aux ratio must be positive, got " + auxRatio);
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

  /** The step at which the run ends. */
  public long lastStep() {
    return maxSteps > 0 ? maxSteps : totalSteps;
  }
}
