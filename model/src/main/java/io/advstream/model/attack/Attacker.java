package io.advstream.model.attack;

import io.advstream.model.nn.Network;
import java.util.List;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Makes adversarial examples against a network through one of its BN sets (AdvProp attacks through
 * the auxiliary BN). Each step moves the images along the input gradient of the cross-entropy — its
 * sign for L∞ attacks, the raw gradient for {@code gd-l2} — then projects the perturbation back on
 * the ε-ball and clips the images to [0, 1]. Clipping after projection keeps the perturbation in
 * the ball, since it only moves pixels towards their clean values.
 *
 * <p>Leaves the network as it found it: no parameter gradient, no running-statistics update.
 */
public final class Attacker {
  private final AttackSpec spec;

  public Attacker(AttackSpec spec) {
    this.spec = spec;
  }

  public static Attacker parse(String spec) {
    return new Attacker(AttackSpec.parse(spec));
  }

  public AttackSpec spec() {
    return spec;
  }

  /**
   * @param adversarial the attacked images, NHWC in [0, 1]
   * @param attackedLabels the labels the attack worked on: the true ones, or the random targets
   * @param startLoss mean loss on the attacked labels at the starting point (the clean images
   *     unless the attack starts at random)
   */
  public record Result(INDArray adversarial, int[] attackedLabels, double startLoss) {}

  /**
   * Sees the logits the attack computes at each iterate before stepping from it: iterate 0 is the
   * starting point (the random start, or the clean images), iterate {@code i} the images after
   * {@code i} steps; the last iterate, the returned images, is not passed through the network. A
   * robustness evaluation uses it to count an image as broken if any iterate was misclassified.
   */
  @FunctionalInterface
  public interface IterateListener {
    IterateListener NONE = (iteration, logits) -> {};

    /**
     * @param logits one row per image, through the attack's BN set and BN mode; not to be kept
     */
    void onIterate(int iteration, INDArray logits);
  }

  /**
   * @param images NHWC pixels in [0, 1]; not modified
   * @param labels true labels
   * @param bnSet the network BN set the attack goes through
   * @param rng random start and random targets
   */
  public Result attack(Network net, INDArray images, int[] labels, int bnSet, RandomGenerator rng) {
    return attack(net, images, labels, bnSet, row -> rng, IterateListener.NONE);
  }

  /**
   * The same with one random source per image, so each image's random start and target depend on
   * its own source alone, not on the batch it was attacked in.
   *
   * @param perImage one source per row of {@code images}
   */
  public Result attack(
      Network net,
      INDArray images,
      int[] labels,
      int bnSet,
      List<? extends RandomGenerator> perImage) {
    return attack(net, images, labels, bnSet, perImage, IterateListener.NONE);
  }

  /**
   * The same, telling {@code listener} the logits at every iterate.
   *
   * @param perImage one source per row of {@code images}
   */
  public Result attack(
      Network net,
      INDArray images,
      int[] labels,
      int bnSet,
      List<? extends RandomGenerator> perImage,
      IterateListener listener) {
    if (perImage.size() != labels.length) {
      throw new IllegalArgumentException(
          perImage.size() + " random sources for " + labels.length + " images");
    }
    return attack(net, images, labels, bnSet, perImage::get, listener);
  }

  private Result attack(
      Network net,
      INDArray images,
      int[] labels,
      int bnSet,
      IntFunction<RandomGenerator> rng,
      IterateListener listener) {
    int[] attacked = attackedLabels(labels, net.classes(), rng);
    INDArray adversarial = images.dup();
    if (spec.randomStart()) {
      adversarial.addi(randomStart(images, rng));
      project(adversarial, images);
    }
    double startLoss = Double.NaN;
    for (int i = 0; i < spec.iterations(); i++) {
      InputGradient.Result g = InputGradient.of(net, adversarial, attacked, bnSet, spec.bnMode());
      if (i == 0) {
        startLoss = g.meanLoss();
      }
      listener.onIterate(i, g.logits());
      step(adversarial, g.gradient());
      project(adversarial, images);
    }
    return new Result(adversarial, attacked, startLoss);
  }

  /**
   * One untargeted step from the clean images along a gradient computed elsewhere — the fast
   * recipe's reuse of the clean training pass — projected and clipped like every step.
   *
   * @param gradient the input gradient of the loss at {@code images}, same shape
   */
  public INDArray stepFrom(INDArray images, INDArray gradient) {
    requireCleanGradientStep();
    INDArray adversarial = images.dup();
    step(adversarial, gradient.dup());
    project(adversarial, images);
    return adversarial;
  }

  /**
   * @throws IllegalArgumentException unless this attack is one untargeted L∞ step from the clean
   *     images, the only kind {@link #stepFrom} can take
   */
  public void requireCleanGradientStep() {
    if (spec.kind().l2()
        || spec.randomStart()
        || spec.target() != AttackSpec.Target.NONE
        || spec.iterations() != 1) {
      throw new IllegalArgumentException(
          "attack "
              + spec
              + " cannot reuse the clean pass's gradient: that needs one untargeted L∞ step"
              + " from the clean images, e.g. fgsm:eps=4/255");
    }
  }

  private int[] attackedLabels(int[] labels, int classes, IntFunction<RandomGenerator> rng) {
    if (spec.target() == AttackSpec.Target.NONE) {
      return labels.clone();
    }
    int[] targets = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      targets[i] = (labels[i] + 1 + rng.apply(i).nextInt(classes - 1)) % classes;
    }
    return targets;
  }

  /** Moves up the loss (untargeted) or down the target's loss (targeted). */
  private void step(INDArray adversarial, INDArray gradient) {
    double direction = spec.target() == AttackSpec.Target.NONE ? 1 : -1;
    if (spec.kind().l2()) {
      adversarial.addi(gradient.muli(direction * spec.step()));
    } else {
      adversarial.addi(Transforms.sign(gradient, false).muli(direction * spec.step()));
    }
  }

  /** Perturbation onto the ε-ball, then images into [0, 1]. */
  private void project(INDArray adversarial, INDArray clean) {
    INDArray delta = adversarial.sub(clean);
    if (spec.kind().l2()) {
      long n = delta.size(0);
      INDArray rows = delta.reshape(n, delta.length() / n);
      INDArray norms = rows.norm2(1);
      INDArray scale = Transforms.min(norms.rdiv(spec.eps()), 1.0, false);
      rows.muliColumnVector(scale.reshape(n, 1));
      delta = rows.reshape(delta.shape());
    } else {
      Transforms.min(Transforms.max(delta, -spec.eps(), false), spec.eps(), false);
    }
    adversarial.assign(clean.add(delta));
    Transforms.min(Transforms.max(adversarial, 0.0, false), 1.0, false);
  }

  /** Uniform in the L∞ ball; for L2, a uniform direction scaled by a uniform fraction of ε. */
  private INDArray randomStart(INDArray like, IntFunction<RandomGenerator> rngs) {
    long n = like.size(0);
    int perImage = (int) (like.length() / n);
    float[] noise = new float[(int) like.length()];
    for (int i = 0; i < n; i++) {
      RandomGenerator rng = rngs.apply(i);
      if (spec.kind().l2()) {
        double norm = 0;
        for (int j = 0; j < perImage; j++) {
          double v = rng.nextGaussian();
          noise[i * perImage + j] = (float) v;
          norm += v * v;
        }
        double scale = spec.eps() * rng.nextDouble() / Math.sqrt(norm);
        for (int j = 0; j < perImage; j++) {
          noise[i * perImage + j] *= (float) scale;
        }
      } else {
        for (int j = 0; j < perImage; j++) {
          noise[i * perImage + j] = (float) ((2 * rng.nextDouble() - 1) * spec.eps());
        }
      }
    }
    return Nd4j.create(noise, like.shape(), 'c').castTo(like.dataType());
  }
}
