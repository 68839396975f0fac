package io.advstream.model.attack;

import io.advstream.model.StepRunner;
import io.advstream.model.StepRunner.Group;
import io.advstream.model.StepRunner.GroupBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An AdvProp step with the adversarial examples made in the trainer, from the current clean batch,
 * with the current weights.
 *
 * <ul>
 *   <li>{@link Mode#STANDARD} (Xie et al., Algorithm 1): attack the clean batch through the
 *       auxiliary BN, then one update on clean (main BN) plus adversarial (auxiliary BN), the two
 *       groups going through the shared layers as one batch. PGD-k costs k extra forward and
 *       backward passes.
 *   <li>{@link Mode#FAST} (Fast AdvProp, Mei et al., ICLR 2022): only a fraction of the clean batch
 *       becomes adversarial, with one step, and that step reuses the input gradient the clean
 *       pass's backward computes anyway. So the attack costs no pass of its own: the step is one
 *       forward and backward on the clean batch (main BN), one on the fraction made adversarial
 *       (auxiliary BN), and one update. What differs from the standard step: the attack gradient
 *       comes through the main BN with batch statistics of the clean batch, not through the
 *       auxiliary BN.
 * </ul>
 */
public final class AdvPropStep {
  /** Which recipe a step follows. */
  public enum Mode {
    STANDARD,
    FAST;

    public static Mode parse(String name) {
      try {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown adversarial mode '" + name + "'; known: standard, fast");
      }
    }
  }

  private final StepRunner runner;
  private final Attacker attacker;
  private final Group adversarial;
  private final Mode mode;
  private final double fraction;

  /**
   * @param adversarial the group the adversarial examples train: its BN set is the one attacked
   * @param fraction in fast mode, the share of the clean batch made adversarial
   */
  public AdvPropStep(
      StepRunner runner, Attacker attacker, Group adversarial, Mode mode, double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("adversarial fraction must be in (0, 1], got " + fraction);
    }
    if (mode == Mode.FAST) {
      attacker.requireCleanGradientStep();
    }
    this.runner = runner;
    this.attacker = attacker;
    this.adversarial = adversarial;
    this.mode = mode;
    this.fraction = fraction;
  }

  /**
   * @param batches the step's groups from the stream, the clean group first
   * @param rng random starts and targets of this step
   */
  public StepRunner.Result step(List<GroupBatch> batches, long step, RandomGenerator rng) {
    GroupBatch clean = batches.get(0);
    if (mode == Mode.STANDARD) {
      Attacker.Result attacked =
          attacker.attack(
              runner.network(), clean.images(), clean.labels(), adversarial.bnSet(), rng);
      List<GroupBatch> all = new ArrayList<>(batches);
      all.add(new GroupBatch(adversarial, attacked.adversarial(), clean.labels()));
      return runner.step(all, step);
    }
    StepRunner.Partial first = runner.accumulate(batches, true);
    int n = clean.labels().length;
    int k = (int) Math.max(1, Math.round(fraction * n));
    INDArray images = rows(clean.images(), k);
    INDArray gradient = rows(first.inputGradient(), k);
    int[] labels = Arrays.copyOf(clean.labels(), k);
    INDArray adv = attacker.stepFrom(images, gradient);
    StepRunner.Partial second =
        runner.accumulate(List.of(new GroupBatch(adversarial, adv, labels)), false);
    return runner.update(List.of(first, second), step);
  }

  private static INDArray rows(INDArray batch, int k) {
    return batch.get(NDArrayIndex.interval(0, k)).dup();
  }
}
