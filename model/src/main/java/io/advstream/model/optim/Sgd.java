package io.advstream.model.optim;

import io.advstream.model.nn.Param;
import io.advstream.model.nn.SgdKernel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with momentum, optional Nesterov, and weight decay on the parameters
 * that take it (not BN's): g ← ∇ + λ·w, then a momentum step in PyTorch's form unless told
 * otherwise (see {@link MomentumForm}).
 */
public final class Sgd {
  private final double momentum;
  private final boolean nesterov;
  private final double weightDecay;
  private final MomentumForm form;
  private final Map<String, INDArray> velocity = new LinkedHashMap<>();

  /** PyTorch's form. */
  public Sgd(double momentum, boolean nesterov, double weightDecay) {
    this(momentum, nesterov, weightDecay, MomentumForm.PYTORCH);
  }

  public Sgd(double momentum, boolean nesterov, double weightDecay, MomentumForm form) {
    if (momentum < 0 || momentum >= 1 || weightDecay < 0) {
      throw new IllegalArgumentException(
          "need 0 <= momentum < 1 and weight decay >= 0, got " + momentum + ", " + weightDecay);
    }
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
    this.form = form;
  }

  /** Applies one update with the accumulated gradients and clears them. */
  public void step(List<Param> params, double lr) {
    for (Param p : params) {
      INDArray v =
          momentum > 0
              ? velocity.computeIfAbsent(p.name(), k -> p.value().ulike().assign(0))
              : null;
      SgdKernel.update(p, v, lr, momentum, nesterov, p.decay() ? weightDecay : 0, form);
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
