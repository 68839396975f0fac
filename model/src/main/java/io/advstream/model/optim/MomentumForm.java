package io.advstream.model.optim;

/**
 * Where SGD applies the learning rate relative to the momentum buffer. Under a constant rate both
 * forms take the same steps; under a changing one they part ways, because one buffer holds steps
 * already scaled by past rates.
 */
public enum MomentumForm {
  /**
   * PyTorch's: the buffer accumulates raw gradients and the current rate scales the whole step. v ←
   * μ·v + g; w ← w − lr·(g + μ·v) with Nesterov, else w ← w − lr·v.
   */
  PYTORCH,
  /**
   * DL4J's {@code Nesterovs} (Sutskever et al., 2013): the buffer accumulates steps scaled by the
   * rate of their own step. v ← μ·v − lr·g; w ← w − μ·v_prev + (1 + μ)·v with Nesterov, else w ← w
   * + v.
   */
  DL4J
}
