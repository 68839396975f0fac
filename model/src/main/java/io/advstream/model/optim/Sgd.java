package io.advstream.model.optim;

import io.advstream.model.nn.Param;
import io.advstream.model.nn.SgdKernel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with momentum, optional Nesterov, and decoupled-from-BN weight decay,
 * with PyTorch's update rule: g ← ∇ + λ·w (decayed params only); v ← μ·v + g; w ← w − lr·(g + μ·v)
 * with Nesterov, else w ← w − lr·v.
 */
public final class Sgd {
  private final double momentum;
  private final boolean nesterov;
  private final double weightDecay;
  private final Map<String, INDArray> velocity = new LinkedHashMap<>();

  public Sgd(double momentum, boolean nesterov, double weightDecay) {
    if (momentum < 0 || momentum >= 1 || weightDecay < 0) {
      throw new IllegalArgumentException(
          "need 0 <= momentum < 1 and weight decay >= 0, got " + momentum + ", " + weightDecay);
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  /** Applies one update with the accumulated gradients and clears them. */
  public void step(List<Param> params, double lr) {
    for (Param p : params) {
      INDArray v =
          momentum > 0
              ? velocity.computeIfAbsent(p.name(), k -> p.value().ulike().assign(0))
              : null;
      SgdKernel.update(p, v, lr, momentum, nesterov, p.decay() ? weightDecay : 0);
    }
  }

  /** Copies of the momentum buffers by parameter name, for checkpoints. */
  public Map<String, INDArray> state() {
    Map<String, INDArray> copy = new LinkedHashMap<>();
    velocity.forEach((name, v) -> copy.put(name, v.dup()));
    return copy;
  }

  /** Replaces the momentum buffers with those of a checkpoint. */
  public void restore(Map<String, INDArray> state) {
    velocity.clear();
    state.forEach((name, v) -> velocity.put(name, v.dup()));
  }
}
