package io.advstream.trainer.eval;

import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.StepRunner;
import io.advstream.model.StepRunner.Group;
import io.advstream.model.StepRunner.GroupBatch;
import io.advstream.model.Tensors;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.Sgd;
import io.advstream.trainer.HeldOut;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A cnn-small trained on the Fashion-MNIST fixture, once per test JVM, and the fixture's images.
 */
final class FixtureNetworks {
  private static final int BATCH = 50;
  private static final int STEPS = 80;
  private static Network trained;

  private FixtureNetworks() {}

  /** cnn-small (main BN only) after {@value #STEPS} steps over the fixture's 1000 train images. */
  static synchronized Network trainedCnnSmall() {
    if (trained == null) {
      Network net =
          ModelRegistry.create(
              "cnn-small",
              InputShape.FASHION_MNIST,
              10,
              List.of("main"),
              1,
              DataType.FLOAT,
              InputStats.FASHION_MNIST);
      StepRunner runner =
          new StepRunner(
              net,
              new Sgd(0.9, true, 5e-4),
              LearningRateSchedule.cosine(0.1, 5, STEPS, 0),
              new SoftmaxCrossEntropy(0));
      HeldOut train = heldOut("train", FashionMnistFixture.train(FashionMnistFixture.SIZE));
      Group clean = new Group("clean", 0, 1.0);
      int perEpoch = train.images().size() / BATCH;
      for (int step = 0; step < STEPS; step++) {
        int from = (step % perEpoch) * BATCH;
        runner.step(
            List.of(
                GroupBatch.of(
                    clean,
                    train.images().subList(from, from + BATCH),
                    java.util.Arrays.copyOfRange(train.labels(), from, from + BATCH),
                    net.input())),
            step);
      }
      trained = net;
    }
    return trained;
  }

  /** The first {@code n} images of the fixture's test split. */
  static HeldOut test(int n) {
    return heldOut("test", FashionMnistFixture.test(n));
  }

  private static HeldOut heldOut(String split, List<LabelledImage> images) {
    List<float[]> pixels = new ArrayList<>();
    images.forEach(i -> pixels.add(Tensors.unitFloats(i.pixels())));
    return new HeldOut(
        pixels,
        images.stream().mapToInt(LabelledImage::label).toArray(),
        images.size() + " images of fashion-mnist/" + split);
  }
}
