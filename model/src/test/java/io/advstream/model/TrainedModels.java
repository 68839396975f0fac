package io.advstream.model;

import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.StepRunner.Group;
import io.advstream.model.StepRunner.GroupBatch;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.Sgd;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Networks trained on real Fashion-MNIST for integration tests that need a model that has learnt
 * something; they read the whole data set from the Debian package.
 */
public final class TrainedModels {
  private static final int BATCH = 64;

  private TrainedModels() {}

  /**
   * cnn-small with one BN set, trained on the first {@code images} training images of the Debian
   * package (vanilla).
   */
  public static Network cnnSmall(int images, int epochs) {
    Network net =
        ModelRegistry.create(
            "cnn-small",
            InputShape.FASHION_MNIST,
            10,
            List.of("main"),
            1,
            DataType.FLOAT,
            InputStats.FASHION_MNIST);
    List<LabelledImage> train = FashionMnistFixture.fullTrain(images);
    int stepsPerEpoch = train.size() / BATCH;
    StepRunner runner =
        new StepRunner(
            net,
            new Sgd(0.9, true, 5e-4),
            LearningRateSchedule.cosine(0.1, stepsPerEpoch / 2, (long) epochs * stepsPerEpoch, 0),
            new SoftmaxCrossEntropy(0));
    Group clean = new Group("clean", 0, 1.0);
    long step = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int b = 0; b < stepsPerEpoch; b++) {
        List<LabelledImage> batch = train.subList(b * BATCH, (b + 1) * BATCH);
        runner.step(
            List.of(
                new GroupBatch(clean, FashionBatches.pixels(batch), FashionBatches.labels(batch))),
            step++);
      }
    }
    return net;
  }
}
