package io.advstream.trainer.eval;

import io.advstream.model.Tensors;
import io.advstream.model.attack.AttackSpec;
import io.advstream.model.attack.Attacker;
import io.advstream.model.nn.Network;
import io.advstream.trainer.eval.RobustReport.AdversarialSummary;
import io.advstream.trainer.eval.RobustReport.AttackResult;
import io.advstream.trainer.eval.RobustReport.Convergence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Untargeted L∞ attacks through the evaluated BN set with its running statistics (bn=eval): FGSM
 * and PGD-k (step ε/4, random start, restarts) at every ε, then PGD-50 at the largest ε to check
 * that PGD-k has converged.
 *
 * <p>Robust accuracy is a worst case over the suite (see {@link RobustReport}), which makes it
 * monotone by construction: PGD ≤ FGSM ≤ clean at each ε, and a larger ε, more iterations or more
 * restarts never score higher. Iterations: an image is broken when any iterate of the attack is
 * misclassified, and PGD's trajectory with k steps is the first part of its trajectory with more.
 * That holds because every attack runs on a set of images fixed before it — the images still right
 * under clean and FGSM at that ε — in fixed batches, with a random start drawn from (seed, ε,
 * restart, image) alone: the first k steps of a longer attack compute exactly what PGD-k computes.
 * Restarts: restart r computes the same whatever the number of restarts.
 */
final class AdversarialSuite {
  private final Network net;
  private final int bnSet;
  private final RobustSettings settings;
  private final RobustProgress progress;
  private List<float[]> images;
  private int[] labels;

  AdversarialSuite(Network net, int bnSet, RobustSettings settings, RobustProgress progress) {
    this.net = net;
    this.bnSet = bnSet;
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * @param cleanRight whether each image is classified right without attack
   */
  AdversarialSummary run(List<float[]> images, int[] labels, boolean[] cleanRight) {
    this.images = images;
    this.labels = labels;
    List<Double> epsilons = settings.epsilons();
    int e = epsilons.size();
    int k = settings.pgdIterations();
    int restarts = settings.restarts();

    // FGSM: right clean and under FGSM at this and every smaller ε.
    boolean[][] fgsm = new boolean[e][];
    Stage stage = new Stage("fgsm", (long) e * images.size());
    boolean[] alive = cleanRight.clone();
    for (int i = 0; i < e; i++) {
      // images already broken need no attack: they count as done
      stage.advance(images.size() - Predictions.count(alive));
      alive = survivors(fgsm(epsilons.get(i)), alive, 0, stage);
      fgsm[i] = alive;
    }

    // PGD-k: each (ε, restart) attacks the FGSM survivors at that ε, a set no PGD result changes.
    boolean[][] pgd = new boolean[e][];
    long work = 0;
    for (boolean[] targets : fgsm) {
      work += (long) restarts * Predictions.count(targets);
    }
    stage = new Stage("pgd-" + k, work);
    for (int i = 0; i < e; i++) {
      pgd[i] = fgsm[i].clone();
      for (int r = 0; r < restarts; r++) {
        and(pgd[i], survivors(pgd(epsilons.get(i), k), fgsm[i], r, stage));
      }
      if (i > 0) {
        and(pgd[i], pgd[i - 1]);
      }
    }

    // PGD-50 at the largest ε on the same images, from the same random starts.
    int last = e - 1;
    int longer = RobustSettings.CONVERGENCE_ITERATIONS;
    boolean[] check = pgd[last].clone();
    stage = new Stage("pgd-" + longer + " check", (long) restarts * Predictions.count(fgsm[last]));
    for (int r = 0; r < restarts; r++) {
      and(check, survivors(pgd(epsilons.get(last), longer), fgsm[last], r, stage));
    }

    List<AttackResult> results = new ArrayList<>();
    for (int i = 0; i < e; i++) {
      results.add(result(fgsm(epsilons.get(i)), 1, fgsm[i]));
      results.add(result(pgd(epsilons.get(i), k), restarts, pgd[i]));
    }
    AttackResult checked = result(pgd(epsilons.get(last), longer), restarts, check);
    results.add(checked);
    Convergence convergence =
        Convergence.of(
            epsilons.get(last), k, results.get(2 * last + 1).accuracy(), checked.accuracy());
    return new AdversarialSummary(images.size(), List.copyOf(results), convergence);
  }

  private static AttackSpec fgsm(double eps) {
    return new AttackSpec(
        AttackSpec.Kind.FGSM, eps, eps, 1, false, AttackSpec.Target.NONE, AttackSpec.BnMode.EVAL);
  }

  private static AttackSpec pgd(double eps, int iterations) {
    return new AttackSpec(
        AttackSpec.Kind.PGD_LINF,
        eps,
        eps / 4,
        iterations,
        true,
        AttackSpec.Target.NONE,
        AttackSpec.BnMode.EVAL);
  }

  private AttackResult result(AttackSpec spec, int restarts, boolean[] robust) {
    return new AttackResult(
        spec.toString(),
        spec.kind().id(),
        spec.eps(),
        spec.iterations(),
        restarts,
        Predictions.count(robust) / (double) robust.length);
  }

  /**
   * Attacks the images flagged in {@code targets}, in batches of them; returns flags true for the
   * targets that stayed right at every iterate (false for all others).
   */
  private boolean[] survivors(AttackSpec spec, boolean[] targets, int restart, Stage stage) {
    Attacker attacker = new Attacker(spec);
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < targets.length; i++) {
      if (targets[i]) {
        indices.add(i);
      }
    }
    boolean[] right = new boolean[targets.length];
    int batch = settings.batchSize();
    for (int start = 0; start < indices.size(); start += batch) {
      List<Integer> rows = indices.subList(start, Math.min(indices.size(), start + batch));
      List<float[]> pixels = new ArrayList<>();
      List<SplittableRandom> random = new ArrayList<>();
      int[] y = new int[rows.size()];
      for (int j = 0; j < rows.size(); j++) {
        int index = rows.get(j);
        pixels.add(images.get(index));
        y[j] = labels[index];
        random.add(
            Seeds.random(settings.seed(), Double.doubleToLongBits(spec.eps()), restart, index));
      }
      boolean[] stayed = new boolean[rows.size()];
      Arrays.fill(stayed, true);
      INDArray x = Tensors.batch(pixels, net.input());
      Attacker.Result attacked =
          attacker.attack(
              net,
              x,
              y,
              bnSet,
              random,
              (iteration, logits) -> and(stayed, Predictions.correct(logits, y)));
      and(stayed, Predictions.correct(net, bnSet, attacked.adversarial(), y));
      for (int j = 0; j < rows.size(); j++) {
        right[rows.get(j)] = stayed[j];
      }
      stage.advance(rows.size());
    }
    return right;
  }

  private static void and(boolean[] into, boolean[] other) {
    for (int i = 0; i < into.length; i++) {
      into[i] &= other[i];
    }
  }

  /** Progress of one stage of attacks. */
  private final class Stage {
    private final String name;
    private final long total;
    private long done;

    Stage(String name, long total) {
      this.name = name;
      this.total = total;
      progress.update(name, 0, total);
    }

    void advance(long images) {
      done += images;
      progress.update(name, done, total);
    }
  }
}
