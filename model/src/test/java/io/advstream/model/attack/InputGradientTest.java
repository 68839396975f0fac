package io.advstream.model.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.FashionBatches;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.attack.AttackSpec.BnMode;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The attack's input gradient against central finite differences, in double, on real images. */
class InputGradientTest {
  private static final double H = 1e-6;

  @ParameterizedTest
  @EnumSource(BnMode.class)
  void matchesFiniteDifferencesThroughTheAuxiliarySet(BnMode bn) {
    Network net =
        ModelRegistry.create(
            "cnn-small",
            InputShape.FASHION_MNIST,
            10,
            List.of("main", "aux1"),
            3,
            DataType.DOUBLE,
            InputStats.FASHION_MNIST);
    List<LabelledImage> images = FashionMnistFixture.test(3);
    INDArray x = FashionBatches.pixels(images).castTo(DataType.DOUBLE);
    int[] labels = FashionBatches.labels(images);

    INDArray gradient = InputGradient.of(net, x, labels, 1, bn).gradient().dup();

    Random pick = new Random(11);
    double worst = 0;
    int checked = 0;
    while (checked < 30) {
      long i = pick.nextInt((int) x.length());
      double analytic = gradient.getDouble(i);
      if (Math.abs(analytic) < 1e-7 && pick.nextInt(4) != 0) {
        continue; // mostly check pixels the loss depends on
      }
      double original = x.getDouble(i);
      x.putScalar(i, original + H);
      double plus = sumLoss(net, x, labels, bn);
      x.putScalar(i, original - H);
      double minus = sumLoss(net, x, labels, bn);
      x.putScalar(i, original);
      double numeric = (plus - minus) / (2 * H);
      double error =
          Math.abs(numeric - analytic) / Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic));
      worst = Math.max(worst, error);
      checked++;
    }
    assertThat(worst).as("worst relative error over %d pixels", checked).isLessThan(1e-4);
  }

  private static double sumLoss(Network net, INDArray x, int[] labels, BnMode bn) {
    return InputGradient.of(net, x, labels, 1, bn).meanLoss() * labels.length;
  }
}
