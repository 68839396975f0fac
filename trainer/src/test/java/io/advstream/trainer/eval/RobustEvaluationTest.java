package io.advstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.advstream.augment.corrupt.Corruption;
import io.advstream.model.Evaluation;
import io.advstream.model.attack.AttackSpec;
import io.advstream.model.nn.Network;
import io.advstream.trainer.HeldOut;
import io.advstream.trainer.eval.RobustReport.AttackResult;
import io.advstream.trainer.eval.RobustReport.Convergence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole evaluation on a cnn-small trained on real Fashion-MNIST. */
class RobustEvaluationTest {
  private static Network net;
  private static HeldOut test;

  @BeforeAll
  static void train() {
    net = FixtureNetworks.trainedCnnSmall();
    test = FixtureNetworks.test(1000);
  }

  @Test
  void attacksScoreNoHigherThanWeakerOnesAndBreakTheModel() {
    RobustSettings settings =
        new RobustSettings(1000, 10, 60, List.of(8 / 255.0, 2 / 255.0), 10, 1, 0, 250);
    List<String> stages = new ArrayList<>();
    RobustReport report =
        new RobustEvaluation(net, "main", settings)
            .withProgress(
                (stage, done, total) -> {
                  assertThat(done).as(stage).isBetween(0L, total);
                  if (!stages.contains(stage)) {
                    stages.add(stage);
                  }
                })
            .run(test, "trained", "test");

    assertThat(stages).containsExactly("clean", "corruptions", "fgsm", "pgd-10", "pgd-50 check");
    assertThat(report.clean().images()).isEqualTo(1000);
    assertThat(report.clean().accuracy())
        .isEqualTo(Evaluation.accuracy(net, test.images(), test.labels()))
        .isGreaterThan(0.6);
    double clean =
        Evaluation.accuracy(net, test.images().subList(0, 60), Arrays.copyOf(test.labels(), 60));

    List<AttackResult> r = report.adversarial().results();
    assertThat(report.adversarial().images()).isEqualTo(60);
    assertThat(r)
        .extracting(AttackResult::kind, AttackResult::eps, AttackResult::iterations)
        .containsExactly(
            tuple("fgsm", 2 / 255.0, 1),
            tuple("pgd-linf", 2 / 255.0, 10),
            tuple("fgsm", 8 / 255.0, 1),
            tuple("pgd-linf", 8 / 255.0, 10),
            tuple("pgd-linf", 8 / 255.0, 50));
    assertThat(r.get(3).attack())
        .isEqualTo("pgd-linf:eps=8/255,step=2/255,iters=10,random-start=1,target=none,bn=eval");
    assertThat(AttackSpec.parse(r.get(1).attack()).step()).isEqualTo(0.5 / 255);
    for (int e = 0; e < 2; e++) {
      double fgsm = r.get(2 * e).accuracy();
      double pgd = r.get(2 * e + 1).accuracy();
      assertThat(fgsm).as("FGSM at eps %d", e).isLessThanOrEqualTo(clean);
      assertThat(pgd).as("PGD at eps %d", e).isLessThanOrEqualTo(fgsm);
    }
    assertThat(r.get(2).accuracy()).as("FGSM, larger eps").isLessThanOrEqualTo(r.get(0).accuracy());
    assertThat(r.get(3).accuracy()).as("PGD, larger eps").isLessThanOrEqualTo(r.get(1).accuracy());
    assertThat(r.get(3).accuracy()).as("PGD-10 at 8/255 breaks the model").isLessThan(clean - 0.2);

    Convergence c = report.adversarial().convergence();
    assertThat(c.eps()).isEqualTo(8 / 255.0);
    assertThat(c.pgdK()).isEqualTo(r.get(3).accuracy());
    assertThat(c.pgd50()).isEqualTo(r.get(4).accuracy()).isLessThanOrEqualTo(c.pgdK());
    assertThat(c.converged()).isEqualTo(c.pgdK() - c.pgd50() <= 0.01 + 1e-12);
    assertThat(c.headline()).isEqualTo(c.converged() ? "pgd-10" : "pgd-50");

    assertThat(report.corruptions().images()).isEqualTo(10);
    assertThat(report.corruptions().perCorruption().keySet())
        .containsExactlyElementsOf(Arrays.stream(Corruption.values()).map(Corruption::id).toList());
    assertThat(report.corruptions().perCorruption().values())
        .allSatisfy(
            a -> assertThat(a).hasSize(5).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0)));
    double mean =
        report.corruptions().perCorruption().values().stream()
            .flatMap(List::stream)
            .mapToDouble(Double::doubleValue)
            .average()
            .orElseThrow();
    assertThat(report.corruptions().meanAccuracy()).isCloseTo(mean, within(1e-12));
    assertThat(report.corruptions().mce()).isNull();
  }

  @Test
  void theSameSeedGivesTheSameNumbers() {
    RobustSettings settings = new RobustSettings(200, 6, 24, List.of(8 / 255.0), 3, 2, 7, 250);
    RobustReport a = new RobustEvaluation(net, "main", settings).run(test, "m", "test");
    RobustReport b = new RobustEvaluation(net, "main", settings).run(test, "m", "test");

    assertThat(withoutTime(b).toJson()).isEqualTo(withoutTime(a).toJson());
    assertThat(a.seed()).isEqualTo(7);
    assertThat(a.adversarial().results()).allSatisfy(x -> assertThat(x.restarts()).isIn(1, 2));
  }

  @Test
  void refusesABnSetTheNetworkLacks() {
    assertThatThrownBy(() -> new RobustEvaluation(net, "aux1", RobustSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no BN set 'aux1'")
        .hasMessageContaining("its sets: main");
  }

  private static RobustReport withoutTime(RobustReport r) {
    return new RobustReport(
        r.model(),
        r.architecture(),
        r.bnSet(),
        r.split(),
        r.seed(),
        r.clean(),
        r.corruptions(),
        r.adversarial(),
        0);
  }
}
