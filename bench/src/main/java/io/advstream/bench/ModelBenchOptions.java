package io.advstream.bench;

import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.StepRunner;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.nn.StepProfile;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.Sgd;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Option;

/** {@code --model} and {@code --batch-size} of the benchmarks that time training steps. */
final class ModelBenchOptions {
  @Option(
      names = "--model",
      defaultValue = "resnet8",
      description = "Model registry name (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--batch-size",
      defaultValue = "128",
      description = "Samples per domain group per step (default: ${DEFAULT-VALUE}).")
  int batch;

  /**
   * A {@code --model} network for Fashion-MNIST with these BN sets (seed 1, float), trained by SGD
   * with Nesterov momentum 0.9 and weight decay 5e-4 at a constant {@code lr}.
   *
   * @param profile times the network's layers; null for none
   */
  StepRunner runner(List<String> bnSets, double lr, StepProfile profile) {
    return new StepRunner(
        ModelRegistry.create(
            model,
            InputShape.FASHION_MNIST,
            10,
            bnSets,
            1,
            DataType.FLOAT,
            InputStats.FASHION_MNIST,
            profile),
        new Sgd(0.9, true, 5e-4),
        LearningRateSchedule.constant(lr),
        new SoftmaxCrossEntropy(0));
  }
}
