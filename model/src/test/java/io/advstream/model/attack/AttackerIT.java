package io.advstream.model.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.FashionBatches;
import io.advstream.model.TrainedModels;
import io.advstream.model.nn.DomainBatchNorm;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Every attacker against a cnn-small trained on real Fashion-MNIST, on held-out images. */
class AttackerIT {
  private static Network net;
  private static INDArray images;
  private static int[] labels;

  @BeforeAll
  static void trainModel() {
    net = TrainedModels.cnnSmall(4000, 3);
    List<LabelledImage> test = FashionMnistFixture.test(256);
    images = FashionBatches.pixels(test);
    labels = FashionBatches.labels(test);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pgd-linf:eps=4/255,step=1/255,iters=5",
        "pgd-linf:eps=4/255,step=1/255,iters=5,target=random",
        "ifgsm:eps=4/255,step=1/255,iters=3",
        "ifgsm:eps=4/255,step=1/255,iters=3,target=random,bn=eval",
        "fgsm:eps=8/255",
        "fgsm:eps=8/255,target=random",
        "gd-l2:eps=1,step=5,iters=5",
        "gd-l2:eps=1,step=5,iters=5,target=random",
      })
  void staysInBudgetAndRangeAndMovesTheLossTheRightWay(String spec) {
    Attacker attacker = Attacker.parse(spec);
    Attacker.Result r = attacker.attack(net, images, labels, 0, new SplittableRandom(5));
    INDArray delta = r.adversarial().sub(images);
    double eps = attacker.spec().eps();
    long n = images.size(0);
    if (attacker.spec().kind().l2()) {
      INDArray norms = delta.reshape(n, delta.length() / n).norm2(1);
      assertThat(norms.maxNumber().doubleValue()).isLessThanOrEqualTo(eps + 1e-5);
    } else {
      assertThat(Transforms.abs(delta).maxNumber().doubleValue()).isLessThanOrEqualTo(eps + 1e-6);
    }
    assertThat(r.adversarial().minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
    assertThat(r.adversarial().maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
    assertThat(delta.norm2Number().doubleValue()).as("the images changed").isPositive();

    double clean = meanLoss(images, r.attackedLabels());
    double attacked = meanLoss(r.adversarial(), r.attackedLabels());
    if (attacker.spec().target() == AttackSpec.Target.NONE) {
      assertThat(attacked).as("true-label loss, clean %.3f", clean).isGreaterThan(clean);
      assertThat(r.attackedLabels()).isEqualTo(labels);
    } else {
      assertThat(attacked).as("target loss, clean %.3f", clean).isLessThan(clean);
      for (int i = 0; i < labels.length; i++) {
        assertThat(r.attackedLabels()[i]).isNotEqualTo(labels[i]).isBetween(0, 9);
      }
    }
  }

  @Test
  void moreIterationsAreAtLeastAsStrongOnTheSameSeed() {
    Attacker.Result one =
        Attacker.parse("pgd-linf:eps=8/255,step=2/255,iters=1")
            .attack(net, images, labels, 0, new SplittableRandom(9));
    Attacker.Result five =
        Attacker.parse("pgd-linf:eps=8/255,step=2/255,iters=5")
            .attack(net, images, labels, 0, new SplittableRandom(9));
    assertThat(meanLoss(five.adversarial(), labels))
        .isGreaterThanOrEqualTo(meanLoss(one.adversarial(), labels));
    assertThat(accuracy(five.adversarial())).isLessThanOrEqualTo(accuracy(one.adversarial()));
  }

  /** The deployed model is attacked: running statistics (bn=eval), as it predicts. */
  @Test
  void pgdFiveAtEightLevelsBreaksTheModel() {
    double clean = accuracy(images);
    double attacked =
        accuracy(
            Attacker.parse("pgd-linf:eps=8/255,step=2/255,iters=5,bn=eval")
                .attack(net, images, labels, 0, new SplittableRandom(1))
                .adversarial());
    double strong =
        accuracy(
            Attacker.parse("pgd-linf:eps=0.1,step=0.02,iters=10,bn=eval")
                .attack(net, images, labels, 0, new SplittableRandom(1))
                .adversarial());
    System.out.printf(
        "cnn-small clean accuracy %.3f, under PGD-5 eps=8/255 %.3f, under PGD-10 eps=0.1 %.3f%n",
        clean, attacked, strong);
    assertThat(clean).isGreaterThan(0.7);
    assertThat(attacked).isLessThan(clean - 0.25);
    assertThat(strong).isLessThan(0.1);
  }

  @Test
  void leavesWeightsRunningStatisticsAndGradientsUntouched() {
    List<INDArray> before = new ArrayList<>();
    net.params().forEach(p -> before.add(p.value().dup()));
    for (DomainBatchNorm bn : net.batchNorms()) {
      before.add(bn.runningMean(0).dup());
      before.add(bn.runningVar(0).dup());
    }
    Attacker.parse("pgd-linf:eps=4/255,step=1/255,iters=2,bn=train")
        .attack(net, images, labels, 0, new SplittableRandom(2));
    List<INDArray> after = new ArrayList<>();
    net.params().forEach(p -> after.add(p.value()));
    for (DomainBatchNorm bn : net.batchNorms()) {
      after.add(bn.runningMean(0));
      after.add(bn.runningVar(0));
    }
    assertThat(after).isEqualTo(before);
    for (Param p : net.params()) {
      assertThat(p.grad().amaxNumber().doubleValue()).as(p.name()).isZero();
    }
  }

  private static double meanLoss(INDArray x, int[] y) {
    return InputGradient.of(net, x, y, 0, AttackSpec.BnMode.EVAL).meanLoss();
  }

  private static double accuracy(INDArray x) {
    INDArray predicted = Nd4j.argMax(net.predict(x), 1);
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      correct += predicted.getInt(i) == labels[i] ? 1 : 0;
    }
    return correct / (double) labels.length;
  }
}
