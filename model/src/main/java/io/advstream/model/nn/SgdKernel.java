package io.advstream.model.nn;

import io.advstream.model.optim.MomentumForm;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One parameter's SGD update as a single pass over its value, gradient and momentum buffer, instead
 * of a chain of native ops per parameter (hundreds of tiny calls per step).
 */
public final class SgdKernel {
  private SgdKernel() {}

  /**
   * g ← ∇ + λ·w, then the momentum step of {@code form} (see {@link MomentumForm}); then ∇ ← 0.
   *
   * @param velocity the momentum buffer, same shape as the parameter; ignored when μ = 0
   * @param weightDecay λ, 0 for parameters without decay
   */
  public static void update(
      Param p,
      INDArray velocity,
      double lr,
      double momentum,
      boolean nesterov,
      double weightDecay,
      MomentumForm form) {
    Values w = Values.of(p.value());
    Values grad = Values.of(p.grad());
    Values v = momentum > 0 ? Values.of(velocity) : null;
    long n = p.value().length();
    for (long i = 0; i < n; i++) {
      double value = w.get(i);
      double g = grad.get(i) + weightDecay * value;
      grad.set(i, 0);
      if (v == null) {
        w.set(i, value - lr * g);
      } else if (form == MomentumForm.PYTORCH) {
        double vel = momentum * v.get(i) + g;
        v.set(i, vel);
        w.set(i, value - lr * (nesterov ? g + momentum * vel : vel));
      } else {
        double previous = v.get(i);
        double vel = momentum * previous - lr * g;
        v.set(i, vel);
        w.set(i, value + (nesterov ? (1 + momentum) * vel - momentum * previous : vel));
      }
    }
  }
}
