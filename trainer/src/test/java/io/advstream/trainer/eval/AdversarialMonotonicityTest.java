package io.advstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.advstream.model.Tensors;
import io.advstream.model.nn.Network;
import io.advstream.trainer.HeldOut;
import io.advstream.trainer.eval.RobustReport.AdversarialSummary;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stronger settings never score higher, with no tolerance: separate runs with the same seed, on a
 * cnn-small trained on real Fashion-MNIST.
 */
class AdversarialMonotonicityTest {
  private static final List<Double> EPSILONS = List.of(3 / 255.0, 8 / 255.0);
  private static Network net;
  private static HeldOut images;
  private static boolean[] cleanRight;
  private static AdversarialSummary pgd2;

  @BeforeAll
  static void trainAndAttackOnce() {
    net = FixtureNetworks.trainedCnnSmall();
    images = FixtureNetworks.test(48);
    cleanRight =
        Predictions.correct(net, 0, Tensors.batch(images.images(), net.input()), images.labels());
    pgd2 = attack(2, 1);
  }

  private static AdversarialSummary attack(int iterations, int restarts) {
    RobustSettings settings =
        new RobustSettings(48, 1, 48, EPSILONS, iterations, restarts, 11, 250);
    return new AdversarialSuite(net, 0, settings, RobustProgress.NONE)
        .run(images.images(), images.labels(), cleanRight);
  }

  @Test
  void moreIterationsNeverScoreHigher() {
    AdversarialSummary pgd6 = attack(6, 1);

    for (int e = 0; e < EPSILONS.size(); e++) {
      assertThat(pgd6.results().get(2 * e + 1).accuracy())
          .as("PGD-6 against PGD-2 at eps %s", EPSILONS.get(e))
          .isLessThanOrEqualTo(pgd2.results().get(2 * e + 1).accuracy());
      assertThat(pgd6.results().get(2 * e)).as("FGSM").isEqualTo(pgd2.results().get(2 * e));
    }
    assertThat(pgd6.convergence().pgd50()).isLessThanOrEqualTo(pgd2.convergence().pgd50());
  }

  @Test
  void moreRestartsNeverScoreHigher() {
    AdversarialSummary twice = attack(2, 2);

    for (int e = 0; e < EPSILONS.size(); e++) {
      assertThat(twice.results().get(2 * e + 1).accuracy())
          .as("2 restarts against 1 at eps %s", EPSILONS.get(e))
          .isLessThanOrEqualTo(pgd2.results().get(2 * e + 1).accuracy());
      assertThat(twice.results().get(2 * e + 1).restarts()).isEqualTo(2);
    }
    assertThat(twice.convergence().pgd50()).isLessThanOrEqualTo(pgd2.convergence().pgd50());
  }

  @Test
  void aLargerBudgetNeverScoresHigherAndPgdNeverAboveFgsm() {
    double clean = Predictions.count(cleanRight) / 48.0;
    double previousFgsm = clean;
    double previousPgd = clean;
    for (int e = 0; e < EPSILONS.size(); e++) {
      double fgsm = pgd2.results().get(2 * e).accuracy();
      double pgd = pgd2.results().get(2 * e + 1).accuracy();
      assertThat(fgsm).isLessThanOrEqualTo(previousFgsm);
      assertThat(pgd).isLessThanOrEqualTo(Math.min(fgsm, previousPgd));
      previousFgsm = fgsm;
      previousPgd = pgd;
    }
    assertThat(previousPgd).as("PGD-2 at 8/255 breaks the model").isLessThan(clean - 0.2);
  }
}
