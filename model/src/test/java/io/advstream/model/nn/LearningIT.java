package io.advstream.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.FashionBatches;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.Sgd;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** cnn-small learns Fashion-MNIST from 5,000 real images. */
class LearningIT {
  private static final int BATCH = 64;

  @Test
  void cnnSmallReachesEightyPercentOnHeldOutImages() {
    List<LabelledImage> train = FashionMnistFixture.fullTrain(5000);
    List<LabelledImage> test = FashionMnistFixture.fullTest(2000);
    Network net =
        ModelRegistry.create(
            "cnn-small",
            InputShape.FASHION_MNIST,
            10,
            List.of("main"),
            1,
            DataType.FLOAT,
            InputStats.FASHION_MNIST);
    Sgd sgd = new Sgd(0.9, true, 5e-4);
    int epochs = 8;
    int stepsPerEpoch = train.size() / BATCH;
    LearningRateSchedule lr =
        LearningRateSchedule.cosine(0.1, stepsPerEpoch / 2, epochs * stepsPerEpoch, 0);
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0);
    long step = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int b = 0; b < stepsPerEpoch; b++) {
        List<LabelledImage> batch = train.subList(b * BATCH, (b + 1) * BATCH);
        Pass pass = Pass.single(true, 0, BATCH);
        INDArray logits = net.forward(FashionBatches.pixels(batch), pass);
        net.backward(
            loss.compute(logits, FashionBatches.labels(batch), pass.segments(), new double[] {1})
                .gradLogits());
        sgd.step(net.params(), lr.at(step++));
      }
    }
    int correct = 0;
    for (int b = 0; b < test.size(); b += 500) {
      List<LabelledImage> batch = test.subList(b, b + 500);
      INDArray predicted =
          org.nd4j.linalg.factory.Nd4j.argMax(net.predict(FashionBatches.pixels(batch)), 1);
      int[] y = FashionBatches.labels(batch);
      for (int i = 0; i < y.length; i++) {
        correct += predicted.getInt(i) == y[i] ? 1 : 0;
      }
    }
    double accuracy = correct / (double) test.size();
    System.out.printf("cnn-small, 5000 images x %d epochs: test accuracy %.3f%n", epochs, accuracy);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.80);
  }
}
