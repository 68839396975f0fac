package io.advstream.model.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.datasets.FashionMnistFixture;
import io.advstream.datasets.LabelledImage;
import io.advstream.model.FashionBatches;
import io.advstream.model.InputShape;
import io.advstream.model.InputStats;
import io.advstream.model.StepRunner;
import io.advstream.model.StepRunner.Group;
import io.advstream.model.StepRunner.GroupBatch;
import io.advstream.model.attack.AdvPropStep.Mode;
import io.advstream.model.nn.DomainBatchNorm;
import io.advstream.model.nn.ModelRegistry;
import io.advstream.model.nn.Network;
import io.advstream.model.nn.SoftmaxCrossEntropy;
import io.advstream.model.optim.LearningRateSchedule;
import io.advstream.model.optim.Sgd;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Trainer-side AdvProp steps on real images: which BN sets train and how many rows each gets. */
class AdvPropStepTest {
  private static final Group CLEAN = new Group("clean", 0, 1.0);
  private static final Group ADVERSARIAL = new Group("adversarial", 1, 1.0);

  private final Network net =
      ModelRegistry.create(
          "cnn-small",
          InputShape.FASHION_MNIST,
          10,
          List.of("main", "aux1"),
          4,
          DataType.FLOAT,
          InputStats.FASHION_MNIST);
  private final StepRunner runner =
      new StepRunner(
          net,
          new Sgd(0.9, false, 0),
          LearningRateSchedule.constant(0.05),
          new SoftmaxCrossEntropy(0));
  private final List<LabelledImage> images = FashionMnistFixture.train(40);
  private final GroupBatch clean =
      new GroupBatch(CLEAN, FashionBatches.pixels(images), FashionBatches.labels(images));

  @Test
  void standardStepTrainsCleanOnMainAndTheWholeAttackedBatchOnTheAuxiliarySet() {
    DomainBatchNorm first = net.batchNorms().get(0);
    INDArray auxMean = first.runningMean(1).dup();
    INDArray mainMean = first.runningMean(0).dup();
    AdvPropStep step =
        new AdvPropStep(
            runner, Attacker.parse("pgd-linf:iters=2"), ADVERSARIAL, Mode.STANDARD, 1.0);

    StepRunner.Result r = step.step(List.of(clean), 0, new SplittableRandom(1));

    assertThat(r.samples()).isEqualTo(80);
    assertThat(r.groupLoss()).containsOnlyKeys("clean", "adversarial");
    assertThat(first.runningMean(0)).isNotEqualTo(mainMean);
    assertThat(first.runningMean(1)).isNotEqualTo(auxMean);
  }

  @Test
  void fastStepMakesOnlyTheFractionAdversarial() {
    AdvPropStep step =
        new AdvPropStep(runner, Attacker.parse("fgsm:eps=4/255"), ADVERSARIAL, Mode.FAST, 0.25);

    StepRunner.Result r = step.step(List.of(clean), 0, new SplittableRandom(1));

    assertThat(r.samples()).isEqualTo(40 + 10);
    assertThat(r.groupLoss()).containsOnlyKeys("clean", "adversarial");
  }

  @Test
  void fastStepRefusesAttacksThatCannotReuseTheCleanGradient() {
    assertThatThrownBy(
            () ->
                new AdvPropStep(
                    runner,
                    Attacker.parse("pgd-linf:eps=4/255,iters=5"),
                    ADVERSARIAL,
                    Mode.FAST,
                    0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pgd-linf:eps=4/255")
        .hasMessageContaining("fgsm");
  }

  @Test
  void fractionOutsideZeroToOneIsRefused() {
    assertThatThrownBy(
            () -> new AdvPropStep(runner, Attacker.parse("fgsm"), ADVERSARIAL, Mode.FAST, 1.5))
        .hasMessageContaining("1.5");
  }
}
